import { rightsMatrix } from './authz.ts';
import { rightsRoutes } from './routes.ts';
import type { Module } from '#platform/modules/contract.ts';
import { createRightsService } from './service.ts';

/** A person's rights: subject access export and erasure. */
export const rightsModule: Module = {
  name: 'register/rights',
  services: ({ db, audit, config, modules }) => ({
    rights: createRightsService({
      db,
      audit,
      keys: config.encryptionKey,
      personalDataTables: modules.personalData,
    }),
  }),
  routes: [rightsRoutes],
  matrix: rightsMatrix,
};
