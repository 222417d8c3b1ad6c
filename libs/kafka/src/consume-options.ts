import { type Type } from '@nestjs/common';

/**
 * What a consumer asks of the service's providers, where plain functions cannot do: when a
 * message of a delay topic may be handled (reading a store), and each message dead-lettered.
 * Given to `consume({ hooks })` as a class; the transport takes the instance from Nest.
 */
export interface ConsumerHooks {
  /** Epoch ms before which the message must not be handled (its partition pauses), or null for now. */
  notBefore?(headers: Record<string, string>, key: string | null): number | null | Promise<number | null>;
  onDeadLetter?(reason: string, topic: string): void;
}

/** How the Kafka transport consumes the topics of one `@EventPattern` handler. */
export interface ConsumeOptions {
  /** The consumer group (one handler per group). */
  group: string;
  /**
   * Consume → produce exactly once: what the handler sends through the context's outbox commits
   * with the input offsets (TransactionalConsumers). Otherwise at least once (EventConsumers).
   */
  transactional?: boolean;
  /**
   * The handler takes an array: a partition's messages several at once (never two of one key
   * at a time outside a transaction), so that it can read and write them set-based.
   */
  batch?: boolean;
  /** Messages per call at most, for an at-least-once batch handler. */
  batchSize?: number;
  /** Where poison messages go; `<topic>.dlq` by default (deadLetterTopicFor). */
  deadLetterTopic?: string;
  /** A delay topic (DueTimeConsumer): when a message may be handled, from its headers; null for now. */
  dueAt?(headers: Record<string, string>): number | null;
  /** With `dueAt`: which due messages are handled one after another; the key by default. */
  laneOf?(headers: Record<string, string>, key: string | null): string | null;
  hooks?: Type<ConsumerHooks>;
}

/** `@EventPattern(topic, consume({ group, ... }))`: the handler's consumer, checked at start-up. */
export function consume(options: ConsumeOptions): ConsumeOptions {
  return options;
}

/**
 * The options of a handler, checked when the transport starts: throws naming the option that
 * does not fit. `transactional` picks TransactionalConsumers, `dueAt` DueTimeConsumer, neither
 * EventConsumers.
 */
export function checkConsume(pattern: string, options: ConsumeOptions | undefined): ConsumeOptions {
  const problem = (text: string) => new Error(`@EventPattern('${pattern}'): ${text}`);
  if (!options || typeof options.group !== 'string' || options.group === '')
    throw problem('consume({ group }) is required (the consumer group)');
  if (options.transactional && (options.dueAt || options.laneOf))
    throw problem('dueAt and laneOf are for at-least-once delay topics; use hooks.notBefore');
  if (options.dueAt && options.batch)
    throw problem('a delay topic is handled one message at a time (batch is not supported)');
  if (options.laneOf && !options.dueAt) throw problem('laneOf needs dueAt');
  return options;
}

/**
 * The topics a pattern names: the topic itself, or, where it holds `*` (one dot-free segment,
 * e.g. `postbacks.retry.*`), every topic of the catalogue that matches. Topics are created from
 * the catalogue at start-up, so a pattern that names none of them is refused.
 */
export function topicsMatching(pattern: string, catalogue: readonly string[]): string[] {
  const escaped = pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'));
  const matcher = new RegExp(`^${escaped.join('[^.]+')}$`);
  const topics = catalogue.filter((topic) => matcher.test(topic));
  if (topics.length === 0) throw new Error(`@EventPattern('${pattern}'): no topic of the catalogue matches`);
  return topics;
}
