import { type Disposition } from '@postback/contracts';
import { type AttributedCall } from '../calls/attribute-disposition';

/** Everything the evaluator may look at: the disposition and what is known of its call. */
export interface DispositionFacts {
  disposition: string;
  /** The value the dialer sent, if any. */
  value: string | null;
  campaign_id: string | null;
  buyer_id: string | null;
  publisher_id: string | null;
  /** The campaign's configured full value, if the call's campaign is known. */
  campaign_value: string | null;
  /** The call's duration, if its call events said. */
  duration_seconds: number | null;
  custom_fields: Record<string, string>;
}

/** The facts of a disposition joined to its call: what live decisions and backtests evaluate. */
export function factsOf(disposition: Disposition, call: AttributedCall): DispositionFacts {
  return {
    disposition: disposition.disposition,
    value: disposition.value,
    campaign_id: call.campaign_id,
    buyer_id: call.buyer_id,
    publisher_id: call.publisher_id,
    campaign_value: call.campaign_value,
    duration_seconds: call.duration_seconds,
    custom_fields: disposition.custom_fields,
  };
}
