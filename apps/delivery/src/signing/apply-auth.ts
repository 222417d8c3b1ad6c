import { webhookSignatures } from '@postback/webhooks';
import { type OutboundRequest } from '../deliveries/render-request';
import { type EndpointAuth } from '../endpoints/endpoint';

/**
 * The request with the endpoint's auth applied. Signatures are computed per attempt (fresh
 * timestamp, same webhook-id). What is signed: the body for POST/PUT, and for GET the canonical
 * URL — the WHATWG serialisation, which is also exactly what is sent.
 */
export function applyAuth(request: OutboundRequest, auth: EndpointAuth, nowSeconds: number): OutboundRequest {
  const headers = { ...request.headers };
  const url = new URL(request.url).href;
  switch (auth.type) {
    case 'header':
      headers[auth.name.toLowerCase()] = auth.value;
      break;
    case 'basic':
      headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;
      break;
    case 'standard_webhooks': {
      const id = headers['webhook-id'];
      const payload = request.method === 'GET' ? url : (request.body ?? '');
      headers['webhook-timestamp'] = String(nowSeconds);
      headers['webhook-signature'] = webhookSignatures(auth.secrets, id, nowSeconds, payload);
      break;
    }
    default:
      break;
  }
  return { ...request, url, headers };
}

const REDACTED = '[redacted]';

/** Headers as they may be stored and shown: credentials and signatures replaced. */
export function redactHeaders(headers: Record<string, string>, auth: EndpointAuth): Record<string, string> {
  const secret = new Set(['authorization', 'proxy-authorization', 'webhook-signature']);
  if (auth.type === 'header') secret.add(auth.name.toLowerCase());
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [name, secret.has(name.toLowerCase()) ? REDACTED : value]),
  );
}
