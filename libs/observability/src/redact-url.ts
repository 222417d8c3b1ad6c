/** Query parameters whose values never reach a log line. */
const SECRET_PARAMS = new Set(['api_key', 'apikey', 'token', 'access_token', 'signature', 'secret']);

/** The URL as it may be logged: secret query values replaced, everything else kept. */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const name = decodeURIComponent(pair.split('=')[0].replace(/\+/g, ' ')).toLowerCase();
      return SECRET_PARAMS.has(name) ? `${pair.split('=')[0]}=[redacted]` : pair;
    })
    .join('&');
  return `${url.slice(0, at)}?${query}`;
}
