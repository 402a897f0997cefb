import { demoOrganisations } from '#platform/seed/demo.ts';
import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { DemoContext } from '#platform/modules/contract.ts';
import { demoPersonId } from '#features/register';
import { seededRandom, stableUuid } from '#platform/seed/ids.ts';

/**
 * Demo peer elections (issue 4 item 7) in the fictional Cwm Ffug region:
 *  - the regional forum electing two service user representatives to the Area Planning Board,
 *    taking nominations now (one nominee standing, one asked);
 *  - Aberffug Hub's published election of a peer representative to its governance group, with
 *    portal and paper votes (the paper count entered by one member of staff and confirmed by
 *    another) and the result.
 * Seeded after the register and the involvement records. Ids are stable, dates relative to today.
 */
type Trx = Kysely<DB>;

/** What the seed uses of the demo context: the demo organisations and staff. */
type DemoElectionsContext = Pick<DemoContext, 'organisation' | 'accountId'>;

const DAY = 86_400_000;
const electionId = (key: string) => stableUuid(`cyd-demo-election:${key}`);
const nominationId = (key: string) => stableUuid(`cyd-demo-nomination:${key}`);

/** Elections at demo organisations go first (everything else about them cascades). */
export async function resetDemoElections(trx: Trx, demoRoot: string) {
  await trx
    .deleteFrom('elections')
    .where('organisation_id', 'in', demoOrganisations(trx, demoRoot))
    .execute();
}

export async function seedDemoElections(trx: Trx, context: DemoElectionsContext) {
  const random = seededRandom(11_2026);
  const lead = context.accountId('involvement-lead@demo.example') ?? null;
  const staff = context.accountId('staff@demo.example') ?? null;
  const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);

  // 1. taking nominations: the regional forum's representatives on the Area Planning Board
  const region = context.organisation('region');
  await trx
    .insertInto('elections')
    .values({
      id: electionId('apb'),
      organisation_id: region.id,
      role_en: 'Service user representative on the Area Planning Board',
      role_cy: 'Cynrychiolydd defnyddwyr gwasanaeth ar y Bwrdd Cynllunio Ardal',
      description_en:
        'Two places. Four board meetings a year in Aberffug, with a briefing before each. Travel and childcare paid; time credits for every meeting.',
      description_cy:
        'Dau le. Pedwar cyfarfod bwrdd y flwyddyn yn Aberffug, gyda sesiwn friffio cyn pob un. Teithio a gofal plant yn cael eu talu; credydau amser am bob cyfarfod.',
      seats: 2,
      self_nomination: true,
      electorate: 'forum',
      nominations_close_on: day(14),
      voting_closes_on: day(28),
      created_by: lead,
    })
    .execute();
  await trx
    .insertInto('election_nominations')
    .values([
      {
        id: nominationId('apb-rhiannon'),
        election_id: electionId('apb'),
        person_id: demoPersonId('rhiannon'),
        nominated_by_person_id: demoPersonId('rhiannon'),
        method: 'portal',
        status: 'accepted',
        responded_at: new Date(),
      },
      {
        id: nominationId('apb-dai'),
        election_id: electionId('apb'),
        person_id: demoPersonId('dai'),
        method: 'paper',
        created_by: lead,
      },
    ])
    .execute();

  // 2. published: Aberffug Hub's peer representative on its governance group
  const hub = context.organisation('aberffugHub');
  const id = electionId('hub');
  await trx
    .insertInto('elections')
    .values({
      id,
      organisation_id: hub.id,
      role_en: 'Peer representative on the governance group',
      role_cy: 'Cynrychiolydd cymheiriaid ar y grŵp llywodraethu',
      seats: 1,
      self_nomination: true,
      electorate: 'connected',
      nominations_close_on: day(-40),
      voting_closes_on: day(-20),
      status: 'published',
      created_by: lead,
      voting_opened_at: new Date(Date.now() - 38 * DAY),
      voting_closed_at: new Date(Date.now() - 19 * DAY),
      published_at: new Date(Date.now() - 18 * DAY),
    })
    .execute();
  const candidates = ['owain', 'amira'].map((key) => ({
    key,
    nomination: nominationId(`hub-${key}`),
  }));
  await trx
    .insertInto('election_nominations')
    .values(
      candidates.map((c) => ({
        id: c.nomination,
        election_id: id,
        person_id: demoPersonId(c.key),
        nominated_by_person_id: demoPersonId(c.key),
        method: 'portal' as const,
        status: 'accepted' as const,
        responded_at: new Date(Date.now() - 45 * DAY),
      })),
    )
    .execute();
  const electorate = await sql<{ id: string }>`select id from people
    where status = 'active' and erased_at is null
      and scope_ids @> array[${hub.id}]::uuid[] order by id`.execute(trx);
  const votes = { portal: new Map<string, number>(), paper: new Map<string, number>() };
  const voters = electorate.rows.map((p) => {
    const roll = random.next();
    const via: 'portal' | 'paper' | null = roll < 0.55 ? 'portal' : roll < 0.7 ? 'paper' : null;
    if (via) {
      const choice = candidates[random.next() < 0.6 ? 0 : 1]!.nomination;
      votes[via].set(choice, (votes[via].get(choice) ?? 0) + 1);
    }
    return { election_id: id, person_id: p.id, voted_via: via };
  });
  if (voters.length) await trx.insertInto('election_voters').values(voters).execute();
  const ballots = [...votes.portal].flatMap(([choice, n]) =>
    Array.from({ length: n }, () => ({ election_id: id, choices: [choice] })),
  );
  if (ballots.length) await trx.insertInto('election_ballots').values(ballots).execute();
  const paperBallots = [...votes.paper.values()].reduce((a, b) => a + b, 0);
  if (staff && lead) {
    await trx
      .insertInto('election_paper_tallies')
      .values({
        election_id: id,
        ballots: paperBallots,
        counts: JSON.stringify(Object.fromEntries(votes.paper)),
        entered_by: staff,
        entered_at: new Date(Date.now() - 19 * DAY),
        confirmed_by: lead,
        confirmed_at: new Date(Date.now() - 19 * DAY),
      })
      .execute();
  }
  const totals = candidates
    .map((c) => ({
      ...c,
      portal: votes.portal.get(c.nomination) ?? 0,
      paper: votes.paper.get(c.nomination) ?? 0,
    }))
    .map((c) => ({ ...c, votes: c.portal + c.paper }))
    .sort((a, b) => b.votes - a.votes);
  const tie = totals.length > 1 && totals[0]!.votes === totals[1]!.votes;
  await trx
    .insertInto('election_results')
    .values(
      totals.map((c, i) => ({
        election_id: id,
        nomination_id: c.nomination,
        portal_votes: c.portal,
        paper_votes: c.paper,
        votes: c.votes,
        elected: !tie && i === 0,
        tied: tie,
      })),
    )
    .execute();
}
