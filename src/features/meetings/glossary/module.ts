import type { Module } from '#platform/modules/contract.ts';
import { glossaryMatrix } from './authz.ts';
import { glossaryRoutes } from './routes.ts';
import { createGlossaryService } from './service.ts';

/**
 * The jargon buster: a public bilingual glossary of the words of drug and alcohol services,
 * seeded by its migration (0023) and managed by platform administrators.
 */
export const glossaryModule: Module = {
  name: 'meetings/glossary',
  services: ({ db, audit }) => ({ glossary: createGlossaryService({ db, audit }) }),
  routes: [glossaryRoutes],
  matrix: glossaryMatrix,
};
