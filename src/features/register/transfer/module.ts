import { transferMatrix } from './authz.ts';
import { transferRoutes } from './routes.ts';
import type { Module } from '#platform/modules/contract.ts';

/** Importing people from CSV or XLSX, and exporting the register. */
export const transferModule: Module = {
  name: 'register/transfer',
  capability: 'register',
  routes: [transferRoutes],
  matrix: transferMatrix,
};
