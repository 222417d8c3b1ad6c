import { ApiDocsModule } from '@postback/api-docs';
import { adminTokenSecurity } from '@postback/http';

/** The delivery service's OpenAPI document at /openapi.json. */
export const DeliveryApiDocs = ApiDocsModule.forService({
  info: {
    title: 'Postback delivery API',
    version: '1',
    description:
      'Destinations with their templates, every delivery with its attempts, retries and DLQ replay. ' +
      'Every route takes the admin token. The topics are described as AsyncAPI 3 at /asyncapi.json.',
  },
  guards: [adminTokenSecurity],
});
