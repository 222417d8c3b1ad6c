import { type z } from 'zod';
import { type apiKeyView, type sourceView } from './source-view.schema';

/** A sender of postbacks (a call centre, a dialer platform) as the admin API shows it. */
export type Source = z.output<typeof sourceView>;

/** An API key as listed: never the key itself, which is shown once at creation. */
export type ApiKeyInfo = z.output<typeof apiKeyView>;

/** What the intake path needs to know about the source behind a key. */
export interface IntakeSource extends Source {
  signing_secret_version: number | null;
}
