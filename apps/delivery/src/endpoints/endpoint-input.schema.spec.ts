import { toFieldErrors } from '@postback/http';
import { endpointInputSchema } from './endpoint-input.schema';

describe('endpointInputSchema', () => {
  it('fills the documented defaults', () => {
    const parsed = endpointInputSchema.parse({
      name: 'client',
      url_template: 'https://client.test/pb?c={call_id}',
    });
    expect(parsed).toMatchObject({
      method: 'GET',
      headers: {},
      body_template: null,
      scope: { type: 'global', id: null },
      filter: { types: ['conversion', 'partial', 'micro'], min_value: null, upgrades: true, reversals: true },
    });
  });

  it('refuses an unknown macro when the endpoint is saved, naming field and position', () => {
    const result = endpointInputSchema.safeParse({ name: 'x', url_template: 'https://c.test/?v={value}' });
    expect(toFieldErrors(result.error!)).toEqual([
      { field: 'url_template', problem: 'unknown macro "value" at position 18' },
    ]);
  });

  it('requires an absolute http(s) URL and a known method', () => {
    const result = endpointInputSchema.safeParse({
      name: 'x',
      url_template: 'ftp://c.test/{call_id}',
      method: 'DELETE',
    });
    expect(toFieldErrors(result.error!)).toEqual([
      { field: 'url_template', problem: 'must be an absolute http(s) URL' },
      { field: 'method', problem: 'must be GET, POST or PUT' },
    ]);
  });

  it('requires a scope id for scoped endpoints', () => {
    const result = endpointInputSchema.safeParse({
      name: 'x',
      url_template: 'https://c.test/',
      scope: { type: 'campaign' },
    });
    expect(toFieldErrors(result.error!)[0].field).toBe('scope.id');
  });

  const base = { name: 'x', url_template: 'https://c.test/' };
  const problems = (input: Record<string, unknown>) =>
    toFieldErrors(endpointInputSchema.safeParse({ ...base, ...input }).error!);

  it('defaults to no auth, a plain 2xx success rule and empty missing macros', () => {
    expect(endpointInputSchema.parse(base)).toMatchObject({
      auth: { type: 'none' },
      success: { body_pattern: null },
      missing_macro: 'empty',
    });
  });

  it.each([
    [{ type: 'header', name: 'X-Api-Key', value: 'k' }],
    [{ type: 'basic', username: 'u', password: 'p' }],
    [{ type: 'standard_webhooks', secrets: ['whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'] }],
    [
      {
        type: 'standard_webhooks',
        secrets: [
          'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
          'whsec_' + Buffer.from('second signing key').toString('base64'),
        ],
      },
    ],
  ])('accepts auth %p', (auth) => {
    expect(endpointInputSchema.parse({ ...base, auth }).auth).toEqual(auth);
  });

  it.each([
    [{ type: 'oauth' }, 'auth.type', /none, header, basic or standard_webhooks/],
    [{ type: 'standard_webhooks', secrets: [] }, 'auth.secrets', /one secret/],
    [{ type: 'standard_webhooks', secrets: ['not-a-secret'] }, 'auth.secrets[0]', /whsec_/],
    [
      { type: 'standard_webhooks', secrets: Array(3).fill('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw') },
      'auth.secrets',
      /at most two/,
    ],
    [{ type: 'basic', username: 'a:b', password: 'p' }, 'auth.username', /":"/],
    [{ type: 'header', name: 'X Api', value: 'k' }, 'auth.name', /letters, digits/],
  ])('refuses auth %p naming %s', (auth, field, problem) => {
    expect(problems({ auth })).toEqual([{ field, problem: expect.stringMatching(problem) }]);
  });

  it('refuses an invalid body pattern and an unknown missing-macro choice', () => {
    expect(problems({ success: { body_pattern: '(' }, missing_macro: 'skip' })).toEqual([
      { field: 'missing_macro', problem: 'must be empty or fail' },
      {
        field: 'success.body_pattern',
        problem: 'is not a valid RE2 regular expression: missing closing ): `(`',
      },
    ]);
  });

  it('refuses a header template with an unknown macro or text that cannot be sent, naming the header', () => {
    expect(
      problems({ headers: { 'X-Note': '{nope}', 'X-Bad': 'a\u0001b', 'X-Ok': 'n={custom.note}' } }),
    ).toEqual([
      { field: 'headers.X-Note', problem: 'unknown macro "nope" at position 0' },
      { field: 'headers.X-Bad', problem: 'value contains a control character (U+0001)' },
    ]);
    expect(problems({ auth: { type: 'header', name: 'X-Key', value: 'k\u0000' } })).toEqual([
      { field: 'auth.value', problem: 'must be printable ASCII text' },
    ]);
  });

  it('refuses a body pattern RE2 cannot run (lookaround), naming the field', () => {
    expect(problems({ success: { body_pattern: 'ok(?=1)' } })).toEqual([
      {
        field: 'success.body_pattern',
        problem: 'is not a valid RE2 regular expression: invalid or unsupported Perl syntax: `(?=`',
      },
    ]);
  });
});

describe('endpointInputSchema: per-endpoint limits', () => {
  const base = { name: 'client', url_template: 'https://client.test/pb?c={call_id}' };

  it('defaults to the service defaults (null) and keeps limits given', () => {
    expect(endpointInputSchema.parse(base)).toMatchObject({
      rate_limit_per_second: null,
      max_in_flight: null,
    });
    expect(
      endpointInputSchema.parse({ ...base, rate_limit_per_second: 2.5, max_in_flight: 3 }),
    ).toMatchObject({
      rate_limit_per_second: 2.5,
      max_in_flight: 3,
    });
  });

  it('refuses limits that are not positive, not whole or not numbers, naming the field', () => {
    const result = endpointInputSchema.safeParse({ ...base, rate_limit_per_second: 0, max_in_flight: 1.5 });
    expect(toFieldErrors(result.error!)).toEqual([
      { field: 'rate_limit_per_second', problem: 'must be above 0 (null for the default)' },
      { field: 'max_in_flight', problem: 'must be a whole number' },
    ]);
    const typed = endpointInputSchema.safeParse({ ...base, max_in_flight: '10' });
    expect(toFieldErrors(typed.error!)).toEqual([
      { field: 'max_in_flight', problem: 'must be a whole number of requests, or null for the default' },
    ]);
  });
});

describe('endpointInputSchema: backup endpoint', () => {
  const base = { name: 'client', url_template: 'https://client.test/pb?c={call_id}' };

  it('has no backup by default, and keeps one given with its threshold', () => {
    expect(endpointInputSchema.parse(base)).toMatchObject({ backup_url_template: null });
    expect(
      endpointInputSchema.parse({
        ...base,
        backup_url_template: 'https://backup.test/pb?c={call_id}',
        backup_after_failures: 3,
      }),
    ).toMatchObject({ backup_url_template: 'https://backup.test/pb?c={call_id}', backup_after_failures: 3 });
  });

  it('validates the backup URL as the primary (macros with their position, http(s)), naming the field', () => {
    const result = endpointInputSchema.safeParse({
      ...base,
      backup_url_template: 'ftp://backup.test/{nope}',
      backup_after_failures: 0,
    });
    expect(toFieldErrors(result.error!)).toEqual([
      { field: 'backup_url_template', problem: 'unknown macro "nope" at position 18' },
      { field: 'backup_url_template', problem: 'must be an absolute http(s) URL' },
      { field: 'backup_after_failures', problem: 'must be at least 1' },
    ]);
  });
});
