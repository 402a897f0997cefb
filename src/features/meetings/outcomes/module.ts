import type { Module } from '#platform/modules/contract.ts';
import { actionsDue } from './attention.ts';
import { outcomesMatrix } from './authz.ts';
import { outcomesRoutes } from './routes.ts';
import { createOutcomesService } from './service.ts';

/** Decisions and actions of meetings, and actions due on "needs your attention". */
export const outcomesModule: Module = {
  name: 'meetings/outcomes',
  services: ({ db, audit }) => ({ outcomes: createOutcomesService({ db, audit }) }),
  routes: [outcomesRoutes],
  matrix: outcomesMatrix,
  attention: [actionsDue],
};
