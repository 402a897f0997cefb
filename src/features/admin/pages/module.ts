import type { Module } from '#platform/modules/contract.ts';
import { pagesMatrix } from './authz.ts';
import { pagesRoutes } from './routes.ts';

/** The start page, the home page ("needs your attention") and the statutory pages. */
export const pagesModule: Module = {
  name: 'admin/pages',
  routes: [pagesRoutes],
  matrix: pagesMatrix,
};
