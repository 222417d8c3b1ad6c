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
 * patch omits keeps its stored value. Auth of the stored type keeps each secret the patch
 * leaves out (the page never holds one); auth of another type must bring its own. The result
 * is validated as a create is, so an edit is refused by field exactly as a create would be.
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
  return merged;
}

function patchedAuth(current: Endpoint['auth'], patch: unknown): unknown {
  if (patch === undefined) return current;
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return patch;
  const type = (patch as { type?: unknown }).type ?? current.type;
  return type === current.type ? { ...current, ...patch, type } : patch;
}
