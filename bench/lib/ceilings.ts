import { Child } from './child';
import { producerPerformance } from './kafka-ceiling';
import { type Target } from './load-generator';
import { type Profile, ramp } from './scenarios';
import { type DecisionWriter, SERVICE_SETTINGS } from './system';

/**
 * The ceilings, with the services idle: NestJS + Fastify doing nothing, got alone with
 * delivery's agent settings against the receiver, and Kafka's ProducerPerformance.
 */
export async function ceilings(load: Child, receiverUrl: string, writer: DecisionWriter, profile: Profile) {
  console.log('[bench] ceilings');
  const bare = new Child('bare-endpoint.js');
  const { port: barePort } = await bare.ask<{ port: number }>({});
  const bareTarget: Target = {
    kind: 'bare',
    baseUrl: `http://127.0.0.1:${barePort}`,
    path: '/v1/postback',
    prefix: 'bare',
  };
  await ramp(load, bareTarget, [32], 2000); // warm-up
  const bareEndpoint = await ramp(load, bareTarget, profile.ingestSteps, profile.stepMs);
  await bare.stop();
  const gotChild = new Child('got-client.js');
  const gotConcurrency = Number(SERVICE_SETTINGS.DELIVERY_ENDPOINT_CONCURRENCY);
  const gotClient = {
    concurrency: gotConcurrency,
    ...(await gotChild.ask<{ requestsPerSecond: number }>({
      baseUrl: receiverUrl,
      count: profile.gotRequests,
      concurrency: gotConcurrency,
    })),
  };
  await gotChild.stop();
  console.log(`  got alone: ${gotClient.requestsPerSecond} req/s`);
  const kafka = await producerPerformance(profile.producerRecords, await writer.dispositionRecordBytes());
  console.log(`  kafka ProducerPerformance: ${kafka.recordsPerSecond} records/s`);
  return { bareEndpoint, gotClient, kafka };
}
