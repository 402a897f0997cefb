import { transferMatrix } from './authz.ts';
import { transferRoutes } from './routes.ts';
import type { Module } from '#platform/modules/contract.ts';
import { importsWaiting } from './attention.ts';
import { createTransferService } from './service.ts';

/** Importing people from CSV or XLSX, and exporting the register. */
export const transferModule: Module = {
  name: 'register/transfer',
  services: ({ db, audit, config, i18n }) => ({
    transfer: createTransferService(
      { db, audit, keys: config.encryptionKey, i18n },
      { logLevel: config.logLevel },
    ),
  }),
  routes: [transferRoutes],
  attention: [importsWaiting],
  matrix: transferMatrix,
};
