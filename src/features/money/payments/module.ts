import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { paymentsWaiting } from './attention.ts';
import { moneyFigures, paidInAdvance, paidOnTheDay } from './insight.ts';
import { paymentsOverviewRoutes } from './overview-routes.ts';
import { paymentsMatrix } from './authz.ts';
import { paymentsRoutes } from './routes.ts';
import { createPaymentsService } from './service.ts';

/** Paying approved claims and cash floats (issue 11 item 3): money.pay. */
export const paymentsModule: Module = {
  name: 'money/payments',
  services: ({ db, audit }) => ({ payments: createPaymentsService({ db, audit }) }),
  routes: [paymentsOverviewRoutes, paymentsRoutes],
  navigation: [navigationLink('/money/floats', 'payments:navigation', 'money.pay')],
  attention: [paymentsWaiting],
  evidence: [paidOnTheDay, paidInAdvance],
  figures: moneyFigures,
  personalData: [
    // a record of money paid: kept (finance must account for it), the person's link removed with them
    {
      table: 'money_payments',
      column: 'person_id',
      section: 'payments',
      erase: 'keep',
      page: {
        namespace: 'payments',
        hidden: ['claim_id', 'float_id', 'batch_id', 'reverses_payment_id'],
        staff: ['paid_by'],
        codes: { kind: 'payments:kinds', method: 'payments:methods' },
      },
    },
  ],
  matrix: paymentsMatrix,
};
