import { electionsMatrix } from './authz.ts';
import { electionsRoutes } from './routes.ts';
import { resetDemoElections, seedDemoElections } from './seed-demo.ts';
import { createElectionService } from './service.ts';
import { navigationLink, type Module, type PersonalDataPage } from '#platform/modules/contract.ts';

/** Elections of representatives with a secret ballot, in the portal or on paper. */
/** An election is named by the role it fills. */
const electionNames = { election_id: { table: 'elections', en: 'role_en', cy: 'role_cy' } };

/** Nominations, as the person made them or was named in them. */
const nominationsPage: PersonalDataPage = {
  namespace: 'elections',
  hidden: ['nominated_by_person_id'],
  staff: ['created_by'],
  codes: { method: 'elections:nominationMethods', status: 'elections:nominationStatuses' },
  names: electionNames,
};

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
      page: nominationsPage,
    },
    {
      table: 'election_nominations',
      column: 'nominated_by_person_id',
      section: 'electionNominationsMade',
      erase: 'keep',
      page: nominationsPage,
    },
    {
      table: 'election_suggestions',
      column: 'suggested_by',
      section: 'electionSuggestions',
      erase: 'delete',
      page: {
        namespace: 'elections',
        hidden: ['suggested_by'],
        staff: ['handled_by'],
        names: electionNames,
      },
    },
    {
      table: 'election_voters',
      column: 'person_id',
      section: 'electionVoters',
      erase: 'keep',
      page: {
        namespace: 'elections',
        codes: { voted_via: 'elections:paper.votedVia' },
        names: electionNames,
      },
    },
  ],
  seeds: { demo: { reset: resetDemoElections, seed: seedDemoElections } },
  matrix: electionsMatrix,
};
