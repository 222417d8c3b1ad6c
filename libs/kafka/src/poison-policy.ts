import { type KafkaMessage, type Message } from 'kafkajs';
import { type Logger } from 'pino';
import { deadLetterMessage } from './dead-letter';
import { classifyHandlerError } from './handler-failure';
import { heartbeatWhile } from './heartbeat-while';
import { type KafkaConsumerMetrics } from './kafka-consumer.metrics';
import { type RestartBackoff, restartDelayMs } from './restart-backoff';

export interface PoisonOptions {
  /** A message whose handler fails this many times in a row (for no known reason) is dead-lettered. */
  maxAttempts: number;
  /** Between tries, so that a dependency that is away is not hammered. */
  backoff: RestartBackoff;
}

export const DEFAULT_POISON_OPTIONS: PoisonOptions = {
  maxAttempts: 5,
  backoff: { initialMs: 200, maxMs: 5000 },
};

export interface MessageOrigin {
  groupId: string;
  topic: string;
  partition: number;
  message: KafkaMessage;
}

/** The consumer's side of a wait: heartbeats go on, and it stops when the consumer stops. */
export interface RetryHooks {
  heartbeat(): Promise<void>;
  /** False once the consumer stops or its batch went stale (a rebalance): then the error is thrown. */
  isRunning(): boolean;
}

export type DeadLetterSink = (message: Message) => Promise<void> | void;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The one poison policy of every consumer: no single message stops a partition. A message that
 * cannot be decoded, or whose handler fails permanently (classifyHandlerError) or
 * `maxAttempts` times in a row, goes to a dead-letter topic with its reason, and is counted;
 * a transient failure (a dependency away) is retried with backoff as long as the consumer runs.
 */
export class PoisonPolicy {
  constructor(
    private readonly logger: Logger,
    private readonly options: PoisonOptions = DEFAULT_POISON_OPTIONS,
    private readonly metrics?: KafkaConsumerMetrics,
    private readonly wait: (ms: number) => Promise<void> = sleep,
    private readonly random: () => number = Math.random,
  ) {}

  /** Runs `handle` until it succeeds, or dead-letters the message; true if it was handled. */
  async handle(
    origin: MessageOrigin,
    handle: () => Promise<void>,
    sink: DeadLetterSink,
    hooks: RetryHooks,
  ): Promise<boolean> {
    let unknown = 0;
    for (let tries = 0; ; tries++) {
      try {
        await handle();
        return true;
      } catch (error) {
        const failure = classifyHandlerError(error);
        if (failure.kind === 'unknown') unknown++;
        const reason =
          failure.kind === 'permanent'
            ? failure.reason
            : unknown >= this.options.maxAttempts
              ? 'repeated_failure'
              : null;
        if (reason) {
          await this.deadLetter(origin, reason, error, sink);
          return false;
        }
        await this.backOff(tries, origin, error, hooks);
      }
    }
  }

  /**
   * For a batch handler: true once it succeeded (transient failures are retried), false at its
   * first other failure, so that the caller retries the messages one by one and only the
   * poison one is dead-lettered.
   */
  async attemptBatch(
    origin: Omit<MessageOrigin, 'message'>,
    handle: () => Promise<void>,
    hooks: RetryHooks,
  ): Promise<boolean> {
    for (let tries = 0; ; tries++) {
      try {
        await handle();
        return true;
      } catch (error) {
        if (classifyHandlerError(error).kind !== 'transient') {
          this.logger.warn(
            { ...origin, err: messageOf(error) },
            'batch failed; handling its messages one by one',
          );
          return false;
        }
        await this.backOff(tries, origin, error, hooks);
      }
    }
  }

  async deadLetter(
    origin: MessageOrigin,
    reason: string,
    error: unknown,
    sink: DeadLetterSink,
  ): Promise<void> {
    const { groupId, topic, partition, message } = origin;
    await sink(deadLetterMessage(message, { topic, partition }, reason, error));
    this.metrics?.deadLetters.inc({ group: groupId, topic, reason });
    this.logger.warn(
      { groupId, topic, partition, offset: message.offset, reason, err: messageOf(error) },
      'poison message dead-lettered',
    );
  }

  private async backOff(tries: number, origin: object, error: unknown, hooks: RetryHooks): Promise<void> {
    if (!hooks.isRunning()) throw error;
    const delayMs = restartDelayMs(tries, this.options.backoff, this.random);
    this.logger.warn(
      { ...stripMessage(origin), err: messageOf(error), retryInMs: delayMs },
      'handler failed; retrying',
    );
    await heartbeatWhile(this.wait(delayMs), hooks.heartbeat);
    if (!hooks.isRunning()) throw error;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function stripMessage(origin: object): object {
  const { message, ...rest } = origin as { message?: KafkaMessage };
  return message ? { ...rest, offset: message.offset } : rest;
}
