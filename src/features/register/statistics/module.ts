import { registerStatisticsMatrix } from './authz.ts';
import { registerStatisticsRoutes } from './routes.ts';
import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { createStatisticsService } from './service.ts';

/** De-identified register statistics with small numbers suppressed. */
export const statisticsModule: Module = {
  name: 'register/statistics',
  services: ({ db }) => ({ statistics: createStatisticsService({ db }) }),
  routes: [registerStatisticsRoutes],
  navigation: [
    navigationLink('/register/statistics', 'statistics:navigation', 'register.statistics'),
  ],
  matrix: registerStatisticsMatrix,
};
