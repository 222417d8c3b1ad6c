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
});
