import { proxyAccess } from './proxy-access';

describe('proxyAccess', () => {
  const session = { id: 's', adminToken: 'admin-token-123456', csrfToken: 'csrf-abc', expiresAt: Infinity };

  it('refuses every request without a session', () => {
    expect(proxyAccess(undefined, 'GET', undefined)).toMatchObject({ allowed: false, status: 401 });
    expect(proxyAccess(undefined, 'POST', 'csrf-abc')).toMatchObject({ allowed: false, status: 401 });
  });

  it('lets reads through with a session alone', () => {
    expect(proxyAccess(session, 'GET', undefined)).toEqual({ allowed: true });
    expect(proxyAccess(session, 'head', undefined)).toEqual({ allowed: true });
  });

  it.each(['POST', 'PATCH', 'DELETE', 'PUT'])('needs the CSRF token for %s', (method) => {
    expect(proxyAccess(session, method, undefined)).toMatchObject({ allowed: false, status: 403 });
    expect(proxyAccess(session, method, 'csrf-abd')).toMatchObject({
      allowed: false,
      error: 'csrf_token_invalid',
    });
    expect(proxyAccess(session, method, ['csrf-abc', 'csrf-abc'])).toMatchObject({ allowed: false });
    expect(proxyAccess(session, method, 'csrf-abc')).toEqual({ allowed: true });
  });
});
