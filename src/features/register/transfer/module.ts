import { transferMatrix } from './authz.ts';
import { transferRoutes } from './routes.ts';
import { canAnywhere } from '#platform/permissions/policy.ts';
import type { Module } from '#platform/modules/contract.ts';
import { createTransferService } from './service.ts';

/** Importing people from CSV or XLSX, and exporting the register. */
export const transferModule: Module = {
  name: 'register/transfer',
  capability: 'register',
  services: ({ db, audit, config, i18n }) => ({
    transfer: createTransferService(
      { db, audit, keys: config.encryptionKey, i18n },
      { logLevel: config.logLevel },
    ),
  }),
  routes: [transferRoutes],
  attention: [
    {
      name: 'register/transfer.imports',
      // the actor's imports checked and waiting for them to confirm: the oldest one's page
      async items({ transfer }, actor) {
        if (!canAnywhere(actor, 'person.transfer')) return [];
        const { count, oldest } = await transfer.waiting(actor);
        return count > 0 && oldest
          ? [{ text: 'transfer:attention.imports', count, href: `/people/import/${oldest}` }]
          : [];
      },
    },
  ],
  matrix: transferMatrix,
};
