import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { insertTestPerson } from '#features/register';
import {
  anywhereAs,
  overSubtree,
  personal,
  scoped,
  unscoped,
} from '#platform/permissions/matrix.ts';

/** `involvement.record`: organisation administrators, involvement leads and staff, over their subtree. */
const recording = overSubtree('organisation_admin', 'involvement_lead', 'staff');
/** Pages not about one organisation: anyone who may record involvement somewhere. */
const recordingAnywhere = anywhereAs('organisation_admin', 'involvement_lead', 'staff');

const db = (fixture: MatrixFixture) => (fixture.services as Services).db;

/** A published opportunity at the organisation (rows straight into the table). */
export async function insertMatrixOpportunity(fixture: MatrixFixture, organisationId: string) {
  const row = await db(fixture)
    .insertInto('opportunities')
    .values({
      organisation_id: organisationId,
      title_en: 'Matrix opportunity',
      title_cy: 'Cyfle matrics',
      description_en: 'For the authorisation matrix',
      description_cy: 'Ar gyfer y matrics awdurdodi',
      rung: 3,
      level: 'service',
      nta_scope: 'collective',
      nta_mode: 'feedback',
      method: 'focus_group',
      status: 'closed',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A person connected to the organisation, on the register without consents. */
async function insertMatrixPerson(fixture: MatrixFixture, organisationId: string) {
  const { db, config } = fixture.services as Services;
  return insertTestPerson(db, config.encryptionKey, { organisationId, consents: [] });
}

const withPerson = (path: string) => async (fixture: MatrixFixture, target: string) =>
  path.replace(':person', await insertMatrixPerson(fixture, target));
const withOpportunity = (path: string) => async (fixture: MatrixFixture, target: string) =>
  path.replace(':opportunity', await insertMatrixOpportunity(fixture, target));

export const involvementMatrix: MatrixRow[] = [
  scoped(
    'GET /involvement',
    recording,
    (_fixture, target) => `/involvement?organisation=${target}`,
  ),
  scoped('GET /involvement/new', recording, withPerson('/involvement/new?person=:person')),
  {
    route: 'POST /involvement/new',
    access: recording,
    // an incomplete form: allowed actors get the form back with errors (400)
    request: async (fixture, target) => ({
      method: 'POST',
      url: '/involvement/new',
      form: { personId: await insertMatrixPerson(fixture, target), hours: 'x' },
    }),
  },
  unscoped('GET /involvement/new/check', recordingAnywhere),
  unscoped('POST /involvement/new/check', recordingAnywhere),
  scoped(
    'GET /opportunities/:id/involvement',
    recording,
    withOpportunity('/opportunities/:opportunity/involvement'),
  ),
  // no one selected: allowed actors get the form back with the date error (400)
  scoped(
    'POST /opportunities/:id/involvement',
    recording,
    withOpportunity('/opportunities/:opportunity/involvement'),
  ),
  scoped('GET /people/:id/involvement', recording, withPerson('/people/:person/involvement')),
  personal('GET /portal/involvement'),
];
