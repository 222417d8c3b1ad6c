import { listOf } from './postback-url';

export const DECISION_TYPES = ['conversion', 'partial', 'micro', 'service', 'none'] as const;
export type AuthType = 'none' | 'header' | 'basic' | 'standard_webhooks';

/** The endpoint form as typed: secrets included, which only ever travel to the API. */
export interface EndpointDraft {
  name: string;
  method: string;
  urlTemplate: string;
  bodyTemplate: string;
  headers: string;
  auth: { type: AuthType; name: string; value: string; username: string; password: string; secrets: string };
  types: string[];
  minValue: string;
  upgrades: boolean;
  reversals: boolean;
}

export const emptyDraft = (urlTemplate: string): EndpointDraft => ({
  name: '',
  method: 'GET',
  urlTemplate,
  bodyTemplate: '',
  headers: '',
  auth: { type: 'none', name: 'X-Api-Key', value: '', username: '', password: '', secrets: '' },
  types: ['conversion', 'partial', 'micro'],
  minValue: '',
  upgrades: true,
  reversals: true,
});

/** An endpoint as delivery returns it: auth without its secrets (the API never returns one). */
export interface SavedEndpoint {
  id: string;
  name: string;
  url_template: string;
  method: string;
  headers: Record<string, string>;
  body_template: string | null;
  filter: { types: string[]; min_value: string | null; upgrades: boolean; reversals: boolean };
  auth: { type: AuthType; name?: string; username?: string; secrets?: number };
  active: boolean;
  disabled_reason: string | null;
}

/** The form filled with a saved endpoint, to edit it: every secret empty (empty keeps the stored one). */
export function draftOf(endpoint: SavedEndpoint): EndpointDraft {
  const empty = emptyDraft(endpoint.url_template);
  return {
    ...empty,
    name: endpoint.name,
    method: endpoint.method,
    bodyTemplate: endpoint.body_template ?? '',
    headers: Object.entries(endpoint.headers)
      .map(([name, value]) => `${name}: ${value}`)
      .join('\n'),
    auth: {
      ...empty.auth,
      type: endpoint.auth.type,
      name: endpoint.auth.name ?? empty.auth.name,
      username: endpoint.auth.username ?? '',
    },
    types: endpoint.filter.types,
    minValue: endpoint.filter.min_value ?? '',
    upgrades: endpoint.filter.upgrades,
    reversals: endpoint.filter.reversals,
  };
}

/** "Name: value" per line → headers; a line without ":" is sent as a name, for the API to judge. */
export function headersOf(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const colon = line.indexOf(':');
    if (colon < 0) headers[line.trim()] = '';
    else headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** `{key: value}`, or nothing when the secret is left empty and the stored one is kept. */
const secret = (key: string, value: unknown, keep: boolean, empty: boolean) =>
  keep && empty ? {} : { [key]: value };

/** The auth as the API takes it; with `keep`, a secret left empty is left out (the stored one stays). */
function authOf(auth: EndpointDraft['auth'], keep = false): Record<string, unknown> {
  switch (auth.type) {
    case 'header':
      return { type: 'header', name: auth.name, ...secret('value', auth.value, keep, !auth.value) };
    case 'basic':
      return {
        type: 'basic',
        username: auth.username,
        ...secret('password', auth.password, keep, !auth.password),
      };
    case 'standard_webhooks': {
      const secrets = listOf(auth.secrets);
      return { type: 'standard_webhooks', ...secret('secrets', secrets, keep, secrets.length === 0) };
    }
    default:
      return { type: 'none' };
  }
}

/**
 * What `POST /v1/endpoints` (and its preview) takes; a GET sends no body, so none is given.
 * With `keepAuth` (editing an endpoint whose stored auth is of that type), a secret left empty is
 * left out, which `PATCH /v1/endpoints/:id` reads as "keep the stored one".
 */
export function endpointBody(draft: EndpointDraft, keepAuth?: AuthType): Record<string, unknown> {
  return {
    ...(draft.name.trim() ? { name: draft.name } : {}),
    method: draft.method,
    url_template: draft.urlTemplate,
    headers: headersOf(draft.headers),
    body_template: draft.method !== 'GET' && draft.bodyTemplate ? draft.bodyTemplate : null,
    filter: {
      types: draft.types,
      min_value: draft.minValue.trim() || null,
      upgrades: draft.upgrades,
      reversals: draft.reversals,
    },
    auth: authOf(draft.auth, draft.auth.type === keepAuth),
  };
}

/** Stand-ins for secrets kept on the server: the preview redacts credentials, so none shows. */
const STAND_INS: Record<string, unknown> = {
  value: 'stored-secret',
  password: 'stored-secret',
  secrets: ['whsec_c3RvcmVkLXNlY3JldC1zdGFuZC1pbg=='],
};

/** An edit's body as the preview takes it (a whole endpoint): a kept secret is given a stand-in. */
export function previewBody(body: Record<string, unknown>): Record<string, unknown> {
  const auth = body.auth as Record<string, unknown>;
  const needs = { header: 'value', basic: 'password', standard_webhooks: 'secrets' }[String(auth.type)];
  return needs && !(needs in auth) ? { ...body, auth: { ...auth, [needs]: STAND_INS[needs] } } : body;
}
