import { stopContainers } from './containers';
import { stopLocalStack } from './local-stack';

/** Stops only what global setup started; endpoints given by the environment are left alone. */
export default async function globalTeardown(): Promise<void> {
  if (process.env.POSTBACK_TEST_INFRA === 'local-stack') stopLocalStack();
  if (process.env.POSTBACK_TEST_INFRA === 'testcontainers') await stopContainers();
}
