import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Kafka, logLevel } from 'kafkajs';
import { ROOT, brokers } from './system';

export const KAFKA_VERSION = readFileSync(join(ROOT, 'deploy/local/pom.xml'), 'utf8').match(
  /<kafka\.version>(.*)<\/kafka\.version>/,
)![1];

export interface ProducerPerfResult {
  records: number;
  recordBytes: number;
  recordsPerSecond: number;
  mbPerSecond: number;
  latencyMs: { avg: number; p50: number; p95: number; p99: number; max: number };
  command: string;
}

/**
 * Kafka's own ProducerPerformance tool (kafka-tools, fetched into .cache/stack by
 * deploy/local/pom.xml) against the bench broker: the same record size as a disposition,
 * acks=all, idempotent (the default), a topic with the same partitions as dispositions.v1.
 */
export async function producerPerformance(records: number, recordBytes: number): Promise<ProducerPerfResult> {
  const topic = 'bench.producer-performance';
  const kafka = new Kafka({ clientId: 'bench-admin', brokers: [brokers()], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({
    topics: [{ topic, numPartitions: 3, replicationFactor: 1 }],
    waitForLeaders: true,
  });
  await admin.disconnect();
  const args = [
    '-Xmx256m',
    '-cp',
    join(process.env.STACK_CACHE ?? join(ROOT, '.cache/stack'), `kafka-${KAFKA_VERSION}/libs/*`),
    'org.apache.kafka.tools.ProducerPerformance',
    ...['--topic', topic, '--num-records', String(records), '--record-size', String(recordBytes)],
    ...['--throughput', '-1', '--producer-props', `bootstrap.servers=${brokers()}`, 'acks=all'],
  ];
  const { stdout } = await promisify(execFile)('java', args, { maxBuffer: 16 * 1024 * 1024 });
  // The summary line: "N records sent, R records/sec (M MB/sec), A ms avg latency, X ms max latency,
  // p50 ms 50th, p95 ms 95th, p99 ms 99th, p999 ms 99.9th."
  const summary = stdout.trim().split('\n').pop()!;
  const numbers = [
    ...summary.matchAll(
      /([\d.]+) (records sent|records\/sec|MB\/sec|ms avg|ms max|ms 50th|ms 95th|ms 99th)/g,
    ),
  ];
  const get = (label: string) => Number(numbers.find((m) => m[2] === label)?.[1] ?? NaN);
  return {
    records: get('records sent'),
    recordBytes,
    recordsPerSecond: Math.round(get('records/sec')),
    mbPerSecond: get('MB/sec'),
    latencyMs: {
      avg: get('ms avg'),
      p50: get('ms 50th'),
      p95: get('ms 95th'),
      p99: get('ms 99th'),
      max: get('ms max'),
    },
    command: `java -cp .cache/stack/kafka-${KAFKA_VERSION}/libs/* ${args.slice(3).join(' ')}`,
  };
}
