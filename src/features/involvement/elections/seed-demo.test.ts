import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Agent, startTestApp, type TestApp } from '#test/support/app.ts';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import { seedDemo } from '#features/admin';

/** Demo elections: one taking nominations, one published with portal and paper votes. */
describe('demo elections', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp({ DEMO_PASSWORD: 'demo-test-password' });
    await seedDemo(t.services);
    await seedDemo(t.services); // a reset and a second seed: no duplicates, nothing left over
  });
  after(() => t.close());

  it('seeds an election taking nominations and a published one whose result adds up', async () => {
    const { db } = t.services;
    const elections = await db.selectFrom('elections').selectAll().orderBy('status').execute();
    assert.deepEqual(
      elections.map((e) => e.status),
      ['nominations', 'published'],
    );
    const published = elections.find((e) => e.status === 'published')!;
    const voters = await db
      .selectFrom('election_voters')
      .selectAll()
      .where('election_id', '=', published.id)
      .execute();
    const ballots = await db
      .selectFrom('election_ballots')
      .selectAll()
      .where('election_id', '=', published.id)
      .execute();
    const results = await db
      .selectFrom('election_results')
      .selectAll()
      .where('election_id', '=', published.id)
      .execute();
    assert.equal(ballots.length, voters.filter((v) => v.voted_via === 'portal').length);
    assert.equal(
      results.reduce((sum, r) => sum + r.votes, 0),
      voters.filter((v) => v.voted_via !== null).length,
    );
    assert.ok(results.some((r) => r.elected || r.tied));
  });

  it("shows both elections to the region's organisation administrator", async () => {
    const account = await t.services.db
      .selectFrom('accounts')
      .select('id')
      .where('email', '=', 'organisation-admin@demo.example')
      .executeTakeFirstOrThrow();
    const session = await t.services.sessions.create({ accountId: account.id });
    const agent = new Agent(t.app);
    agent.cookies.set(SESSION_COOKIE, session.id);
    const list = await agent.get('/elections');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Area Planning Board/);
    assert.match(list.body, /governance group/);
  });
});
