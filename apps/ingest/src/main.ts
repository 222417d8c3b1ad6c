import 'reflect-metadata';
import { loadConfig } from '@postback/config';
import { bootstrapService } from '@postback/http';
import { IngestModule } from './ingest.module';

async function main(): Promise<void> {
  const config = loadConfig();
  await bootstrapService(IngestModule.forRoot(config), { host: config.host, port: config.ports.ingest });
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
