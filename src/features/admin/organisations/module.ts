import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { organisationsMatrix } from './authz.ts';
import { organisationsRoutes } from './routes.ts';
import { createOrganisationsService } from './service.ts';
import { adminPermissions } from '../permissions.ts';

/** The organisations tree: nations, regions, areas, providers, services and forums. */
export const organisationsModule: Module = {
  name: 'admin/organisations',
  services: ({ db, audit }) => ({ organisations: createOrganisationsService({ db, audit }) }),
  routes: [organisationsRoutes],
  navigation: [
    navigationLink('/organisations', 'common:navigation.organisations', 'organisation.view'),
  ],
  matrix: organisationsMatrix,
  // the admin capability's permissions
  permissions: adminPermissions,
};
