import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../services.ts';
import { accountsRoutes } from './accounts/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { outboxRoutes } from './outbox/routes.ts';
import { pagesRoutes } from './pages/routes.ts';
import { organisationsRoutes } from './organisations/routes.ts';

/** Every feature's routes, registered by createApp. */
export const features: FastifyPluginAsync<{ services: Services }>[] = [
  pagesRoutes,
  organisationsRoutes,
  accountsRoutes,
  auditRoutes,
  outboxRoutes,
];
