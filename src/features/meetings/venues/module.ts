import { venuesMatrix } from './authz.ts';
import { venuesRoutes } from './routes.ts';
import { createVenuesService } from './service.ts';
import { navigationLink, type Module } from '#platform/modules/contract.ts';

/** The organisations' venues and what each offers (checked against people's venue needs). */
export const venuesModule: Module = {
  name: 'meetings/venues',
  services: ({ db, audit }) => ({ venues: createVenuesService({ db, audit }) }),
  routes: [venuesRoutes],
  navigation: [navigationLink('/venues', 'venues:navigation', 'meeting.view')],
  matrix: venuesMatrix,
};
