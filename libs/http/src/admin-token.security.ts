import { type GuardSecurity } from '@postback/api-docs';
import { AdminTokenGuard } from './admin-token.guard';

/** How the OpenAPI documents describe routes behind AdminTokenGuard. */
export const adminTokenSecurity: GuardSecurity = {
  guard: AdminTokenGuard,
  security: [{ adminToken: [] }],
  schemes: {
    adminToken: {
      type: 'http',
      scheme: 'bearer',
      description: 'The ADMIN_TOKEN of the deployment: `Authorization: Bearer <ADMIN_TOKEN>`.',
    },
  },
};
