import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type CallEvent,
  type ConversionDecision,
  type DeliveryJob,
  type DeliveryOutcome,
  type Disposition,
} from './events';
import { Topic } from './topics';

/** An Avro schema as parsed JSON, typed by the record it describes. */
export interface AvroContract<T> {
  name: string;
  schema: Record<string, unknown>;
  /** Phantom field: carries T for the compiler only. */
  readonly __type?: T;
}

function contract<T>(file: string): AvroContract<T> {
  const schema = JSON.parse(readFileSync(join(__dirname, 'avro', file), 'utf8')) as Record<string, unknown>;
  return { name: `${String(schema.namespace)}.${String(schema.name)}`, schema };
}

export const Contracts = {
  CallEvent: contract<CallEvent>('call-event.avsc'),
  Disposition: contract<Disposition>('disposition.avsc'),
  ConversionDecision: contract<ConversionDecision>('conversion-decision.avsc'),
  DeliveryJob: contract<DeliveryJob>('delivery-job.avsc'),
  DeliveryOutcome: contract<DeliveryOutcome>('delivery-outcome.avsc'),
} as const;

/** Which value schema each fixed topic carries (retry topics carry DeliveryJob). */
export const TOPIC_CONTRACTS: Record<Topic, AvroContract<unknown>> = {
  [Topic.CallEvents]: Contracts.CallEvent,
  [Topic.Dispositions]: Contracts.Disposition,
  [Topic.Conversions]: Contracts.ConversionDecision,
  [Topic.PostbackDlq]: Contracts.DeliveryJob,
  [Topic.PostbackOutcomes]: Contracts.DeliveryOutcome,
  // Holds the original bytes of dispositions that failed to decode; replayable once fixed.
  [Topic.DispositionsDlq]: Contracts.Disposition,
  [Topic.DispositionsWait]: Contracts.Disposition,
};
