/** The parts of a run `--only=` may name. */
export const PARTS = ['ceilings', 'delivery', 'fanout', 'e2e', 'soak', 'scale', 'ingest'] as const;
export type Part = (typeof PARTS)[number];

export interface Options {
  profile: 'full' | 'quick';
  keepStack: boolean;
  /** Minutes of the soak at 1,000/s; null when there is none (no `--soak`, or the quick profile). */
  soakMinutes: number | null;
  /** `--only=…`: a partial run (its result goes to bench/tmp/); null runs every part. */
  only: Part[] | null;
}

const SOAK_MINUTES = 10;

/**
 * `[--quick] [--keep-stack] [--soak] [--soak-minutes=N] [--only=part,…]`. `--soak-minutes`
 * shortens the soak while working on it (any positive number; the default stays 10).
 * Anything else is an error naming the option.
 */
export function parseOptions(args: string[]): Options {
  const options: Options = { profile: 'full', keepStack: false, soakMinutes: null, only: null };
  let soak = false;
  let minutes = SOAK_MINUTES;
  for (const arg of args) {
    const [name, value] = arg.includes('=')
      ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)]
      : [arg, null];
    if (name === '--quick' && value === null) options.profile = 'quick';
    else if (name === '--keep-stack' && value === null) options.keepStack = true;
    else if (name === '--soak' && value === null) soak = true;
    else if (name === '--soak-minutes' && value !== null) {
      minutes = Number(value);
      if (value.trim() === '' || !Number.isFinite(minutes) || minutes <= 0)
        throw new Error(`--soak-minutes must be a positive number of minutes, not "${value}"`);
    } else if (name === '--only' && value !== null) {
      const parts = value.split(',');
      const unknown = parts.filter((part) => !(PARTS as readonly string[]).includes(part));
      if (unknown.length > 0 || parts.length === 0)
        throw new Error(`--only takes ${PARTS.join(', ')}; unknown: ${unknown.join(', ') || '(none given)'}`);
      options.only = parts as Part[];
    } else throw new Error(`unknown option ${arg}`);
  }
  // The soak is a full-profile run only: `--soak` in a whole run, or named in `--only`.
  const soakWanted = options.only === null ? soak : options.only.includes('soak');
  if (soakWanted && options.profile === 'full') options.soakMinutes = minutes;
  return options;
}

/** Whether a run with these options includes the part. */
export const runs = (options: Options, part: Part): boolean =>
  part === 'soak' ? options.soakMinutes !== null : options.only === null || options.only.includes(part);
