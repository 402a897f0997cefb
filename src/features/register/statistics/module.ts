import { canAnywhere } from '#platform/permissions/policy.ts';
import { registerStatisticsMatrix } from './authz.ts';
import { registerStatisticsRoutes } from './routes.ts';
import type { Module } from '#platform/modules/contract.ts';
import { createStatisticsService } from './service.ts';

/** De-identified register statistics with small numbers suppressed. */
export const statisticsModule: Module = {
  name: 'register/statistics',
  capability: 'register',
  services: ({ db }) => ({ statistics: createStatisticsService({ db }) }),
  routes: [registerStatisticsRoutes],
  navigation: [
    {
      href: '/register/statistics',
      text: 'statistics:navigation',
      visible: (actor) => canAnywhere(actor, 'register.statistics'),
    },
  ],
  matrix: registerStatisticsMatrix,
};
