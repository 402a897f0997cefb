import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { accountsMatrix } from './authz.ts';
import { accountsRoutes } from './routes.ts';
import { createAccountsService } from './service.ts';

/** Staff accounts and access: sign-in, invitations, password resets, two-factor, staff lists. */
export const accountsModule: Module = {
  name: 'admin/accounts',
  capability: 'admin',
  services: ({ db, audit, notifier, sessions, config }) => ({
    accounts: createAccountsService({ db, audit, notifier, sessions, config }),
  }),
  routes: [accountsRoutes],
  navigation: [navigationLink('/staff', 'common:navigation.staff', 'staff.view')],
  matrix: accountsMatrix,
};
