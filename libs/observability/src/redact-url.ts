import { isPhoneField, maskPhone } from './mask-phone';

/** Parameter names whose values never reach a log line or a stored URL (compared lower-cased). */
export const SECRET_PARAMETERS = new Set([
  'api_key',
  'apikey',
  'api-key',
  'key',
  'token',
  'access_token',
  'auth',
  'authorization',
  'password',
  'passwd',
  'secret',
  'client_secret',
  'signature',
  'sig',
]);

export function isSecretParameter(name: string): boolean {
  return SECRET_PARAMETERS.has(name.trim().toLowerCase());
}

function decodedName(pair: string): string {
  const raw = pair.split('=')[0].replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw; // malformed escapes: compare as sent rather than fail the caller
  }
}

function decodedValue(pair: string): string {
  const raw = pair.slice(pair.indexOf('=') + 1).replace(/\+/g, ' ');
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function redactPair(pair: string): string {
  const name = decodedName(pair);
  if (isSecretParameter(name)) return `${pair.split('=')[0]}=[redacted]`;
  if (isPhoneField(name) && pair.includes('='))
    return `${pair.split('=')[0]}=${maskPhone(decodedValue(pair))}`;
  return pair;
}

/**
 * The URL as it may be logged or stored: user:password and secret query values replaced,
 * phone numbers (caller, ani…) reduced to their last two digits.
 */
export function redactUrl(url: string): string {
  const withoutUserInfo = url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#@]*@/i, '$1[redacted]@');
  const at = withoutUserInfo.indexOf('?');
  if (at < 0) return withoutUserInfo;
  const query = withoutUserInfo
    .slice(at + 1)
    .split('&')
    .map(redactPair)
    .join('&');
  return `${withoutUserInfo.slice(0, at)}?${query}`;
}
