import type { Module } from '#platform/modules/contract.ts';
import { papersMatrix } from './authz.ts';
import { papersRoutes } from './routes.ts';
import { createPapersService } from './service.ts';

/**
 * Meeting papers and minutes: PDF, DOCX and ODT checked from their bytes, kept in PostgreSQL,
 * downloaded with safe headers; minutes published. No personal data of people is kept (papers
 * name who uploaded them: a staff account).
 */
export const papersModule: Module = {
  name: 'meetings/papers',
  services: ({ db, audit }) => ({ papers: createPapersService({ db, audit }) }),
  routes: [papersRoutes],
  matrix: papersMatrix,
};
