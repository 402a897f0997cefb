import { sql } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import { visibleTo } from '#features/register';
import { viewerOf } from '#features/register';
import type { TallyInput } from './schema.ts';
import { ElectionError } from './model.ts';
import type { ElectionContext } from './context.ts';

type Executor = ElectionContext['db'];

/** The election's accepted nominations (the candidates on the ballot). */
const acceptedNominations = (executor: Executor, electionId: string) =>
  executor
    .selectFrom('election_nominations')
    .select('id')
    .where('election_id', '=', electionId)
    .where('status', '=', 'accepted')
    .execute();

/** How many voters voted on paper (marked by staff). */
const paperVoters = (executor: Executor, electionId: string) =>
  executor
    .selectFrom('election_voters')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('election_id', '=', electionId)
    .where('voted_via', '=', 'paper')
    .executeTakeFirstOrThrow();

/** Paper voters and the paper count (entered by one member of staff, confirmed by another), and publishing the result. */
export function electionCountCommands(context: ElectionContext) {
  const { db, record, lockAt, moveTo } = context;
  return {
    /** The accepted nominations' ids: the candidates a paper count has a box for. */
    async acceptedNominationIds(electionId: string) {
      const accepted = await acceptedNominations(db, electionId);
      return accepted.map((n) => n.id);
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
        const onBallot = await acceptedNominations(trx, election.id);
        const paper = await paperVoters(trx, election.id);
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
        const paper = await paperVoters(trx, election.id);
        const tally = await trx
          .selectFrom('election_paper_tallies')
          .select(['counts', 'confirmed_by'])
          .where('election_id', '=', election.id)
          .executeTakeFirst();
        if ((paper.n > 0 || tally) && !tally?.confirmed_by)
          throw new ElectionError('tallyNotConfirmed');
        const accepted = await acceptedNominations(trx, election.id);
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
        await moveTo(trx, election, 'published', 'published_at');
        await record(trx, actor, 'election.published', election, {
          candidates: tallied.length,
          tie,
        });
      });
    },
  };
}
