import { waitingForDecision } from './attention.ts';
import { selectionMatrix } from './authz.ts';
import { selectionRoutes } from './routes.ts';
import { createSelectionService } from './service.ts';
import type { Module } from '#platform/modules/contract.ts';
import { opportunityNames } from '../tables.ts';

/** Fair selection: interest from every channel, decisions with reasons, people told. */
export const selectionModule: Module = {
  name: 'involvement/selection',
  services: ({ db, audit, contact, i18n, config }) => ({
    selection: createSelectionService({ db, audit, contact, i18n, publicUrl: config.publicUrl }),
  }),
  routes: [selectionRoutes],
  attention: [waitingForDecision],
  portalLinks: [{ href: '/portal/opportunities', text: 'selection:portal.link' }],
  personalData: [
    // opportunities they said they were interested in, with their note, the support they need
    // and the selection decision: deleted (free text about them); involvement records are the
    // evidence
    {
      table: 'expressions_of_interest',
      column: 'person_id',
      section: 'opportunityInterests',
      erase: 'delete',
      page: {
        namespace: 'selection',
        staff: ['decided_by', 'created_by'],
        codes: {
          method: 'involvement:interestMethods',
          status: 'involvement:interestStatuses',
          decision_reason: 'involvement:decisionReasons',
        },
        names: opportunityNames,
      },
    },
  ],
  matrix: selectionMatrix,
};
