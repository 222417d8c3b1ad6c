import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { type Admin, Kafka } from 'kafkajs';
import { Gauge, Registry } from 'prom-client';
import { Topic } from '@postback/contracts';
import { RULES_CONSUMER_GROUP, RULES_WAIT_CONSUMER_GROUP } from './decisions/disposition.consumer';
import { CALL_EVENTS_CONSUMER_GROUP } from './calls/call-event.consumer';

const GROUPS = [
  { groupId: RULES_CONSUMER_GROUP, topic: Topic.Dispositions },
  { groupId: RULES_WAIT_CONSUMER_GROUP, topic: Topic.DispositionsWait },
  { groupId: CALL_EVENTS_CONSUMER_GROUP, topic: Topic.CallEvents },
];

/**
 * Consumer lag of the rules service's groups, read from the broker when Prometheus scrapes:
 * end offset minus committed offset per partition. On a topic written in transactions
 * (dispositions.wait) the end offset counts commit markers, so an idle group shows a
 * lag of about one per transaction still ahead of it — read it as a trend, not a count.
 */
@Injectable()
export class ConsumerLagMetrics implements OnApplicationShutdown {
  private admin?: Promise<Admin>;

  constructor(registry: Registry, kafka: Kafka) {
    new Gauge({
      name: 'postback_rules_consumer_lag_messages',
      help: 'Messages between the committed offset and the end of each partition, by group and topic',
      labelNames: ['group', 'topic', 'partition'],
      registers: [registry],
      collect: async function (this: Gauge<'group' | 'topic' | 'partition'>) {
        this.reset();
        const admin = await lagAdmin();
        for (const { groupId, topic } of GROUPS) {
          const [ends, committed] = await Promise.all([
            admin.fetchTopicOffsets(topic),
            admin.fetchOffsets({ groupId, topics: [topic] }),
          ]);
          const done = new Map(committed[0]?.partitions.map((p) => [p.partition, BigInt(p.offset)]));
          for (const end of ends) {
            const at = done.get(end.partition) ?? -1n;
            const lag = BigInt(end.high) - (at < 0n ? BigInt(end.low) : at);
            this.set(
              { group: groupId, topic, partition: String(end.partition) },
              Number(lag < 0n ? 0n : lag),
            );
          }
        }
      },
    });
    const lagAdmin = (): Promise<Admin> => {
      if (!this.admin) {
        const admin = kafka.admin();
        this.admin = admin.connect().then(() => admin);
        this.admin.catch(() => (this.admin = undefined));
      }
      return this.admin;
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.admin?.then((admin) => admin.disconnect()).catch(() => undefined);
  }
}
