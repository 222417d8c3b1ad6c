import { type Endpoint, type EndpointAuth } from './endpoint';

/** What the API shows of an endpoint's auth: its kind and non-secret parts, never a secret. */
export type PublicAuth =
  | { type: 'none' }
  | { type: 'header'; name: string }
  | { type: 'basic'; username: string }
  | { type: 'standard_webhooks'; secrets: number };

export type PublicEndpoint = Omit<Endpoint, 'auth'> & { auth: PublicAuth };

export function publicAuth(auth: EndpointAuth): PublicAuth {
  switch (auth.type) {
    case 'header':
      return { type: 'header', name: auth.name };
    case 'basic':
      return { type: 'basic', username: auth.username };
    case 'standard_webhooks':
      return { type: 'standard_webhooks', secrets: auth.secrets.length };
    default:
      return { type: 'none' };
  }
}

export function publicEndpoint(endpoint: Endpoint): PublicEndpoint {
  return { ...endpoint, auth: publicAuth(endpoint.auth) };
}
