import { type Endpoint } from './endpoint';
import { endpointInputSchema } from './endpoint-input.schema';
import { keptSecretProblems, patchProblems, patchedInput } from './endpoint-patch';

describe('an endpoint patch', () => {
  const current: Endpoint = {
    id: '00000000-0000-4000-8000-000000000001',
    name: 'CRM',
    url_template: 'https://crm.example/p?c={call_id}',
    method: 'POST',
    headers: { 'X-Team': 'a' },
    body_template: '{"v":"{conversion_value}"}',
    scope: { type: 'campaign', id: 'c1' },
    filter: { types: ['conversion'], min_value: '5', upgrades: true, reversals: false },
    auth: { type: 'basic', username: 'acme', password: 'kept-password' },
    success: { body_pattern: 'ok' },
    missing_macro: 'fail',
    active: false,
    disabled_reason: 'circuit open',
    rate_limit_per_second: 3,
    max_in_flight: null,
    backup_url_template: null,
    backup_after_failures: null,
  };
  const parse = (patch: Record<string, unknown>) =>
    endpointInputSchema.safeParse(patchedInput(current, patch));

  it('keeps what the patch leaves out and takes what it gives', () => {
    const result = parse({ name: 'CRM 2', method: 'GET' });
    expect(result.success).toBe(true);
    expect(result.data).toMatchObject({
      name: 'CRM 2',
      method: 'GET',
      url_template: current.url_template,
      headers: current.headers,
      scope: current.scope,
      filter: current.filter,
      success: current.success,
      missing_macro: 'fail',
      rate_limit_per_second: 3,
      auth: current.auth,
    });
  });

  it('keeps each secret left out of auth of the stored type, and takes a secret given', () => {
    expect(parse({ auth: { type: 'basic', username: 'acme2' } }).data?.auth).toEqual({
      type: 'basic',
      username: 'acme2',
      password: 'kept-password',
    });
    expect(parse({ auth: { username: 'acme3' } }).data?.auth).toMatchObject({ password: 'kept-password' });
    expect(parse({ auth: { type: 'basic', username: 'a', password: 'new' } }).data?.auth).toMatchObject({
      password: 'new',
    });
  });

  it('asks auth of another type for its own secret, by field', () => {
    const result = parse({ auth: { type: 'header', name: 'X-Key' } });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['auth.value']);
  });

  it('refuses a bad value as a create would, naming the field', () => {
    const result = parse({ url_template: 'https://crm.example/p?c={cal_id}' });
    expect(result.error?.issues[0]).toMatchObject({
      path: ['url_template'],
      message: 'unknown macro "cal_id" at position 24',
    });
  });

  it('takes only the fields a create takes, and only as an object', () => {
    expect(patchProblems({ name: 'x', filter: {} })).toEqual([]);
    expect(patchProblems({ active: true, id: 'x' }).map((p) => p.field)).toEqual(['active', 'id']);
    expect(patchProblems([])).toEqual([
      { field: '(body)', problem: 'must be an object of the fields to change' },
    ]);
    expect(patchProblems(null)).toHaveLength(1);
  });

  it('keeps a backup and its threshold, and leaves the threshold to its default without one', () => {
    const withBackup = { ...current, backup_url_template: 'https://b.example/p', backup_after_failures: 4 };
    expect(patchedInput(withBackup, {})).toMatchObject({ backup_after_failures: 4 });
    expect(patchedInput(current, {})).not.toHaveProperty('backup_after_failures');
  });

  it('merges filter and success field by field, and replaces headers whole', () => {
    const result = parse({ filter: { min_value: '10' }, headers: { 'X-Other': 'b' } });
    expect(result.data?.filter).toEqual({ ...current.filter, min_value: '10' });
    expect(result.data?.headers).toEqual({ 'X-Other': 'b' });
    expect(parse({ success: { body_pattern: null } }).data?.success).toEqual({ body_pattern: null });
  });

  it('never lets a kept secret follow the endpoint to another host, header or user name', () => {
    const problem = (patch: Record<string, unknown>, from: Endpoint = current) =>
      keptSecretProblems(from, patch).map((p) => `${p.field} ${p.problem}`);
    expect(problem({ url_template: 'https://attacker.example/x?c={call_id}' })).toEqual([
      'auth must give its secret again: the edit sends it to another host',
    ]);
    expect(problem({ backup_url_template: 'https://attacker.example/b' })).toHaveLength(1);
    expect(problem({ url_template: 'HTTPS://CRM.example/other?c={call_id}' })).toEqual([]);
    expect(problem({ auth: { username: 'someone-else' } })).toEqual([
      'auth must give its secret again: the edit changes its user name',
    ]);
    const header = { ...current, auth: { type: 'header', name: 'X-Key', value: 'k' } } as Endpoint;
    expect(problem({ auth: { name: 'X-Other' } }, header)).toEqual([
      'auth must give its secret again: the edit renames its header',
    ]);
    // Given again, or none to keep: the edit goes through.
    expect(problem({ url_template: 'https://b.example/x', auth: { password: 'p2' } })).toEqual([]);
    expect(problem({ url_template: 'https://b.example/x', auth: { type: 'none' } })).toEqual([]);
    const none = { ...current, auth: { type: 'none' } } as Endpoint;
    expect(problem({ url_template: 'https://b.example/x' }, none)).toEqual([]);
  });
});
