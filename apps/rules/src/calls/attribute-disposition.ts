import { type Attribution } from '@postback/contracts';

/** What call events told us about one call. */
export interface CallState {
  call_id: string;
  campaign_id: string;
  publisher_id: string | null;
  buyer_id: string | null;
  click_id: string | null;
  duration_seconds: number | null;
  started_at: Date | null;
  first_seen_at: Date;
}

/** The campaign terms attribution needs. */
export interface CampaignTerms {
  id: string;
  value: string;
  currency: string;
  attribution_window_seconds: number | null;
}

export interface AttributedCall {
  attribution: Attribution;
  campaign_id: string | null;
  publisher_id: string | null;
  buyer_id: string | null;
  click_id: string | null;
  duration_seconds: number | null;
  /** The campaign's full value, when the disposition is attributed to a configured campaign. */
  campaign_value: string | null;
  campaign_currency: string | null;
}

const UNMATCHED: AttributedCall = {
  attribution: 'unmatched',
  campaign_id: null,
  publisher_id: null,
  buyer_id: null,
  click_id: null,
  duration_seconds: null,
  campaign_value: null,
  campaign_currency: null,
};

/**
 * Joins a disposition to its call. Unknown call → unmatched. A disposition later than the
 * campaign's attribution window after the call started (or was first seen) is unmatched too:
 * it is decided as if the call were unknown, so no campaign, buyer or publisher rule applies.
 * A known call whose campaign is not configured is matched, without a campaign value.
 */
export function attributeDisposition(
  occurredAt: Date,
  call: CallState | null,
  campaign: CampaignTerms | null,
): AttributedCall {
  if (!call) return UNMATCHED;
  const terms = campaign && campaign.id === call.campaign_id ? campaign : null;
  const window = terms?.attribution_window_seconds ?? null;
  const start = call.started_at ?? call.first_seen_at;
  if (window !== null && occurredAt.getTime() - start.getTime() > window * 1000) return UNMATCHED;
  return {
    attribution: 'matched',
    campaign_id: call.campaign_id,
    publisher_id: call.publisher_id,
    buyer_id: call.buyer_id,
    click_id: call.click_id,
    duration_seconds: call.duration_seconds,
    campaign_value: terms?.value ?? null,
    campaign_currency: terms?.currency ?? null,
  };
}
