import { ApiDocsModule, type GuardSecurity } from '@postback/api-docs';
import { adminTokenSecurity } from '@postback/http';
import { SourceAuthGuard } from '../auth/source-auth.guard';

/** Intake routes: a source's API key in a header, or in the query for URL-only dialers. */
const sourceKeySecurity: GuardSecurity = {
  guard: SourceAuthGuard,
  security: [{ apiKeyHeader: [] }, { apiKeyQuery: [] }],
  schemes: {
    apiKeyHeader: {
      type: 'apiKey',
      in: 'header',
      name: 'X-API-Key',
      description: "a source's API key (pk_…)",
    },
    apiKeyQuery: {
      type: 'apiKey',
      in: 'query',
      name: 'api_key',
      description: 'the same, for URL-only dialers',
    },
  },
};

/** The ingest service's OpenAPI document at /openapi.json. */
export const IngestApiDocs = ApiDocsModule.forService({
  info: {
    title: 'Postback ingest API',
    version: '1',
    description:
      'Dispositions and call events in. 202 only after Kafka acknowledged every new event (acks=all). ' +
      'Batches are all-or-nothing. A repeat within the idempotency window answers with the original event id. ' +
      'Sources and their API keys are managed with the admin token.',
  },
  guards: [adminTokenSecurity, sourceKeySecurity],
});
