/** Every topic the system uses. Versioned names: a breaking change is a new topic. */
export enum Topic {
  CallEvents = 'calls.events.v1',
  Dispositions = 'dispositions.v1',
  Conversions = 'conversions.v1',
  PostbackDlq = 'postbacks.dlq',
  PostbackOutcomes = 'postbacks.outcomes.v1',
  /** Dispositions the rules service can never decode, as they came, with an x-dlq-reason header. */
  DispositionsDlq = 'dispositions.dlq',
  /** Dispositions waiting for their call's events (one fixed delay; x-wait-due-at header). */
  DispositionsWait = 'dispositions.wait',
}

/** The retry topic of one delay tier, e.g. `postbacks.retry.30s`. */
export function retryTopic(tier: string): string {
  if (!/^\d+[smh]$/.test(tier)) throw new Error(`retry tier must look like 30s, 2m or 1h; got "${tier}"`);
  return `postbacks.retry.${tier}`;
}

/** Confluent TopicNameStrategy: the subject a topic's values are registered under. */
export function valueSubject(topic: string): string {
  return `${topic}-value`;
}
