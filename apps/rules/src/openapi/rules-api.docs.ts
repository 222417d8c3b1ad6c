import { ApiDocsModule } from '@postback/api-docs';
import { adminTokenSecurity } from '@postback/http';

/** The rules service's OpenAPI document at /openapi.json. */
export const RulesApiDocs = ApiDocsModule.forService({
  info: {
    title: 'Postback rules API',
    version: '1',
    description:
      'Campaigns, conversion rules as data (every edit a new immutable version), previews, and the decisions ' +
      'made from dispositions. Every route takes the admin token.',
  },
  guards: [adminTokenSecurity],
});
