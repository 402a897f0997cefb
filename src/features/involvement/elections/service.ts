import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import { appendAuditBatch } from '#platform/audit/audit-batch.ts';
import type { Actor, PortalPerson } from '#platform/auth/sessions.ts';
import {
  contactPeople,
  contactPerson,
  summariseContacts,
  type ContactDependencies,
} from '#features/register';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import type { ElectionStatus, Electorate } from './tables.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import { visibleTo } from '#features/register';
import { viewerOf } from '#features/register';
import type { ElectionInput, TallyInput } from './schema.ts';

/**
 * Peer elections of representatives (issue 4 item 7). Staff open an election for a role; members
 * nominate (themselves, where allowed, or suggest someone by name for staff to enter); nominees
 * accept; when voting opens the electorate is fixed in `election_voters`; each member votes once,
 * in the portal or on paper. The secret ballot: the "has voted" flag (election_voters) and the
 * ballot (election_ballots: no person, no time, random id) are written in one transaction but
 * never linked. Paper ballots are counted by one member of staff and confirmed by another.
 */
type Db = Kysely<DB>;

export const PAGE_SIZE = 25;

/** A refusal the person or member of staff can act on: `elections:errors.<code>`. */
export class ElectionError extends Error {
  constructor(
    readonly code: string,
    readonly field = 'form',
  ) {
    super(code);
  }
}

/** Today in Europe/London, as YYYY-MM-DD. */
export function londonToday(now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

export interface Election {
  id: string;
  organisationId: string;
  organisation: { id: string; ancestors: string[]; nameEn: string; nameCy: string };
  roleEn: string;
  roleCy: string;
  descriptionEn: string | null;
  descriptionCy: string | null;
  seats: number;
  selfNomination: boolean;
  electorate: Electorate;
  nominationsCloseOn: string;
  votingClosesOn: string;
  status: ElectionStatus;
  createdBy: string | null;
  votingOpenedAt: Date | null;
  publishedAt: Date | null;
}

const electionColumns = [
  'e.id',
  'e.organisation_id as organisationId',
  'e.role_en as roleEn',
  'e.role_cy as roleCy',
  'e.description_en as descriptionEn',
  'e.description_cy as descriptionCy',
  'e.seats',
  'e.self_nomination as selfNomination',
  'e.electorate',
  'e.nominations_close_on as nominationsCloseOn',
  'e.voting_closes_on as votingClosesOn',
  'e.status',
  'e.created_by as createdBy',
  'e.voting_opened_at as votingOpenedAt',
  'e.published_at as publishedAt',
  'o.ancestors',
  'o.name_en as organisationNameEn',
  'o.name_cy as organisationNameCy',
] as const;

async function loadElection(
  db: Db,
  id: string,
  lock?: 'update' | 'share',
): Promise<Election | null> {
  let query = db
    .selectFrom('elections as e')
    .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
    .select(electionColumns)
    .where('e.id', '=', id);
  if (lock === 'update') query = query.forUpdate('e');
  if (lock === 'share') query = query.forShare('e');
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const { ancestors, organisationNameEn, organisationNameCy, ...rest } = row;
  return {
    ...rest,
    organisation: {
      id: row.organisationId,
      ancestors,
      nameEn: organisationNameEn,
      nameCy: organisationNameCy,
    },
  };
}

/**
 * The SQL condition "person `alias` belongs to the election's electorate on `asOf`": active, not
 * erased, connected to the organisation or one below it; for a forum electorate, also took part
 * in a forum at the organisation or below it in the 12 months before `asOf`.
 */
export function electorateCondition(
  election: Pick<Election, 'organisationId' | 'electorate'>,
  asOf: string,
  alias = 'p',
): RawBuilder<boolean> {
  const p = (column: string) => sql.ref(`${alias}.${column}`);
  const org = sql.val([election.organisationId]);
  const connected = sql<boolean>`${p('erased_at')} is null and ${p('status')} = 'active'
    and ${p('scope_ids')} @> ${org}::uuid[]`;
  if (election.electorate === 'connected') return sql<boolean>`(${connected})`;
  return sql<boolean>`(${connected} and exists (select 1 from involvement_records r
    join organisations ro on ro.id = r.organisation_id
    where r.person_id = ${p('id')} and r.method = 'forum'
      and ro.ancestors @> ${org}::uuid[]
      and r.took_part_on > (${asOf}::date - interval '12 months')::date
      and r.took_part_on <= ${asOf}::date))`;
}

const likePrefix = (text: string) => `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface Candidate {
  nominationId: string;
  personId: string;
  displayName: string;
  status: 'pending' | 'accepted' | 'declined';
  method: string;
  selfNominated: boolean;
  /** Once published. */
  result: Omit<ResultRow, 'nominationId' | 'displayName'> | null;
}

export interface ResultRow {
  nominationId: string;
  displayName: string;
  portalVotes: number;
  paperVotes: number;
  votes: number;
  elected: boolean;
  tied: boolean;
}

/** A date in the person's language, for a message (Europe/London). */
const messageDate = (iso: string, language: string) =>
  new Intl.DateTimeFormat(language === 'cy' ? 'cy-GB' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  }).format(new Date(`${iso}T12:00:00Z`));

export function createElectionService(deps: {
  db: Database;
  audit: AuditLog;
  /** The safe-contact function's dependencies: nominees and voters are told through it. */
  contact: Omit<ContactDependencies, 'notifier'>;
  publicUrl: string;
}) {
  const { db, audit } = deps;

  /** What a message about the election says, in the person's language. */
  const personalisation = (election: Election, language: string, closingDate: string) => ({
    role: language === 'cy' ? election.roleCy : election.roleEn,
    organisation: language === 'cy' ? election.organisation.nameCy : election.organisation.nameEn,
    closingDate: messageDate(closingDate, language),
    link: `${deps.publicUrl.replace(/\/$/, '')}/portal/elections/${election.id}`,
  });

  const record = (
    trx: Db,
    actor: Actor | null,
    action: string,
    election: Pick<Election, 'id' | 'organisationId'>,
    details: Record<string, unknown> = {},
    subject?: { type: string; id: string },
  ) =>
    audit.record(
      {
        actorAccountId: actor?.id ?? null,
        action,
        subjectType: subject?.type ?? 'election',
        subjectId: subject?.id ?? election.id,
        organisationId: election.organisationId,
        details: subject ? { electionId: election.id, ...details } : details,
      },
      trx,
    );

  /** Locks the election for a change and checks it is at one of the statuses given. */
  async function lockAt(trx: Db, id: string, statuses: ElectionStatus[]) {
    const election = await loadElection(trx, id, 'update');
    if (!election) throw new ElectionError('notFound');
    if (!statuses.includes(election.status)) throw new ElectionError('wrongStatus');
    return election;
  }

  const nominationsOpen = (election: Election) =>
    election.status === 'nominations' && londonToday() <= election.nominationsCloseOn;

  async function isEligible(
    trx: Db,
    election: Pick<Election, 'organisationId' | 'electorate'>,
    personId: string,
  ) {
    const row = await sql<{ ok: boolean }>`select true as ok from people p
      where p.id = ${personId} and ${electorateCondition(election, londonToday())}`.execute(trx);
    return row.rows.length > 0;
  }

  async function candidates(trx: Db, electionId: string): Promise<Candidate[]> {
    const rows = await trx
      .selectFrom('election_nominations as n')
      .innerJoin('people as p', 'p.id', 'n.person_id')
      .leftJoin('election_results as r', 'r.nomination_id', 'n.id')
      .select([
        'n.id as nominationId',
        'n.person_id as personId',
        // an erased person's name shows as "Erased person" in the page's language
        sql<string>`case when p.erased_at is null then p.display_name else '' end`.as(
          'displayName',
        ),
        'n.status',
        'n.method',
        sql<boolean>`coalesce(n.nominated_by_person_id = n.person_id, false)`.as('selfNominated'),
        sql<Omit<
          ResultRow,
          'nominationId' | 'displayName'
        > | null>`case when r.nomination_id is null then null else jsonb_build_object(
          'portalVotes', r.portal_votes, 'paperVotes', r.paper_votes, 'votes', r.votes,
          'elected', r.elected, 'tied', r.tied) end`.as('result'),
      ])
      .where('n.election_id', '=', electionId)
      .orderBy('p.display_name')
      .execute();
    return rows;
  }

  /** One audit entry per named person shown on a staff page. */
  const auditShown = (
    trx: Db,
    actor: Actor,
    election: Election,
    action: string,
    personIds: string[],
  ) =>
    appendAuditBatch(
      trx,
      personIds.map((id) => ({
        actorAccountId: actor.id,
        action,
        subjectType: 'person',
        subjectId: id,
        organisationId: election.organisationId,
        details: { electionId: election.id },
      })),
    );

  return {
    find: (id: string) => loadElection(db, id),

    /** Elections at organisations where the actor may run or count them, newest first. */
    async list(actor: Actor, filters: { status?: ElectionStatus | undefined; page: number }) {
      const manage = scopeOf(actor, 'election.manage');
      const count = scopeOf(actor, 'election.count');
      const scope = manage === null || count === null ? null : [...new Set([...manage, ...count])];
      if (scope?.length === 0) return { rows: [], total: 0, page: 1, pageCount: 1 };
      let query = db
        .selectFrom('elections as e')
        .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
        .$if(scope !== null, (qb) =>
          qb.where(sql<boolean>`o.ancestors && ${sql.val(scope)}::uuid[]`),
        );
      if (filters.status) query = query.where('e.status', '=', filters.status);
      const total = Number(
        (await query.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n,
      );
      const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
      const page = Math.min(Math.max(1, filters.page), pageCount);
      const rows = await query
        .select(electionColumns)
        .orderBy('e.created_at', 'desc')
        .orderBy('e.id')
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .execute();
      return { rows, total, page, pageCount };
    },

    async create(actor: Actor, input: ElectionInput) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('elections')
          .values({
            organisation_id: input.organisationId,
            role_en: input.roleEn,
            role_cy: input.roleCy,
            description_en: input.descriptionEn,
            description_cy: input.descriptionCy,
            seats: input.seats,
            self_nomination: input.selfNomination,
            electorate: input.electorate,
            nominations_close_on: input.nominationsCloseOn,
            voting_closes_on: input.votingClosesOn,
            created_by: actor.id,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await record(trx, actor, 'election.created', {
          id: row.id,
          organisationId: input.organisationId,
        });
        return row.id;
      });
    },

    /** Everything the staff page shows; the nominees' names are audited as read. */
    async details(actor: Actor, election: Election) {
      return db.transaction().execute(async (trx) => {
        const nominees = await candidates(trx, election.id);
        // turnout, the paper count and members' suggestions in one statement
        const summary = await sql<{
          electorate: number;
          portal: number;
          paper: number;
          tally: {
            ballots: number;
            counts: Record<string, number>;
            enteredBy: string;
            enteredAt: string;
            confirmedBy: string | null;
            confirmedAt: string | null;
          } | null;
          suggestions: { id: string; name: string; createdAt: string }[];
        }>`select
            (select count(*)::int from election_voters v where v.election_id = e.id) as electorate,
            (select count(*)::int from election_voters v
              where v.election_id = e.id and v.voted_via = 'portal') as portal,
            (select count(*)::int from election_voters v
              where v.election_id = e.id and v.voted_via = 'paper') as paper,
            (select jsonb_build_object('ballots', t.ballots, 'counts', t.counts,
                'enteredBy', t.entered_by, 'enteredAt', t.entered_at,
                'confirmedBy', t.confirmed_by, 'confirmedAt', t.confirmed_at)
              from election_paper_tallies t where t.election_id = e.id) as tally,
            (select coalesce(jsonb_agg(jsonb_build_object('id', s.id, 'name', s.name,
                'createdAt', s.created_at) order by s.created_at), '[]'::jsonb)
              from (select * from election_suggestions x
                where x.election_id = e.id and x.handled_at is null
                order by x.created_at limit 100) s) as suggestions
          from elections e where e.id = ${election.id}`.execute(trx);
        const row = summary.rows[0]!;
        const results: ResultRow[] = nominees
          .filter((n) => n.result !== null)
          .map((n) => ({ nominationId: n.nominationId, displayName: n.displayName, ...n.result! }))
          .sort((a, b) => b.votes - a.votes || a.displayName.localeCompare(b.displayName));
        await auditShown(
          trx,
          actor,
          election,
          'election.nominees_viewed',
          nominees.map((n) => n.personId),
        );
        return {
          nominees,
          suggestions: row.suggestions,
          turnout: { electorate: row.electorate, portal: row.portal, paper: row.paper },
          tally: row.tally,
          results,
        };
      });
    },

    /** People in the electorate whom the actor may see, by the start of their name (audited). */
    async searchElectorate(actor: Actor, election: Election, name: string, voters = false) {
      return db.transaction().execute(async (trx) => {
        const viewer = viewerOf(actor);
        const rows = voters
          ? await sql<{ id: string; displayName: string; votedVia: string | null }>`
              select p.id, p.display_name as "displayName", v.voted_via as "votedVia"
              from election_voters v join people p on p.id = v.person_id
              where v.election_id = ${election.id} and p.erased_at is null and ${visibleTo(viewer)}
                and lower(p.display_name) like ${likePrefix(name)}
              order by p.display_name limit ${PAGE_SIZE}`.execute(trx)
          : await sql<{ id: string; displayName: string; votedVia: string | null }>`
              select p.id, p.display_name as "displayName", null as "votedVia" from people p
              where ${electorateCondition(election, londonToday())} and ${visibleTo(viewer)}
                and lower(p.display_name) like ${likePrefix(name)}
              order by p.display_name limit ${PAGE_SIZE}`.execute(trx);
        await auditShown(
          trx,
          actor,
          election,
          voters ? 'election.voters_viewed' : 'election.electorate_viewed',
          rows.rows.map((r) => r.id),
        );
        return rows.rows;
      });
    },

    async suggestion(election: Election, id: string) {
      return db
        .selectFrom('election_suggestions')
        .select(['id', 'name', 'suggested_by as suggestedBy'])
        .where('election_id', '=', election.id)
        .where('id', '=', id)
        .where('handled_at', 'is', null)
        .executeTakeFirst();
    },

    /** Staff enter a nomination (from a member's suggestion, a paper form or a phone call). */
    async nominateByStaff(
      actor: Actor,
      electionId: string,
      input: { personId: string; method: 'staff' | 'paper'; suggestionId?: string | undefined },
    ) {
      return db.transaction().execute(async (trx) => {
        const election = await lockAt(trx, electionId, ['nominations']);
        const visible = await sql<{ id: string }>`select p.id from people p
          where p.id = ${input.personId} and ${visibleTo(viewerOf(actor))}`.execute(trx);
        if (!visible.rows.length || !(await isEligible(trx, election, input.personId)))
          throw new ElectionError('notInElectorate', 'personId');
        let nominatedBy: string | null = null;
        if (input.suggestionId) {
          const suggestion = await trx
            .selectFrom('election_suggestions')
            .select('suggested_by')
            .where('id', '=', input.suggestionId)
            .where('election_id', '=', election.id)
            .where('handled_at', 'is', null)
            .executeTakeFirst();
          if (!suggestion) throw new ElectionError('suggestionGone');
          nominatedBy = suggestion.suggested_by;
        }
        if (nominatedBy === input.personId && !election.selfNomination)
          throw new ElectionError('selfNotAllowed', 'personId');
        const inserted = await trx
          .insertInto('election_nominations')
          .values({
            election_id: election.id,
            person_id: input.personId,
            nominated_by_person_id: nominatedBy,
            method: input.method,
            created_by: actor.id,
          })
          .onConflict((oc) => oc.columns(['election_id', 'person_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) throw new ElectionError('alreadyNominated', 'personId');
        if (input.suggestionId)
          await trx
            .updateTable('election_suggestions')
            .set({ handled_at: sql<Date>`now()`, handled_by: actor.id })
            .where('id', '=', input.suggestionId)
            .execute();
        // the nominee is told (their consent, channels and language permitting) and can answer
        const nominee = await trx
          .selectFrom('people')
          .select('preferred_language')
          .where('id', '=', input.personId)
          .executeTakeFirstOrThrow();
        const told = await contactPerson(deps.contact, trx, {
          personId: input.personId,
          organisationId: election.organisationId,
          template: 'electionNominated',
          personalisation: personalisation(
            election,
            nominee.preferred_language,
            election.nominationsCloseOn,
          ),
        });
        await record(
          trx,
          actor,
          'election.nomination_added',
          election,
          { method: input.method, nominationId: inserted.id, told: told.status },
          { type: 'person', id: input.personId },
        );
        return inserted.id;
      });
    },

    /** A nominee's answer, recorded by staff (e.g. by phone) or by the person in the portal. */
    async respond(
      who: { actor: Actor } | { person: PortalPerson },
      electionId: string,
      nominationId: string | null,
      answer: 'accept' | 'decline',
    ) {
      return db.transaction().execute(async (trx) => {
        const election = await lockAt(trx, electionId, ['nominations']);
        let query = trx
          .updateTable('election_nominations')
          .set({
            status: answer === 'accept' ? 'accepted' : 'declined',
            responded_at: sql<Date>`now()`,
          })
          .where('election_id', '=', election.id);
        query =
          'person' in who
            ? query.where('person_id', '=', who.person.id)
            : query.where('id', '=', nominationId ?? '');
        const updated = await query.returning('person_id').executeTakeFirst();
        if (!updated) throw new ElectionError('notNominated');
        await record(
          trx,
          'actor' in who ? who.actor : null,
          'election.nomination_answered',
          election,
          { answer, by: 'actor' in who ? 'staff' : 'person' },
          { type: 'person', id: updated.person_id },
        );
      });
    },

    /** Staff move an election on: open voting (fixing the electorate), close it, cancel it. */
    async openVoting(actor: Actor, electionId: string) {
      return db.transaction().execute(async (trx) => {
        const election = await lockAt(trx, electionId, ['nominations']);
        const accepted = await trx
          .selectFrom('election_nominations')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('election_id', '=', election.id)
          .where('status', '=', 'accepted')
          .executeTakeFirstOrThrow();
        if (accepted.n === 0) throw new ElectionError('noCandidates');
        const inserted = await sql<{ person_id: string }>`insert into election_voters
            (election_id, person_id)
          select ${election.id}::uuid, p.id from people p
          where ${electorateCondition(election, londonToday())}
          returning person_id`.execute(trx);
        const size = inserted.rows.length;
        if (size === 0) throw new ElectionError('noElectorate');
        // every member of the electorate is told, in their language, through the safe-contact rules
        const told = await contactPeople(deps.contact, trx, {
          personIds: inserted.rows.map((r) => r.person_id),
          organisationId: election.organisationId,
          template: 'electionVotingOpen',
          personalisation: ({ language }) =>
            personalisation(election, language, election.votingClosesOn),
          samePersonalisationForLanguage: true,
          recordBlocked: 'tasks',
        });
        await trx
          .updateTable('elections')
          .set({
            status: 'voting',
            voting_opened_at: sql<Date>`now()`,
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', election.id)
          .execute();
        await record(trx, actor, 'election.voting_opened', election, {
          electorate: size,
          candidates: accepted.n,
          told: summariseContacts(told),
        });
        return size;
      });
    },

    async closeVoting(actor: Actor, electionId: string) {
      return db.transaction().execute(async (trx) => {
        const election = await lockAt(trx, electionId, ['voting']);
        await trx
          .updateTable('elections')
          .set({
            status: 'counting',
            voting_closed_at: sql<Date>`now()`,
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', election.id)
          .execute();
        await record(trx, actor, 'election.voting_closed', election);
      });
    },

    async cancel(actor: Actor, electionId: string) {
      return db.transaction().execute(async (trx) => {
        const election = await lockAt(trx, electionId, ['nominations', 'voting', 'counting']);
        await trx
          .updateTable('elections')
          .set({ status: 'cancelled', updated_at: sql<Date>`now()` })
          .where('id', '=', election.id)
          .execute();
        await record(trx, actor, 'election.cancelled', election, { from: election.status });
      });
    },

    /**
     * A member voted on paper: marked as having voted, so they cannot vote in the portal too.
     * Someone who already voted in the portal is refused (their paper ballot must not count).
     */
    async markPaperVoter(actor: Actor, electionId: string, personId: string) {
      return db.transaction().execute(async (trx) => {
        const election = await lockAt(trx, electionId, ['voting']);
        const voter = await trx
          .selectFrom('election_voters as v')
          .innerJoin('people as p', 'p.id', 'v.person_id')
          .select('v.voted_via')
          .where('v.election_id', '=', election.id)
          .where('v.person_id', '=', personId)
          .where(visibleTo(viewerOf(actor)))
          .executeTakeFirst();
        if (!voter) throw new ElectionError('notInElectorate', 'personId');
        const marked = await trx
          .updateTable('election_voters')
          .set({ voted_via: 'paper' })
          .where('election_id', '=', election.id)
          .where('person_id', '=', personId)
          .where('voted_via', 'is', null)
          .returning('person_id')
          .executeTakeFirst();
        if (!marked) throw new ElectionError(`alreadyVoted.${voter.voted_via ?? 'paper'}`);
        await record(
          trx,
          actor,
          'election.paper_vote_marked',
          election,
          {},
          { type: 'person', id: personId },
        );
      });
    },

    /** The count of paper ballots; entering it again replaces it until it is confirmed. */
    async enterTally(actor: Actor, electionId: string, input: TallyInput) {
      return db.transaction().execute(async (trx) => {
        const election = await lockAt(trx, electionId, ['counting']);
        const existing = await trx
          .selectFrom('election_paper_tallies')
          .select('confirmed_by')
          .where('election_id', '=', election.id)
          .executeTakeFirst();
        if (existing?.confirmed_by) throw new ElectionError('tallyConfirmed');
        const onBallot = await trx
          .selectFrom('election_nominations')
          .select('id')
          .where('election_id', '=', election.id)
          .where('status', '=', 'accepted')
          .execute();
        const paper = await trx
          .selectFrom('election_voters')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('election_id', '=', election.id)
          .where('voted_via', '=', 'paper')
          .executeTakeFirstOrThrow();
        if (input.ballots > paper.n)
          throw new ElectionError('moreBallotsThanPaperVoters', 'ballots');
        const counts: Record<string, number> = {};
        let sum = 0;
        for (const { id } of onBallot) {
          const votes = input.counts[id] ?? 0;
          if (votes > input.ballots) throw new ElectionError('moreVotesThanBallots', `votes-${id}`);
          counts[id] = votes;
          sum += votes;
        }
        if (sum > input.ballots * election.seats)
          throw new ElectionError('tooManyVotes', 'ballots');
        await trx
          .insertInto('election_paper_tallies')
          .values({
            election_id: election.id,
            ballots: input.ballots,
            counts: JSON.stringify(counts),
            entered_by: actor.id,
          })
          .onConflict((oc) =>
            oc.column('election_id').doUpdateSet({
              ballots: input.ballots,
              counts: JSON.stringify(counts),
              entered_by: actor.id,
              entered_at: sql<Date>`now()`,
            }),
          )
          .execute();
        await record(trx, actor, 'election.tally_entered', election, { ballots: input.ballots });
      });
    },

    /** A different member of staff confirms the paper count (checked here and by the database). */
    async confirmTally(actor: Actor, electionId: string) {
      return db.transaction().execute(async (trx) => {
        const election = await lockAt(trx, electionId, ['counting']);
        const tally = await trx
          .selectFrom('election_paper_tallies')
          .select(['entered_by', 'confirmed_by'])
          .where('election_id', '=', election.id)
          .executeTakeFirst();
        if (!tally) throw new ElectionError('noTally');
        if (tally.confirmed_by) throw new ElectionError('tallyConfirmed');
        if (tally.entered_by === actor.id) throw new ElectionError('sameCounter');
        await trx
          .updateTable('election_paper_tallies')
          .set({ confirmed_by: actor.id, confirmed_at: sql<Date>`now()` })
          .where('election_id', '=', election.id)
          .execute();
        await record(trx, actor, 'election.tally_confirmed', election);
      });
    },

    /** Counts the votes and publishes the result to the electorate and staff. */
    async publish(actor: Actor, electionId: string) {
      return db.transaction().execute(async (trx) => {
        const election = await lockAt(trx, electionId, ['counting']);
        const paper = await trx
          .selectFrom('election_voters')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('election_id', '=', election.id)
          .where('voted_via', '=', 'paper')
          .executeTakeFirstOrThrow();
        const tally = await trx
          .selectFrom('election_paper_tallies')
          .select(['counts', 'confirmed_by'])
          .where('election_id', '=', election.id)
          .executeTakeFirst();
        if ((paper.n > 0 || tally) && !tally?.confirmed_by)
          throw new ElectionError('tallyNotConfirmed');
        const accepted = await trx
          .selectFrom('election_nominations')
          .select('id')
          .where('election_id', '=', election.id)
          .where('status', '=', 'accepted')
          .execute();
        const portal = await sql<{ id: string; votes: number }>`
          select c.id, count(*)::int as votes from election_ballots b, unnest(b.choices) as c(id)
          where b.election_id = ${election.id} group by c.id`.execute(trx);
        const portalVotes = new Map(portal.rows.map((r) => [r.id, r.votes]));
        const paperVotes = tally?.counts ?? {};
        const tallied = accepted
          .map(({ id }) => {
            const p = portalVotes.get(id) ?? 0;
            const q = paperVotes[id] ?? 0;
            return { id, portal: p, paper: q, votes: p + q };
          })
          .sort((a, b) => b.votes - a.votes);
        const cut = tallied[election.seats - 1]?.votes;
        const above = tallied.filter((c) => cut !== undefined && c.votes > cut).length;
        const atCut = tallied.filter((c) => c.votes === cut).length;
        // everyone at the cut-off is elected if there are seats for them all; otherwise a tie
        const tie = cut !== undefined && above + atCut > election.seats;
        if (tallied.length) {
          await trx
            .insertInto('election_results')
            .values(
              tallied.map((c) => ({
                election_id: election.id,
                nomination_id: c.id,
                portal_votes: c.portal,
                paper_votes: c.paper,
                votes: c.votes,
                elected: cut === undefined || c.votes > cut || (c.votes === cut && !tie),
                tied: tie && c.votes === cut,
              })),
            )
            .execute();
        }
        await trx
          .updateTable('elections')
          .set({
            status: 'published',
            published_at: sql<Date>`now()`,
            updated_at: sql<Date>`now()`,
          })
          .where('id', '=', election.id)
          .execute();
        await record(trx, actor, 'election.published', election, {
          candidates: tallied.length,
          tie,
        });
      });
    },

    // ------------------------------------------------------------ the portal

    /** Elections this person may take part in now, or whose results they can see. */
    async forPerson(person: PortalPerson) {
      const today = londonToday();
      const rows = await sql<{
        id: string;
        organisationId: string;
        electorate: Electorate;
        roleEn: string;
        roleCy: string;
        status: ElectionStatus;
        nominationsCloseOn: string;
        votingClosesOn: string;
        votedVia: string | null;
      }>`select e.id, e.organisation_id as "organisationId", e.electorate,
          e.role_en as "roleEn", e.role_cy as "roleCy", e.status,
          e.nominations_close_on as "nominationsCloseOn", e.voting_closes_on as "votingClosesOn",
          v.voted_via as "votedVia"
        from people p
        join elections e on (e.status = 'nominations' and e.nominations_close_on >= ${today}::date
            and e.organisation_id = any(p.scope_ids) and p.status = 'active' and p.erased_at is null)
          or (e.status in ('voting', 'counting', 'published') and exists (select 1
            from election_voters x where x.election_id = e.id and x.person_id = p.id))
        left join election_voters v on v.election_id = e.id and v.person_id = p.id
        where p.id = ${person.id}
        order by e.created_at desc limit 50`.execute(db);
      // a forum electorate also needs forum involvement: checked for those few elections
      const visible = [];
      for (const row of rows.rows) {
        if (row.status === 'nominations' && row.electorate === 'forum') {
          if (!(await isEligible(db, row, person.id))) continue;
        }
        visible.push(row);
      }
      return visible;
    },

    /** One election as the person sees it; null when they are not part of it. */
    async forPersonOne(person: PortalPerson, electionId: string) {
      const election = await loadElection(db, electionId);
      if (!election || election.status === 'cancelled') return null;
      const voter = await db
        .selectFrom('election_voters')
        .select('voted_via')
        .where('election_id', '=', election.id)
        .where('person_id', '=', person.id)
        .executeTakeFirst();
      if (election.status === 'nominations') {
        if (!(await isEligible(db, election, person.id))) return null;
      } else if (!voter) return null;
      const own = await db
        .selectFrom('election_nominations')
        .select(['id', 'status'])
        .where('election_id', '=', election.id)
        .where('person_id', '=', person.id)
        .executeTakeFirst();
      const ballot =
        election.status === 'voting'
          ? (await candidates(db, election.id)).filter((c) => c.status === 'accepted')
          : [];
      const results = election.status === 'published' ? await resultsOf(db, election.id) : [];
      return {
        election,
        nominationsOpen: nominationsOpen(election),
        votingOpen: election.status === 'voting' && londonToday() <= election.votingClosesOn,
        votedVia: voter?.voted_via ?? null,
        ownNomination: own ?? null,
        ballot,
        results,
      };
    },

    async nominateSelf(person: PortalPerson, electionId: string) {
      return db.transaction().execute(async (trx) => {
        const election = await lockAt(trx, electionId, ['nominations']);
        if (!nominationsOpen(election)) throw new ElectionError('nominationsClosed');
        if (!election.selfNomination) throw new ElectionError('selfNotAllowed');
        if (!(await isEligible(trx, election, person.id))) throw new ElectionError('notFound');
        const inserted = await trx
          .insertInto('election_nominations')
          .values({
            election_id: election.id,
            person_id: person.id,
            nominated_by_person_id: person.id,
            method: 'portal',
            status: 'accepted',
            responded_at: sql<Date>`now()`,
          })
          .onConflict((oc) => oc.columns(['election_id', 'person_id']).doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) throw new ElectionError('alreadyNominated');
        await record(
          trx,
          null,
          'election.nomination_added',
          election,
          { method: 'portal', by: 'person', self: true },
          { type: 'person', id: person.id },
        );
      });
    },

    /** A member suggests someone else by name; staff find them and enter the nomination. */
    async suggest(person: PortalPerson, electionId: string, name: string) {
      return db.transaction().execute(async (trx) => {
        const election = await lockAt(trx, electionId, ['nominations']);
        if (!nominationsOpen(election)) throw new ElectionError('nominationsClosed');
        if (!(await isEligible(trx, election, person.id))) throw new ElectionError('notFound');
        const open = await trx
          .selectFrom('election_suggestions')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('election_id', '=', election.id)
          .where('suggested_by', '=', person.id)
          .executeTakeFirstOrThrow();
        if (open.n >= 5) throw new ElectionError('tooManySuggestions', 'name');
        await trx
          .insertInto('election_suggestions')
          .values({ election_id: election.id, suggested_by: person.id, name })
          .execute();
        await record(
          trx,
          null,
          'election.nomination_suggested',
          election,
          { by: 'person' },
          { type: 'person', id: person.id },
        );
      });
    },

    /**
     * Casts a portal vote. The conditional update of the voter's flag (only while it is empty)
     * is the one-vote rule: a second request (another tab) waits for the first's row lock, then
     * finds the flag set and changes nothing, so its ballot is never written.
     */
    async vote(person: PortalPerson, electionId: string, choices: string[]) {
      return db.transaction().execute(async (trx) => {
        // a share lock: votes run side by side, but not alongside closing the election
        const election = await loadElection(trx, electionId, 'share');
        if (!election) throw new ElectionError('notFound');
        if (election.status !== 'voting' || londonToday() > election.votingClosesOn)
          throw new ElectionError('votingClosed');
        const unique = [...new Set(choices)];
        if (unique.length === 0) throw new ElectionError('chooseOne', 'choice');
        if (unique.length > election.seats) throw new ElectionError('tooManyChoices', 'choice');
        const valid = await trx
          .selectFrom('election_nominations')
          .select('id')
          .where('election_id', '=', election.id)
          .where('status', '=', 'accepted')
          .where('id', 'in', unique)
          .execute();
        if (valid.length !== unique.length) throw new ElectionError('chooseOne', 'choice');
        const marked = await trx
          .updateTable('election_voters')
          .set({ voted_via: 'portal' })
          .where('election_id', '=', election.id)
          .where('person_id', '=', person.id)
          .where('voted_via', 'is', null)
          .returning('person_id')
          .executeTakeFirst();
        if (!marked) {
          const voter = await trx
            .selectFrom('election_voters')
            .select('voted_via')
            .where('election_id', '=', election.id)
            .where('person_id', '=', person.id)
            .executeTakeFirst();
          if (!voter) throw new ElectionError('notFound');
          throw new ElectionError('alreadyVotedSelf');
        }
        // the ballot: no person, no time; choices sorted so their order says nothing either
        await trx
          .insertInto('election_ballots')
          .values({ election_id: election.id, choices: unique.sort() })
          .execute();
        await record(
          trx,
          null,
          'election.voted',
          election,
          { via: 'portal', by: 'person' },
          { type: 'person', id: person.id },
        );
      });
    },
  };

  async function resultsOf(trx: Db, electionId: string): Promise<ResultRow[]> {
    return trx
      .selectFrom('election_results as r')
      .innerJoin('election_nominations as n', 'n.id', 'r.nomination_id')
      .innerJoin('people as p', 'p.id', 'n.person_id')
      .select([
        'r.nomination_id as nominationId',
        // an erased person's name shows as "Erased person" in the page's language
        sql<string>`case when p.erased_at is null then p.display_name else '' end`.as(
          'displayName',
        ),
        'r.portal_votes as portalVotes',
        'r.paper_votes as paperVotes',
        'r.votes',
        'r.elected',
        'r.tied',
      ])
      .where('r.election_id', '=', electionId)
      .orderBy('r.votes', 'desc')
      .orderBy('p.display_name')
      .execute();
  }
}

export type ElectionService = ReturnType<typeof createElectionService>;
