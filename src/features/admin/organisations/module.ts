import { canAnywhere } from '#platform/permissions/policy.ts';
import type { Module } from '#platform/modules/contract.ts';
import { organisationsMatrix } from './authz.ts';
import { organisationsRoutes } from './routes.ts';
import { createOrganisationsService } from './service.ts';
import { adminPermissions } from '../permissions.ts';

/** The organisations tree: nations, regions, areas, providers, services and forums. */
export const organisationsModule: Module = {
  name: 'admin/organisations',
  capability: 'admin',
  services: ({ db, audit }) => ({ organisations: createOrganisationsService({ db, audit }) }),
  routes: [organisationsRoutes],
  navigation: [
    {
      href: '/organisations',
      text: 'common:navigation.organisations',
      visible: (actor) => canAnywhere(actor, 'organisation.view'),
    },
  ],
  matrix: organisationsMatrix,
  // the admin capability's permissions
  permissions: adminPermissions,
};
