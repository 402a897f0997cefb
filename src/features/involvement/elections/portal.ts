import { sql } from 'kysely';
import type { PortalPerson } from '#platform/auth/sessions.ts';
import type { ElectionStatus, Electorate } from './tables.ts';
import { ElectionError, londonToday, loadElection } from './model.ts';
import type { ElectionContext } from './context.ts';

/** The people's portal: the elections a person may take part in, nominating, suggesting, voting. */
/** The person's place in the electorate (and how they voted, if they have), or undefined. */
const voterOf = (executor: ElectionContext['db'], electionId: string, personId: string) =>
  executor
    .selectFrom('election_voters')
    .select('voted_via')
    .where('election_id', '=', electionId)
    .where('person_id', '=', personId)
    .executeTakeFirst();

export function electionPortalCommands(context: ElectionContext) {
  const { db, record, lockAt, nominationsOpen, isEligible, candidates, resultsOf } = context;
  return {
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
      const voter = await voterOf(db, election.id, person.id);
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
          const voter = await voterOf(trx, election.id, person.id);
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
}
