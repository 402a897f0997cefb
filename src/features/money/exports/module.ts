import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { exportsMatrix } from './authz.ts';
import { exportsRoutes } from './routes.ts';
import { createExportsService } from './service.ts';

/** Finance exports of paid claims (issue 11 item 8): money.pay, names only with money.names. */
export const exportsModule: Module = {
  name: 'money/exports',
  services: ({ db, audit }) => ({ exports: createExportsService({ db, audit }) }),
  routes: [exportsRoutes],
  navigation: [navigationLink('/money/exports', 'exports:navigation', 'money.pay')],
  matrix: exportsMatrix,
};
