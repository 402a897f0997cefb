import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { demoSuite } from '#test/support/demo.ts';
import { demoOrganisationId } from '#features/admin';

/** Demo opportunities and involvement: every status and rung, a year of records, gaps. */
describe('demo involvement', () => {
  const demo = demoSuite();

  it('has opportunities at every status and every rung, with interest and reasoned decisions', async () => {
    const { db } = demo.t.services;
    const opportunities = await db.selectFrom('opportunities').selectAll().execute();
    assert.deepEqual([...new Set(opportunities.map((o) => o.status))].sort(), [
      'cancelled',
      'closed',
      'completed',
      'draft',
      'open',
    ]);
    assert.deepEqual([...new Set(opportunities.map((o) => o.rung))].sort(), [1, 2, 3, 4, 5, 6, 7]);
    const interests = await db.selectFrom('expressions_of_interest').selectAll().execute();
    assert.ok(interests.length > 30, `${interests.length} expressions of interest`);
    for (const status of ['interested', 'selected', 'backup', 'not_selected'])
      assert.ok(
        interests.some((i) => i.status === status),
        status,
      );
    assert.ok(
      interests
        .filter((i) => ['selected', 'backup', 'not_selected'].includes(i.status))
        .every((i) => i.decision_reason !== null),
      'every decision has a reason',
    );
  });

  it('has a year of involvement records across all seven rungs, with gaps at 6 and 7 for some providers', async () => {
    const { db } = demo.t.services;
    const rows = await sql<{ rung: number; n: number; oldest: string; newest: string }>`
      select rung, count(*)::int as n, min(took_part_on)::text as oldest,
        max(took_part_on)::text as newest
      from involvement_records group by rung order by rung`.execute(db);
    assert.deepEqual(
      rows.rows.map((r) => r.rung),
      [1, 2, 3, 4, 5, 6, 7],
    );
    const total = rows.rows.reduce((n, r) => n + r.n, 0);
    assert.ok(total > 100, `${total} records`);
    const yearAgo = new Date(Date.now() - 366 * 86_400_000).toISOString().slice(0, 10);
    const today = new Date().toISOString().slice(0, 10);
    assert.ok(rows.rows.every((r) => r.oldest >= yearAgo && r.newest <= today));
    for (const provider of ['familySupport', 'housing']) {
      const high = await sql<{ n: number }>`
        select count(*)::int as n from involvement_records r
        join organisations o on o.id = r.organisation_id
        where o.ancestors && array[${demoOrganisationId(provider)}]::uuid[] and r.rung >= 6`.execute(
        db,
      );
      assert.equal(high.rows[0]!.n, 0, `${provider} has no activity at rungs 6-7`);
    }
  });

  it('shows the demo commissioner every rung for the region, and gaps for a provider', async () => {
    const { agent } = await demo.signedInDemo('commissioner@demo.example');
    let response = await agent.get('/ladder-map');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Activity at 7 of the 7 rungs/);
    response = await agent.get(`/ladder-map?organisation=${demoOrganisationId('housing')}`);
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Gap: aspirational rung/);
    assert.match(response.body, /Gap: should be evidenced/);
  });
});
