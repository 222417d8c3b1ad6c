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

function authOf(auth: EndpointDraft['auth']): Record<string, unknown> {
  switch (auth.type) {
    case 'header':
      return { type: 'header', name: auth.name, value: auth.value };
    case 'basic':
      return { type: 'basic', username: auth.username, password: auth.password };
    case 'standard_webhooks':
      return { type: 'standard_webhooks', secrets: listOf(auth.secrets) };
    default:
      return { type: 'none' };
  }
}

/** What `POST /v1/endpoints` (and its preview) takes; a GET sends no body, so none is given. */
export function endpointBody(draft: EndpointDraft): Record<string, unknown> {
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
    auth: authOf(draft.auth),
  };
}
