import { csrfTokenOf, newSessionId, openToken, sealToken, sessionKeyOf } from './session-secrets';

describe('console session secrets', () => {
  const token = 'admin-token-0123456789abcdef';

  it('seals the admin token so that only the session id opens it', () => {
    const id = newSessionId();
    const sealed = sealToken(id, token);
    expect(sealed).not.toContain(token);
    expect(sealed).not.toContain(id);
    expect(openToken(id, sealed)).toBe(token);
    expect(() => openToken(newSessionId(), sealed)).toThrow(/does not open/);
    expect(sealToken(id, token)).not.toBe(sealed); // a fresh nonce each time
  });

  it('stores a hash of the id, never the id, and derives a distinct CSRF token from it', () => {
    const id = newSessionId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(sessionKeyOf(id)).toBe(sessionKeyOf(id));
    expect(sessionKeyOf(id)).not.toContain(id);
    expect(csrfTokenOf(id)).toBe(csrfTokenOf(id));
    expect(new Set([id, sessionKeyOf(id), csrfTokenOf(id)]).size).toBe(3);
    expect(csrfTokenOf(newSessionId())).not.toBe(csrfTokenOf(id));
  });
});
