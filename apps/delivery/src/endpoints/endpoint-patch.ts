import { type FieldError } from '@postback/http';
import { type Endpoint } from './endpoint';
import { endpointInputSchema } from './endpoint-input.schema';

/** The fields `PATCH /v1/endpoints/:id` may change: every field `POST` takes, nothing else. */
const EDITABLE = new Set(Object.keys(endpointInputSchema.shape));

/** What the body of a patch may not be: anything but an object of known fields. */
export function patchProblems(patch: unknown): FieldError[] {
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    return [{ field: '(body)', problem: 'must be an object of the fields to change' }];
  }
  return Object.keys(patch)
    .filter((field) => !EDITABLE.has(field))
    .map((field) => ({
      field,
      problem:
        field === 'active'
          ? 'cannot be changed by an edit (POST /v1/endpoints/:id/enable puts it back into delivery)'
          : 'is not a field of an endpoint',
    }));
}

/**
 * The endpoint as `POST /v1/endpoints` would take it, with the patch laid over it: what the
 * patch omits keeps its stored value; `filter` and `success` are merged field by field, while
 * `headers` (a map whose entries an edit may remove) is replaced whole. Auth of the stored type
 * keeps each secret the patch leaves out (the page never holds one); auth of another type must
 * bring its own. The result is validated as a create is, so an edit is refused by field exactly
 * as a create would be.
 */
export function patchedInput(current: Endpoint, patch: Record<string, unknown>): Record<string, unknown> {
  const input: Record<string, unknown> = {
    name: current.name,
    url_template: current.url_template,
    method: current.method,
    headers: current.headers,
    body_template: current.body_template,
    scope: current.scope,
    filter: current.filter,
    auth: current.auth,
    missing_macro: current.missing_macro,
    success: current.success,
    rate_limit_per_second: current.rate_limit_per_second,
    max_in_flight: current.max_in_flight,
    backup_url_template: current.backup_url_template,
    ...(current.backup_after_failures === null
      ? {}
      : { backup_after_failures: current.backup_after_failures }),
  };
  const merged = { ...input, ...patch };
  merged.auth = patchedAuth(current.auth, patch.auth);
  merged.filter = mergedObject(current.filter, patch.filter);
  merged.success = mergedObject(current.success, patch.success);
  return merged;
}

/**
 * A stored secret goes only where it was given for: an edit that keeps one (leaves it out of
 * `auth`) may not send it to another host (a new origin of `url_template` or
 * `backup_url_template`) nor under another header name or user name — or whoever can edit
 * could repoint the endpoint and test-fire it to collect the secret. Such an edit must give
 * the secret again.
 */
export function keptSecretProblems(current: Endpoint, patch: Record<string, unknown>): FieldError[] {
  const auth = current.auth;
  if (auth.type === 'none' || !keepsSecret(auth, patch.auth)) return [];
  const given = (patch.auth ?? {}) as Record<string, unknown>;
  const allowed = new Set([originOf(current.url_template), originOf(current.backup_url_template)]);
  const targets = [patch.url_template, patch.backup_url_template].filter(
    (value): value is string => typeof value === 'string',
  );
  const again = (why: string) => [{ field: 'auth', problem: `must give its secret again: ${why}` }];
  if (targets.some((template) => !allowed.has(originOf(template))))
    return again('the edit sends it to another host');
  if (auth.type === 'header' && given.name !== undefined && given.name !== auth.name)
    return again('the edit renames its header');
  if (auth.type === 'basic' && given.username !== undefined && given.username !== auth.username)
    return again('the edit changes its user name');
  return [];
}

/** The stored auth's secret stays: the patch leaves auth out, or gives the same type without the secret. */
function keepsSecret(current: Exclude<Endpoint['auth'], { type: 'none' }>, patch: unknown): boolean {
  if (patch === undefined) return true;
  if (typeof patch !== 'object' || patch === null) return false;
  const given = patch as Record<string, unknown>;
  if ((given.type ?? current.type) !== current.type) return false;
  const secretField = { header: 'value', basic: 'password', standard_webhooks: 'secrets' }[current.type];
  return given[secretField] === undefined;
}

/** scheme://host[:port] of a URL template, lower-cased ('' for none or one without a scheme). */
function originOf(template: string | null): string {
  return /^\s*([a-z][a-z0-9+.-]*:\/\/[^/?#]*)/i.exec(template ?? '')?.[1].toLowerCase() ?? '';
}

function mergedObject(current: object | null, patch: unknown): unknown {
  const plain = (value: unknown) => typeof value === 'object' && value !== null && !Array.isArray(value);
  return plain(current) && plain(patch)
    ? { ...current, ...(patch as object) }
    : patch === undefined
      ? current
      : patch;
}

function patchedAuth(current: Endpoint['auth'], patch: unknown): unknown {
  if (patch === undefined) return current;
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const type = (patch as { type?: unknown }).type ?? current.type;
  return type === current.type ? { ...current, ...patch, type } : patch;
}
