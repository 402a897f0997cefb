import type { Module } from '#platform/modules/contract.ts';
import { statementsMatrix } from './authz.ts';
import { statementsRoutes } from './routes.ts';
import { createStatementsService } from './service.ts';

/**
 * Statements of payments and expenses (issue 11 item 6): on screen and as a PDF, for the person
 * in the portal and for staff from the person's money page, and by post.
 */
export const statementsModule: Module = {
  name: 'money/statements',
  services: ({ db, audit, i18n, config, jobs, people }) => ({
    statements: createStatementsService({
      db,
      audit,
      i18n,
      contact: { db, config, i18n, jobs },
      publicUrl: config.publicUrl,
      findPerson: (who, id, options) => people.findPersonForActor(who, id, options),
    }),
  }),
  routes: [statementsRoutes],
  portalLinks: [
    { href: '/portal/statements', text: 'statements:portalLink', hint: 'statements:portalHint' },
  ],
  matrix: statementsMatrix,
};
