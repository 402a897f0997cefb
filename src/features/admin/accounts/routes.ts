import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { accountRoutes } from './account-routes.ts';
import { signInRoutes } from './sign-in-routes.ts';
import { staffRoutes } from './staff-routes.ts';

/** Staff accounts and access: sign-in, invitations, password resets, MFA, /account and /staff. */
export const accountsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  signInRoutes(app, services);
  accountRoutes(app, services);
  staffRoutes(app, services);
};
