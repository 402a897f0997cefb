import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { batchesMatrix } from './authz.ts';
import { batchesRoutes } from './routes.ts';
import { createBatchesService } from './service.ts';

/** Bank transfer batches (issue 11 item 3): money.pay. */
export const batchesModule: Module = {
  name: 'money/batches',
  services: ({ db, audit }) => ({ batches: createBatchesService({ db, audit }) }),
  routes: [batchesRoutes],
  navigation: [navigationLink('/money/batches', 'batches:navigation', 'money.pay')],
  matrix: batchesMatrix,
};
