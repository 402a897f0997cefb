import { transferMatrix } from './authz.ts';
import { transferRoutes } from './routes.ts';
import { canAnywhere } from '#platform/permissions/policy.ts';
import type { Module } from '#platform/modules/contract.ts';
import type { WaitingImports } from './lookups.ts';
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
      counts({ transfer }, actor) {
        if (!canAnywhere(actor, 'person.transfer')) return null;
        const waiting = transfer.waiting(actor);
        return waiting && { waiting };
      },
      items: ({ waiting: { count, oldest } }: { waiting: WaitingImports }) =>
        oldest
          ? [{ text: 'transfer:attention.imports', count, href: `/people/import/${oldest}` }]
          : [],
    },
  ],
  matrix: transferMatrix,
};
