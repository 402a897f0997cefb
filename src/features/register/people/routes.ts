import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '#app/services.ts';
import { checkRoutes } from './check-routes.ts';
import { consentRoutes } from './consent-routes.ts';
import { listRoutes } from './list-routes.ts';
import { personRoutes } from './person-routes.ts';
import { registrationRoutes } from './registration-routes.ts';
import { sectionRoutes } from './section-routes.ts';
import { statusRoutes } from './status-routes.ts';

export { tabs } from './person-routes.ts';

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
