import { type ConversionDecision } from '@postback/contracts';
import { traceIdOf } from '@postback/observability';
import { classifyHandlerError } from '@postback/kafka';
import { type DeliveryEntity } from './delivery.entity';
import { type AttemptRecord, type NextState } from './delivery.store';
import { type Target } from '../endpoints/choose-target';
import { type Endpoint } from '../endpoints/endpoint';
import { type FailureClass } from '../retrying/failure-class';
import { type RetryPlan } from '../retrying/retry-plan';
import { type JobContext } from '../retrying/retry-queue';
import { type Reservation } from '../sending/endpoint-limiter';
import { type SendResult } from '../sending/postback-sender';

/** One attempt's input and what it came to: the data AttemptDelivery, FirstAttempt and SettleAttempts share. */
export interface AttemptInput {
  endpoint: Endpoint;
  decision: ConversionDecision;
  delivery: DeliveryEntity;
  /** The retry tier a failure goes to next (0 from conversions.v1, i+1 from tier i). */
  nextTierIndex: number;
  /** What triggered this attempt: conversions.v1 or a retry topic. */
  source: string;
  originalTopic: string;
  /** The limiter's start taken for this attempt (FirstAttempt's time box). */
  reservation?: Reservation;
}

/** What an attempt came to before it is recorded (see AttemptDelivery.send). */
export type Sent =
  | { kind: 'skipped'; failure: FailureClass }
  | { kind: 'deferred'; reason: string; until?: number }
  | SentAttempt;

export interface SentAttempt {
  kind: 'sent';
  /** Which URL it went to. */
  target: Target;
  record: AttemptRecord;
  result: SendResult;
  /** Null when delivered. */
  failure: FailureClass | null;
  plan: RetryPlan | null;
  next: NextState;
}

/**
 * What an attempt came to, for the caller to match on (as svix's CompletedDispatch): delivered
 * (its outcome the caller's to produce), on a retry tier, deferred without using up a retry,
 * dead-lettered, or superseded (another handler of the same delivery moved it on first, so
 * nothing follows from this one).
 */
export type AttemptOutcome =
  | { kind: 'delivered'; job: JobContext; statusCode: number | null }
  | { kind: 'retrying'; tier: string; dueAt: number; reason: string }
  | { kind: 'deferred'; dueAt: number; reason: string }
  | { kind: 'dead'; reason: string }
  | { kind: 'superseded' };

/** The ids every line about a delivery carries. */
export function logFields(input: AttemptInput): Record<string, string | undefined> {
  return {
    call_id: input.decision.call_id,
    event_id: input.decision.event_id,
    decision_id: input.decision.decision_id,
    delivery_id: input.delivery.deliveryId,
    endpoint_id: input.endpoint.id,
    trace_id: traceIdOf(input.decision.traceparent),
  };
}

/** The retry job of an attempt's delivery, as its input sees it. */
export function jobFor(input: AttemptInput): JobContext {
  return {
    deliveryId: input.delivery.deliveryId,
    endpointId: input.endpoint.id,
    decisionId: input.decision.decision_id,
    callId: input.decision.call_id,
    attempts: input.delivery.attempts,
    traceparent: input.decision.traceparent,
    originalTopic: input.originalTopic,
  };
}

/**
 * Whether recording an attempt is worth trying again: data or integrity errors (SQLSTATE 22,
 * 23) come again whatever happens, so they go to the poison policy instead.
 */
export function recordRetryable(error: Error): boolean {
  return classifyHandlerError(error).kind !== 'permanent';
}
