import { type Endpoint } from './endpoint';

/** Where an attempt goes: the endpoint's own URL, or its backup. */
export type Target = 'primary' | 'backup';

/**
 * The target of a delivery's next attempt, or `wait` when there is none to try now: the backup
 * once the primary has failed the delivery `backup_after_failures` times (every attempt so far
 * failed, or the delivery would be over), and while the primary's circuit is open; the primary
 * otherwise. Without a backup, an open circuit means waiting.
 */
export function chooseTarget(
  endpoint: Pick<Endpoint, 'backup_url_template' | 'backup_after_failures'>,
  attemptsSoFar: number,
  circuitOpen: boolean,
): Target | 'wait' {
  if (endpoint.backup_url_template === null) return circuitOpen ? 'wait' : 'primary';
  if (circuitOpen || attemptsSoFar >= (endpoint.backup_after_failures ?? 1)) return 'backup';
  return 'primary';
}

/** The endpoint as the target sees it: the backup's URL, everything else the same (auth too). */
export function endpointFor(endpoint: Endpoint, target: Target): Endpoint {
  if (target === 'primary' || endpoint.backup_url_template === null) return endpoint;
  return { ...endpoint, url_template: endpoint.backup_url_template };
}
