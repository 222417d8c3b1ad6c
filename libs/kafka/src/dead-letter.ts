import { type KafkaMessage, type Message } from 'kafkajs';
import { Topic } from '@postback/contracts';

/** Where a consumed topic's poison messages go: `<topic>.dlq` (dispositions keep their older name). */
export function deadLetterTopicFor(topic: string): string {
  return topic === (Topic.Dispositions as string) ? Topic.DispositionsDlq : `${topic}.dlq`;
}

/** The message as it came (key, bytes, headers), with why and where from in `x-dlq-*` headers. */
export function deadLetterMessage(
  message: KafkaMessage,
  origin: { topic: string; partition: number },
  reason: string,
  error: unknown,
): Message {
  return {
    key: message.key,
    value: message.value,
    headers: {
      ...message.headers,
      'x-dlq-reason': reason,
      'x-dlq-error': (error instanceof Error ? error.message : String(error)).slice(0, 500),
      'x-dlq-original-topic': origin.topic,
      'x-dlq-original-partition': String(origin.partition),
      'x-dlq-original-offset': message.offset,
    },
  };
}
