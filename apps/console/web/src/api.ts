/** The console's one way to the admin APIs: through its own origin, the session cookie and CSRF token. */
export type Service = 'ingest' | 'rules' | 'delivery';

export interface FieldError {
  field: string;
  problem: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly fields: FieldError[] = [],
  ) {
    super(message);
  }

  /** The problem with one field, to show beside it. */
  fieldProblem(field: string): string | undefined {
    return this.fields.find((f) => f.field === field || f.field.startsWith(`${field}.`))?.problem;
  }
}

export interface SessionInfo {
  csrf_token: string;
  ingest_url: string;
}

let csrfToken = '';
let onSignedOut: () => void = () => undefined;

export function setCsrfToken(token: string): void {
  csrfToken = token;
}

export function whenSignedOut(handler: () => void): void {
  onSignedOut = handler;
}

/** A body sent as it is (a file), with its own content type, instead of as JSON. */
interface RawBody {
  raw: Blob;
  contentType: string;
}

async function call<T>(url: string, method: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (method !== 'GET') headers['x-csrf-token'] = csrfToken;
  const raw = body instanceof Object && 'raw' in body ? (body as RawBody) : undefined;
  if (body !== undefined) headers['content-type'] = raw ? raw.contentType : 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    body: raw ? raw.raw : body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin',
  });
  const text = await response.text();
  const data = text ? JSON.parse(text) : undefined;
  if (!response.ok) {
    if (response.status === 401 && !url.startsWith('session')) onSignedOut();
    throw new ApiError(response.status, data?.message ?? `HTTP ${response.status}`, data?.fields ?? []);
  }
  return data as T;
}

/** `?a=1&b=2` of the given parameters, empty ones left out. */
function queryOf(query: Record<string, string | undefined>): string {
  const params = new URLSearchParams(
    Object.entries(query).filter((entry): entry is [string, string] => !!entry[1]),
  ).toString();
  return params ? `?${params}` : '';
}

export const api = {
  get: <T>(service: Service, path: string, query: Record<string, string | undefined> = {}) =>
    call<T>(`api/${service}${path}${queryOf(query)}`, 'GET'),
  /** A file as the body (a CSV report), the parameters in the query string. */
  upload: <T>(
    service: Service,
    path: string,
    query: Record<string, string | undefined>,
    file: Blob,
    contentType: string,
  ) =>
    call<T>(`api/${service}${path}${queryOf(query)}`, 'POST', { raw: file, contentType } satisfies RawBody),
  post: <T>(service: Service, path: string, body?: unknown) =>
    call<T>(`api/${service}${path}`, 'POST', body ?? {}),
  patch: <T>(service: Service, path: string, body: unknown) =>
    call<T>(`api/${service}${path}`, 'PATCH', body),
  delete: <T>(service: Service, path: string) => call<T>(`api/${service}${path}`, 'DELETE'),
  session: {
    current: () => call<SessionInfo>('session', 'GET'),
    signIn: (token: string) => call<SessionInfo>('session', 'POST', { token }),
    signOut: () => call<void>('session', 'DELETE'),
  },
};
