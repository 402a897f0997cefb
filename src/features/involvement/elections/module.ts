import { electionsMatrix } from './authz.ts';
import { electionsRoutes } from './routes.ts';
import { resetDemoElections, seedDemoElections } from './seed-demo.ts';
import { createElectionService } from './service.ts';
import { navigationLink, type Module } from '#platform/modules/contract.ts';

/** Elections of representatives with a secret ballot, in the portal or on paper. */
export const electionsModule: Module = {
  name: 'involvement/elections',
  services: ({ db, audit, config, i18n, jobs }) => ({
    elections: createElectionService({
      db,
      audit,
      contact: { db, config, i18n, jobs },
      publicUrl: config.publicUrl,
    }),
  }),
  routes: [electionsRoutes],
  navigation: [
    navigationLink('/elections', 'elections:navigation', 'election.manage', 'election.count'),
  ],
  portalLinks: [{ href: '/portal/elections', text: 'elections:portal.link' }],
  personalData: [
    // nominations (standing, or nominating someone) and the "has voted" flag are kept (no
    // personal data in them) so a published result stands; what they voted for is never linked
    // to them. Names they suggested (free text) are deleted.
    {
      table: 'election_nominations',
      column: 'person_id',
      section: 'electionNominations',
      erase: 'keep',
    },
    {
      table: 'election_nominations',
      column: 'nominated_by_person_id',
      section: 'electionNominationsMade',
      erase: 'keep',
    },
    {
      table: 'election_suggestions',
      column: 'suggested_by',
      section: 'electionSuggestions',
      erase: 'delete',
    },
    { table: 'election_voters', column: 'person_id', section: 'electionVoters', erase: 'keep' },
  ],
  seeds: { demo: { reset: resetDemoElections, seed: seedDemoElections } },
  matrix: electionsMatrix,
};
