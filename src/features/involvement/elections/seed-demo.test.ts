import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoSuite } from '#test/support/demo.ts';

/** Demo elections: one taking nominations, one published with portal and paper votes. */
describe('demo elections', () => {
  const demo = demoSuite();

  it('seeds an election taking nominations and a published one whose result adds up', async () => {
    const { db } = demo.t.services;
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
    const { agent } = await demo.signedInDemo('organisation-admin@demo.example');
    const list = await agent.get('/elections');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /Area Planning Board/);
    assert.match(list.body, /governance group/);
  });
});
