import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { thresholdsMatrix } from './authz.ts';
import { thresholdsRoutes } from './routes.ts';
import { createThresholdsService } from './service.ts';

/**
 * Benefit thresholds by tax year: national data seeded by its migration (0032) and kept by
 * platform administrators; staff who may see money read them.
 */
export const thresholdsModule: Module = {
  name: 'money/thresholds',
  services: ({ db, audit }) => ({ thresholds: createThresholdsService({ db, audit }) }),
  routes: [thresholdsRoutes],
  navigation: [navigationLink('/money/thresholds', 'thresholds:navigation', 'money.view')],
  matrix: thresholdsMatrix,
};
