import { type Endpoint, type EndpointAuth } from './endpoint';
import { type PublicAuth, type PublicEndpoint } from './endpoint-view.schema';

export type { PublicAuth, PublicEndpoint } from './endpoint-view.schema';

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
