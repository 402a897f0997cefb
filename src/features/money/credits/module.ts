import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { creditsMatrix } from './authz.ts';
import { creditsPortalRoutes } from './portal-routes.ts';
import { createCreditsPortal } from './portal.ts';
import { creditsRoutes } from './routes.ts';
import { resetDemoCredits, seedDemoCredits } from './seed-demo.ts';
import { createCreditsService } from './service.ts';

/** Time credits (WF 3.11 timebank): a scheme per organisation, offers, a ledger per person. */
export const creditsModule: Module = {
  name: 'money/credits',
  services: ({ db, audit }) => ({
    credits: createCreditsService({ db, audit }),
    creditsPortal: createCreditsPortal({ db, audit }),
  }),
  routes: [creditsRoutes, creditsPortalRoutes],
  navigation: [navigationLink('/money/credits', 'credits:navigation', 'money.view')],
  portalLinks: [
    { href: '/portal/credits', text: 'credits:portal.link', hint: 'credits:portal.hint' },
  ],
  personalData: [
    // a ledger is a financial record: kept on erasure (amounts, dates, what it came from); staff
    // are asked not to put personal details in an entry's reason
    {
      table: 'credit_accounts',
      column: 'person_id',
      section: 'creditAccounts',
      erase: 'keep',
      page: {
        namespace: 'credits',
      },
    },
    {
      table: 'credit_entries',
      column: 'person_id',
      section: 'creditEntries',
      erase: 'keep',
      page: {
        namespace: 'credits',
        hidden: [
          'account_id',
          'involvement_record_id',
          'offer_id',
          'counterpart_entry_id',
          'reverses_entry_id',
        ],
        staff: ['recorded_by'],
        codes: { kind: 'credits:kinds', recorded_via: 'credits:via' },
      },
    },
  ],
  seeds: { demo: { reset: resetDemoCredits, seed: seedDemoCredits } },
  matrix: creditsMatrix,
};
