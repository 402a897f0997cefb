import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { checkRoutes } from './routes/check.ts';
import { consentRoutes } from './routes/consent.ts';
import { listRoutes } from './routes/list.ts';
import { personRoutes } from './routes/person.ts';
import { registrationRoutes } from './routes/registration.ts';
import { sectionRoutes } from './routes/section.ts';
import { statusRoutes } from './routes/status.ts';

export { tabs } from './routes/person.ts';

/**
 * The involvement register's staff pages: the list, registering someone (question pages and
 * check your answers), a person's record and its tabs, changing a section, status and
 * organisations, consent. Each group is a function of the app and the services.
 */
export const peopleRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  listRoutes(app, services);
  registrationRoutes(app, services);
  checkRoutes(app, services);
  personRoutes(app, services);
  sectionRoutes(app, services);
  statusRoutes(app, services);
  consentRoutes(app, services);
};
