import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { accountsMatrix } from './authz.ts';
import { accountsRoutes } from './routes.ts';
import { createAccountsService } from './service.ts';

/** Staff accounts and access: sign-in, invitations, password resets, two-factor, staff lists. */
export const accountsModule: Module = {
  name: 'admin/accounts',
  services: ({ db, audit, notifier, sessions, config }) => ({
    accounts: createAccountsService({ db, audit, notifier, sessions, config }),
  }),
  routes: [accountsRoutes],
  jobs: ({ accounts }) => [
    {
      // sign-in throttle rows nobody has needed for a day (no pause, no trust left)
      name: 'accounts.prune-sign-in-throttles',
      handler: () => accounts.pruneThrottles(),
      schedule: '17 * * * *',
    },
  ],
  navigation: [navigationLink('/staff', 'common:navigation.staff', 'staff.view')],
  matrix: accountsMatrix,
};
