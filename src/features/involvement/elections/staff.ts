import { sql } from 'kysely';
import type { Actor, PortalPerson } from '#platform/auth/sessions.ts';
import { contactPeople, contactPerson, summariseContacts } from '#features/register';
import type { ElectionStatus } from './tables.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import { organisationsInScope, visibleTo } from '#features/register';
import { viewerOf } from '#features/register';
import type { ElectionInput } from './schema.ts';
import {
  PAGE_SIZE,
  ElectionError,
  londonToday,
  type Election,
  electionColumns,
  loadElection,
  electorateCondition,
  likePrefix,
  type ResultRow,
} from './model.ts';
import type { ElectionContext } from './context.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

/** Staff running an election: listing, setting up, nominations, opening and closing voting. */
export function electionStaffCommands(context: ElectionContext) {
  const { db, deps, personalisation, record, lockAt, moveTo, isEligible, candidates, auditShown } =
    context;
  return {
    find: (id: string) => loadElection(db, id),

    /** Organisations where the actor may run elections (for the "new election" form). */
    organisationsFor: (actor: Actor) => organisationsInScope(db, scopeOf(actor, 'election.manage')),

    /** An organisation (not archived) an election may be run at, if it exists. */
    organisation: (id: string) =>
      db
        .selectFrom('organisations')
        .select(['id', 'ancestors', 'name_en', 'name_cy'])
        .where('id', '=', id)
        .where('archived_at', 'is', null)
        .executeTakeFirst(),

    /** Elections at organisations where the actor may run or count them, newest first. */
    async list(actor: Actor, filters: { status?: ElectionStatus | undefined; page: number }) {
      const manage = scopeOf(actor, 'election.manage');
      const count = scopeOf(actor, 'election.count');
      const scope = manage === null || count === null ? null : [...new Set([...manage, ...count])];
      if (scope?.length === 0) return { rows: [], total: 0, page: 1, pageCount: 1 };
      let query = db
        .selectFrom('elections as e')
        .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
        .where(inSubtrees(scope));
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
        await moveTo(trx, election, 'voting', 'voting_opened_at');
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
        await moveTo(trx, election, 'counting', 'voting_closed_at');
        await record(trx, actor, 'election.voting_closed', election);
      });
    },

    async cancel(actor: Actor, electionId: string) {
      return db.transaction().execute(async (trx) => {
        const election = await lockAt(trx, electionId, ['nominations', 'voting', 'counting']);
        await moveTo(trx, election, 'cancelled');
        await record(trx, actor, 'election.cancelled', election, { from: election.status });
      });
    },
  };
}
