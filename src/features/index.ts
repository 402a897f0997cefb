import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '../services.ts';
import { accountsRoutes } from './accounts/routes.ts';
import { auditRoutes } from './audit/routes.ts';
import { outboxRoutes } from './outbox/routes.ts';
import { pagesRoutes } from './pages/routes.ts';
import { organisationsRoutes } from './organisations/routes.ts';
import { peopleRoutes } from './people/routes.ts';
import { equalityRoutes } from './equality/routes.ts';
import { registerStatisticsRoutes } from './register-statistics/routes.ts';
import { transferRoutes } from './register-transfer/routes.ts';
import { rightsRoutes } from './rights/routes.ts';
import { portalRoutes } from './portal/routes.ts';
import { panelsRoutes } from './panels/routes.ts';
import { opportunitiesRoutes } from './opportunities/routes.ts';
import { selectionRoutes } from './selection/routes.ts';
import { involvementRoutes } from './involvement/routes.ts';
import { ladderMapRoutes } from './ladder-map/routes.ts';
import { electionsRoutes } from './elections/routes.ts';

/** Every feature's routes, registered by createApp. */
export const features: FastifyPluginAsync<{ services: Services }>[] = [
  pagesRoutes,
  organisationsRoutes,
  accountsRoutes,
  auditRoutes,
  outboxRoutes,
  peopleRoutes,
  equalityRoutes,
  registerStatisticsRoutes,
  transferRoutes,
  rightsRoutes,
  portalRoutes,
  panelsRoutes,
  opportunitiesRoutes,
  selectionRoutes,
  involvementRoutes,
  ladderMapRoutes,
  electionsRoutes,
];
