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
