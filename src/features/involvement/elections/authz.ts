import { sql } from 'kysely';
import type { Services } from '#platform/modules/contract.ts';
import type { ElectionStatus } from './tables.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, unscoped } from '#platform/permissions/matrix.ts';
import { insertTestPerson } from '#features/register';
import { londonToday } from './service.ts';

/** election.manage: organisation administrators and involvement leads, at their subtree. */
const managing = overSubtree('organisation_admin', 'involvement_lead');
/** election.count (marking paper voters, counting) and seeing an election: staff too. */
const counting = overSubtree('organisation_admin', 'involvement_lead', 'staff');
/** Pages not about one organisation. */
const managersAnywhere = anywhereAs('organisation_admin', 'involvement_lead');
const countersAnywhere = anywhereAs('organisation_admin', 'involvement_lead', 'staff');

const inDays = (days: number) => {
  const date = new Date(`${londonToday()}T12:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

/**
 * An election at the target organisation at the status asked for, with one person standing
 * (accepted) and one pending; from voting on, everyone connected to the organisation is in the
 * electorate. For counting, a paper count entered by another member of staff (when asked).
 */
async function electionAt(
  fixture: MatrixFixture,
  target: string,
  status: ElectionStatus,
  options: { tally?: boolean } = {},
) {
  const { db, config } = fixture.services as Services;
  const election = await db
    .insertInto('elections')
    .values({
      organisation_id: target,
      role_en: 'Representative',
      role_cy: 'Cynrychiolydd',
      seats: 1,
      self_nomination: true,
      electorate: 'connected',
      nominations_close_on: inDays(7),
      voting_closes_on: inDays(14),
      status,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const standing = await insertTestPerson(db, config.encryptionKey, { organisationId: target });
  const pending = await insertTestPerson(db, config.encryptionKey, { organisationId: target });
  const accepted = await db
    .insertInto('election_nominations')
    .values({
      election_id: election.id,
      person_id: standing,
      method: 'staff',
      status: 'accepted',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const waiting = await db
    .insertInto('election_nominations')
    .values({ election_id: election.id, person_id: pending, method: 'staff' })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (status !== 'nominations') {
    const people = await db
      .selectFrom('people')
      .select('id')
      .where(sql<boolean>`scope_ids @> ${sql.val([target])}::uuid[]`)
      .execute();
    await db
      .insertInto('election_voters')
      .values(people.map((p) => ({ election_id: election.id, person_id: p.id })))
      .execute();
  }
  if (options.tally) {
    const counter = await fixture.createStaffAccount(target);
    await db
      .insertInto('election_paper_tallies')
      .values({
        election_id: election.id,
        ballots: 0,
        counts: JSON.stringify({ [accepted.id]: 0 }),
        entered_by: counter,
      })
      .execute();
  }
  return { id: election.id, standing, accepted: accepted.id, pending: waiting.id };
}

const at =
  (
    status: ElectionStatus,
    url: (e: Awaited<ReturnType<typeof electionAt>>) => string,
    method: 'GET' | 'POST' = 'GET',
    form: (e: Awaited<ReturnType<typeof electionAt>>) => Record<string, string> = () => ({}),
    options: { tally?: boolean } = {},
  ): MatrixRow['request'] =>
  async (fixture, target) => {
    const election = await electionAt(fixture, target, status, options);
    return method === 'GET'
      ? { method, url: url(election) }
      : { method, url: url(election), form: form(election) };
  };

/** Portal pages: the matrix's person is connected to the actors' own organisation. */
const personal = (route: string, request: MatrixRow['request']): MatrixRow => ({
  route,
  access: 'person',
  organisationScoped: false,
  request,
});
const own =
  (request: MatrixRow['request']): MatrixRow['request'] =>
  (fixture) =>
    request(fixture, fixture.organisations.own);

const newElectionForm = (organisationId: string) => {
  const [ny, nm, nd] = inDays(7).split('-');
  const [vy, vm, vd] = inDays(14).split('-');
  return {
    organisationId,
    roleEn: 'Representative',
    roleCy: 'Cynrychiolydd',
    seats: '1',
    selfNomination: 'yes',
    electorate: 'connected',
    'nominations-day': nd!,
    'nominations-month': nm!,
    'nominations-year': ny!,
    'voting-day': vd!,
    'voting-month': vm!,
    'voting-year': vy!,
  };
};

export const electionsMatrix: MatrixRow[] = [
  unscoped('GET /elections', countersAnywhere),
  unscoped('GET /elections/new', managersAnywhere),
  {
    route: 'POST /elections/new',
    access: managing,
    request: (_fixture, target) => ({
      method: 'POST',
      url: '/elections/new',
      form: newElectionForm(target),
    }),
  },
  // without a draft in the session these send the actor back to the form
  unscoped('GET /elections/new/check', managersAnywhere),
  unscoped('POST /elections/new/check', managersAnywhere, { form: {} }),
  {
    route: 'GET /elections/:id',
    access: counting,
    request: at('voting', (e) => `/elections/${e.id}`),
  },
  {
    route: 'GET /elections/:id/nominate',
    access: managing,
    request: at('nominations', (e) => `/elections/${e.id}/nominate?q=Person`),
  },
  {
    route: 'POST /elections/:id/nominate',
    access: managing,
    request: at(
      'nominations',
      (e) => `/elections/${e.id}/nominate`,
      'POST',
      (e) => ({ personId: e.standing, method: 'staff' }),
    ),
  },
  {
    route: 'POST /elections/:id/nominations/:nominationId/answer',
    access: managing,
    request: at(
      'nominations',
      (e) => `/elections/${e.id}/nominations/${e.pending}/answer`,
      'POST',
      () => ({ answer: 'accept' }),
    ),
  },
  {
    route: 'POST /elections/:id/open-voting',
    access: managing,
    request: at('nominations', (e) => `/elections/${e.id}/open-voting`, 'POST'),
  },
  {
    route: 'POST /elections/:id/close-voting',
    access: managing,
    request: at('voting', (e) => `/elections/${e.id}/close-voting`, 'POST'),
  },
  {
    route: 'POST /elections/:id/cancel',
    access: managing,
    request: at('nominations', (e) => `/elections/${e.id}/cancel`, 'POST'),
  },
  {
    route: 'POST /elections/:id/publish',
    access: managing,
    request: at('counting', (e) => `/elections/${e.id}/publish`, 'POST'),
  },
  {
    route: 'GET /elections/:id/paper-voters',
    access: counting,
    request: at('voting', (e) => `/elections/${e.id}/paper-voters?q=Person`),
  },
  {
    route: 'POST /elections/:id/paper-voters',
    access: counting,
    request: at(
      'voting',
      (e) => `/elections/${e.id}/paper-voters`,
      'POST',
      (e) => ({ personId: e.standing }),
    ),
  },
  {
    route: 'GET /elections/:id/tally',
    access: counting,
    request: at('counting', (e) => `/elections/${e.id}/tally`),
  },
  {
    route: 'POST /elections/:id/tally',
    access: counting,
    request: at(
      'counting',
      (e) => `/elections/${e.id}/tally`,
      'POST',
      (e) => ({ ballots: '0', [`votes-${e.accepted}`]: '0' }),
    ),
  },
  {
    route: 'POST /elections/:id/tally/confirm',
    access: counting,
    request: at(
      'counting',
      (e) => `/elections/${e.id}/tally/confirm`,
      'POST',
      () => ({}),
      { tally: true },
    ),
  },
  personal('GET /portal/elections', () => ({ method: 'GET', url: '/portal/elections' })),
  personal('GET /portal/elections/:id', own(at('nominations', (e) => `/portal/elections/${e.id}`))),
  personal(
    'POST /portal/elections/:id/nominate-self',
    own(at('nominations', (e) => `/portal/elections/${e.id}/nominate-self`, 'POST')),
  ),
  personal(
    'POST /portal/elections/:id/suggest',
    own(
      at(
        'nominations',
        (e) => `/portal/elections/${e.id}/suggest`,
        'POST',
        () => ({
          name: 'A member',
        }),
      ),
    ),
  ),
  personal(
    'POST /portal/elections/:id/answer',
    own(
      at(
        'nominations',
        (e) => `/portal/elections/${e.id}/answer`,
        'POST',
        () => ({
          answer: 'accept',
        }),
      ),
    ),
  ),
  personal(
    'POST /portal/elections/:id/vote',
    own(
      at(
        'voting',
        (e) => `/portal/elections/${e.id}/vote`,
        'POST',
        (e) => ({
          choice: e.accepted,
        }),
      ),
    ),
  ),
];
