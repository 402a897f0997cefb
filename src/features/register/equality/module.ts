import { equalityMatrix } from './authz.ts';
import { equalityRoutes } from './routes.ts';
import type { Module } from '#platform/modules/contract.ts';
import { createEqualityService } from './service.ts';

/** Equality monitoring, held apart from the register and deleted when consent is withdrawn. */
export const equalityModule: Module = {
  name: 'register/equality',
  services: ({ db, audit }) => ({ equality: createEqualityService({ db, audit }) }),
  routes: [equalityRoutes],
  personalData: [
    {
      table: 'equality_monitoring',
      column: 'person_id',
      section: 'equality',
      erase: 'delete',
      page: { namespace: 'rights', codes: { age_band: 'people:ageBands' } },
    },
  ],
  matrix: equalityMatrix,
};
