import 'reflect-metadata';
import { runService } from '@postback/http';
import { IngestModule } from './ingest.module';

runService(
  (config) => IngestModule.forRoot(config),
  (config) => config.ports.ingest,
  (config) => ({ bodyLimit: config.ingest.bodyLimitBytes, rawBody: true, docsTitle: 'Postback ingest API' }),
);
