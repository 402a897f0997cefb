import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { Agent } from '#test/support/app.ts';
import { testEngine } from '#test/support/database.ts';
import { electionsFixture } from '#test/support/involvement-elections.ts';

/** A ballot that cannot be linked to a voter, a forum electorate, and ties. */
describe(`elections: ballots, electorates and ties (${testEngine})`, () => {
  const fixture = electionsFixture();
  const { org, staff, member, startElection, votingElection } = fixture;

  it('keeps ballots unlinkable: no person, no time, a random id', async () => {
    const { db } = fixture.t.services;
    const columns = await sql<{ column_name: string; data_type: string }>`
      select column_name, data_type from information_schema.columns
      where table_name = 'election_ballots' order by column_name`.execute(db);
    assert.deepEqual(
      columns.rows.map((c) => c.column_name),
      ['choices', 'election_id', 'id'],
    );
    assert.ok(!columns.rows.some((c) => /time|date|serial|integer|bigint/.test(c.data_type)));
    const idDefault = await sql<{ column_default: string }>`
      select column_default from information_schema.columns
      where table_name = 'election_ballots' and column_name = 'id'`.execute(db);
    assert.match(idDefault.rows[0]!.column_default, /gen_random_uuid/);
    const references = await sql<{ target: string }>`
      select c.confrelid::regclass::text as target from pg_constraint c
      where c.conrelid = 'election_ballots'::regclass and c.contype = 'f'`.execute(db);
    assert.deepEqual(
      references.rows.map((r) => r.target),
      ['elections'],
    );
    // the "has voted" flag has no time either
    const voters = await sql<{ column_name: string }>`
      select column_name from information_schema.columns
      where table_name = 'election_voters' order by column_name`.execute(db);
    assert.deepEqual(
      voters.rows.map((c) => c.column_name),
      ['election_id', 'person_id', 'voted_via'],
    );
    // the audit entry of a vote says who voted, never for whom
    const { id, voters: members, nominationId } = await votingElection('Provider A');
    await members[0]!.agent.get(`/portal/elections/${id}`);
    await members[0]!.agent.post(`/portal/elections/${id}/vote`, { choice: nominationId });
    const entry = await db
      .selectFrom('audit_log')
      .select('details')
      .where('action', '=', 'election.voted')
      .where('subject_id', '=', members[0]!.id)
      .executeTakeFirstOrThrow();
    assert.ok(!JSON.stringify(entry.details).includes(nominationId));
  });

  it('limits a forum electorate to people who took part in a forum in the last 12 months', async () => {
    const { db } = fixture.t.services;
    const lead = await staff('involvement_lead', 'Provider A');
    const regular = await member('Provider A');
    const lapsed = await member('Provider A');
    const never = await member('Provider A');
    const record = (personId: string, daysAgo: number, method: 'forum' | 'survey' = 'forum') => {
      const day = new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
      return db
        .insertInto('involvement_records')
        .values({
          organisation_id: org['Provider A']!.id,
          person_id: personId,
          took_part_on: day,
          hours: 2,
          rung: 4,
          level: 'service',
          method,
          role: 'participant',
        })
        .execute();
    };
    await record(regular.id, 30);
    await record(lapsed.id, 400);
    await record(never.id, 10, 'survey');
    const id = await startElection(lead, 'Provider A', { electorate: 'forum' });
    assert.equal((await regular.agent.get(`/portal/elections/${id}`)).statusCode, 200);
    assert.equal((await lapsed.agent.get(`/portal/elections/${id}`)).statusCode, 404);
    assert.equal((await never.agent.get(`/portal/elections/${id}`)).statusCode, 404);
    const list = await regular.agent.get('/portal/elections');
    assert.match(list.body, new RegExp(id));
    await regular.agent.get(`/portal/elections/${id}`);
    await regular.agent.post(`/portal/elections/${id}/nominate-self`);
    await lead.agent.get(`/elections/${id}`);
    assert.equal((await lead.agent.post(`/elections/${id}/open-voting`)).statusCode, 303);
    const voters = await db
      .selectFrom('election_voters')
      .select('person_id')
      .where('election_id', '=', id)
      .execute();
    assert.deepEqual(
      voters.map((v) => v.person_id),
      [regular.id],
    );
  });

  it('marks a tie for the last place instead of electing anyone at random', async () => {
    const { db } = fixture.t.services;
    const lead = await staff('involvement_lead', 'Provider B');
    const first = await member('Provider B');
    const second = await member('Provider B');
    const third = await member('Provider B');
    const fourth = await member('Provider B');
    const id = await startElection(lead, 'Provider B', { seats: '2' });
    for (const candidate of [first, second, third]) {
      await candidate.agent.get(`/portal/elections/${id}`);
      await candidate.agent.post(`/portal/elections/${id}/nominate-self`);
    }
    await lead.agent.get(`/elections/${id}`);
    await lead.agent.post(`/elections/${id}/open-voting`);
    const nominations = new Map(
      (
        await db
          .selectFrom('election_nominations')
          .select(['id', 'person_id'])
          .where('election_id', '=', id)
          .execute()
      ).map((n) => [n.person_id, n.id]),
    );
    // two places: first gets 3 votes, second and third 2 each (a tie for the second place)
    const vote = async (voter: { agent: Agent }, choices: string[]) => {
      await voter.agent.get(`/portal/elections/${id}`);
      const response = await voter.agent.post(`/portal/elections/${id}/vote`, { choice: choices });
      assert.equal(response.statusCode, 303);
    };
    await vote(first, [nominations.get(first.id)!, nominations.get(second.id)!]);
    await vote(second, [nominations.get(first.id)!, nominations.get(third.id)!]);
    await third.agent.get(`/portal/elections/${id}`);
    const tooMany = await third.agent.post(`/portal/elections/${id}/vote`, {
      choice: [...nominations.values()],
    });
    assert.equal(tooMany.statusCode, 400);
    assert.match(tooMany.body, /You have chosen too many candidates/);
    const voter = await db
      .selectFrom('election_voters')
      .select('voted_via')
      .where('election_id', '=', id)
      .where('person_id', '=', third.id)
      .executeTakeFirstOrThrow();
    assert.equal(voter.voted_via, null, 'three choices for two places is refused');
    await vote(third, [nominations.get(third.id)!, nominations.get(second.id)!]);
    await vote(fourth, [nominations.get(first.id)!]);
    await lead.agent.get(`/elections/${id}`);
    await lead.agent.post(`/elections/${id}/close-voting`);
    await lead.agent.get(`/elections/${id}`);
    assert.equal((await lead.agent.post(`/elections/${id}/publish`)).statusCode, 303);
    const results = new Map(
      (
        await db.selectFrom('election_results').selectAll().where('election_id', '=', id).execute()
      ).map((r) => [r.nomination_id, r]),
    );
    const of = (person: { id: string }) => results.get(nominations.get(person.id)!)!;
    assert.deepEqual([of(first).votes, of(first).elected, of(first).tied], [3, true, false]);
    assert.deepEqual([of(second).votes, of(second).elected, of(second).tied], [2, false, true]);
    assert.deepEqual([of(third).votes, of(third).elected, of(third).tied], [2, false, true]);
    const page = await lead.agent.get(`/elections/${id}`);
    assert.match(page.body, /the same number of votes for the last place/);
  });

  it('two tabs voting at once: each shows only its own message', async () => {
    const { id, voters, nominationId } = await votingElection('Provider A');
    const tabOne = voters[1]!.agent;
    // a second tab of the same person: the same session cookie
    const tabTwo = new Agent(fixture.t.app);
    for (const [name, value] of tabOne.cookies) tabTwo.cookies.set(name, value);
    await tabOne.get(`/portal/elections/${id}`);
    await tabTwo.get(`/portal/elections/${id}`);
    const counted = await tabOne.post(`/portal/elections/${id}/vote`, { choice: nominationId });
    assert.equal(counted.statusCode, 303);
    const refused = await tabTwo.post(`/portal/elections/${id}/vote`, { choice: nominationId });
    assert.equal(refused.statusCode, 400);
    assert.match(refused.body, /You have already voted in this election/);
    assert.doesNotMatch(refused.body, /Your vote has been counted/);
    // the tab whose vote counted gets its confirmation, once; the id in the URL is not personal
    const location = String(counted.headers.location);
    assert.match(location, /^\/portal\/elections\/[0-9a-f-]+\?done=[A-Za-z0-9_-]{16}$/);
    assert.match((await tabOne.get(location)).body, /Your vote has been counted/);
    assert.doesNotMatch((await tabOne.get(location)).body, /Your vote has been counted/);
    assert.doesNotMatch(
      (await tabTwo.get(`/portal/elections/${id}`)).body,
      /Your vote has been counted/,
    );
  });
});
