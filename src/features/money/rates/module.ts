import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { ratesMatrix } from './authz.ts';
import { ratesRoutes } from './routes.ts';
import { resetDemoRates, seedDemoRates } from './seed-demo.ts';
import { createRatesService } from './service.ts';

/** Each organisation's rates and rules for expenses and involvement payments, dated. */
export const ratesModule: Module = {
  name: 'money/rates',
  services: ({ db, audit }) => ({ rates: createRatesService({ db, audit }) }),
  routes: [ratesRoutes],
  navigation: [navigationLink('/money/rates', 'rates:navigation', 'money.view')],
  seeds: { demo: { reset: resetDemoRates, seed: seedDemoRates } },
  matrix: ratesMatrix,
};
