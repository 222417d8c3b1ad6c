import { isoDate } from '@postback/api-docs';
import { z } from 'zod';

/** `GET /v1/calls/:callId`: what the call's events told, merged (null: no event told it yet). */
export const callView = z.object({
  call_id: z.string(),
  campaign_id: z.string(),
  publisher_id: z.string().nullable(),
  buyer_id: z.string().nullable(),
  click_id: z.string().nullable(),
  duration_seconds: z.number().int().nullable(),
  started_at: isoDate().nullable(),
  answered_at: isoDate().nullable(),
  ended_at: isoDate().nullable(),
  first_seen_at: isoDate(),
});

export type CallView = z.output<typeof callView>;
