import { involvementMatrix } from './authz.ts';
import { involvementFigures, rungsCovered } from './evidence.ts';
import { involvementRoutes } from './routes.ts';
import { createInvolvementService } from './service.ts';
import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { opportunityNames } from '../tables.ts';

/** Involvement records: who took part in what, when, for how long, at which rung. */
export const recordsModule: Module = {
  name: 'involvement/records',
  services: ({ db, audit }) => ({ records: createInvolvementService({ db, audit }) }),
  routes: [involvementRoutes],
  navigation: [navigationLink('/involvement', 'records:navigation', 'involvement.record')],
  portalLinks: [{ href: '/portal/involvement', text: 'records:portal.link' }],
  personalData: [
    // the evidence of who took part in what, kept for anonymous counts (the ladder map) with the
    // free-text outcome removed
    {
      table: 'involvement_records',
      column: 'person_id',
      section: 'involvement',
      erase: 'keep',
      clear: ['outcome'],
      page: {
        namespace: 'records',
        staff: ['recorded_by'],
        codes: {
          level: 'involvement:levels',
          method: 'involvement:methods',
          role: 'involvement:roles',
        },
        positions: { rung: 'involvement:rungs' },
        names: opportunityNames,
      },
    },
  ],
  matrix: involvementMatrix,
  evidence: [rungsCovered],
  figures: involvementFigures,
};
