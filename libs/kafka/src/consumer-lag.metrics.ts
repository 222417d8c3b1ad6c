import { type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { type Admin, Kafka } from 'kafkajs';
import { Counter, Gauge, Registry } from 'prom-client';
import { CONFIG, type Config } from '@postback/config';
import { type ConsumedTopics, partitionLags } from './consumer-lag';

export interface ConsumerLagOptions {
  /** A scrape waits at most this long for the broker; past it the gauge stays empty for that scrape. */
  timeoutMs?: number;
}

type LagLabels = 'group' | 'topic' | 'partition';

/**
 * Consumer lag of a service's groups, read from the broker when Prometheus scrapes: end offset
 * minus committed offset per partition, `postback_consumer_lag_messages{group,topic,partition}`.
 * One admin client, kept between scrapes; all groups read in parallel; each scrape time-boxed,
 * so a broker outage makes the lag disappear (and the failure count rise), never hangs /metrics.
 * On a topic written in transactions the end offset counts commit markers, so an idle group
 * shows a lag of about one per transaction still ahead of it: read it as a trend, not a count.
 */
export class ConsumerLagMetrics implements OnApplicationShutdown {
  private admin?: Promise<Admin>;

  constructor(
    registry: Registry,
    private readonly kafka: Kafka,
    private readonly groups: () => ConsumedTopics[],
    options: ConsumerLagOptions = {},
  ) {
    const timeoutMs = options.timeoutMs ?? 3000;
    const failures = new Counter({
      name: 'postback_consumer_lag_read_failures_total',
      help: 'Scrapes that could not read consumer lag from the broker in time',
      registers: [registry],
    });
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const self = this;
    new Gauge<LagLabels>({
      name: 'postback_consumer_lag_messages',
      help: 'Messages between the committed offset and the end of each partition, by group, topic and partition',
      labelNames: ['group', 'topic', 'partition'],
      registers: [registry],
      async collect() {
        this.reset();
        if (self.groups().length === 0) return;
        try {
          const rows = await withTimeout(self.read(), timeoutMs);
          for (const row of rows) this.set(row.labels, row.lag);
        } catch {
          failures.inc();
        }
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    const admin = this.admin;
    this.admin = undefined;
    await admin?.then((a) => a.disconnect()).catch(() => undefined);
  }

  private async read(): Promise<{ labels: Record<LagLabels, string>; lag: number }[]> {
    const admin = await this.connected();
    const reads = this.groups().flatMap(({ groupId, topics }) =>
      topics.map(async (topic) => {
        const [ends, committed] = await Promise.all([
          admin.fetchTopicOffsets(topic),
          admin.fetchOffsets({ groupId, topics: [topic] }),
        ]);
        return partitionLags(ends, committed[0]?.partitions ?? []).map(({ partition, lag }) => ({
          labels: { group: groupId, topic, partition: String(partition) },
          lag,
        }));
      }),
    );
    return (await Promise.all(reads)).flat();
  }

  private connected(): Promise<Admin> {
    if (!this.admin) {
      const admin = this.kafka.admin();
      const connecting = admin.connect().then(() => admin);
      this.admin = connecting;
      // A failed connection is forgotten, so the next scrape tries a fresh one.
      connecting.catch(() => {
        if (this.admin === connecting) this.admin = undefined;
      });
    }
    return this.admin;
  }
}

/** The lag gauge for a service, given every consumer group it runs and the topics each reads. */
export function consumerLagProvider(groups: (config: Config) => ConsumedTopics[]): Provider {
  return {
    provide: ConsumerLagMetrics,
    inject: [Registry, Kafka, CONFIG],
    useFactory: (registry: Registry, kafka: Kafka, config: Config) => {
      const consumed = groups(config);
      return new ConsumerLagMetrics(registry, kafka, () => consumed);
    },
  };
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`consumer lag not read within ${ms} ms`)), ms);
  });
  work.catch(() => undefined); // settled late after a timeout: nothing left to report it to
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
