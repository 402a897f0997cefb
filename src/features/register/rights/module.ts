import { rightsMatrix } from './authz.ts';
import { rightsRoutes } from './routes.ts';
import type { Module } from '#platform/modules/contract.ts';

/** A person's rights: subject access export and erasure. */
export const rightsModule: Module = {
  name: 'register/rights',
  capability: 'register',
  routes: [rightsRoutes],
  matrix: rightsMatrix,
};
