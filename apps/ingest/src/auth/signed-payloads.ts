/** The parts of an intake request that a Standard Webhooks signature may cover. */
export interface RequestToSign {
  method: string;
  /** The request target as sent: path and query (`/v1/postback?call_id=…`). */
  url: string;
  host: string | undefined;
  rawBody: Buffer | undefined;
}

/**
 * What a signature over this request may sign, or null when part of the request could not be
 * covered. A GET signs its path and query: either exactly as in the request line, or the whole
 * URL as delivery signs outbound GETs (WHATWG serialisation, `https://host/v1/postback?…`; with
 * either scheme, since a TLS proxy may stand in front). A POST signs its raw body, so its query
 * may hold nothing but `api_key`: the body could not vouch for other parameters.
 */
export function signedPayloads(request: RequestToSign): string[] | Buffer[] | null {
  if (request.method === 'GET' || request.method === 'HEAD') {
    const absolute = ['https', 'http'].flatMap((scheme) => {
      try {
        return [new URL(request.url, `${scheme}://${request.host ?? 'localhost'}`).href];
      } catch {
        return [];
      }
    });
    return [request.url, ...absolute];
  }
  const query = new URLSearchParams(request.url.split('?', 2)[1] ?? '');
  query.delete('api_key');
  if (query.size > 0) return null;
  return [request.rawBody ?? Buffer.alloc(0)];
}
