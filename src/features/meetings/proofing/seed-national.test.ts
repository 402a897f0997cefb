import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { seedTestNational } from '#test/support/national.ts';

/** National meetings at a hundredth of scale 1: counts, spread, invitees, determinism. */
describe('national meetings', () => {
  let t: TestApp;

  before(async () => {
    t = await startTestApp();
    await seedTestNational(t, 0.01);
  });
  after(() => t.close());

  const one = async <T>(query: ReturnType<typeof sql<T>>) =>
    (await query.execute(t.services.db)).rows[0]!;

  it('makes 2,000 meetings of every kind, past and future, some with people invited', async () => {
    const counts = await one(sql<{ total: number; kinds: number; future: number; invited: number }>`
      select count(*)::int as total, count(distinct kind)::int as kinds,
        count(*) filter (where starts_at > now())::int as future,
        (select count(distinct meeting_id)::int from meeting_invitees) as invited
      from meetings`);
    assert.equal(counts.total, 2_000);
    assert.equal(counts.kinds, 8);
    assert.ok(counts.future > 300 && counts.future < 700, `future ${String(counts.future)}`);
    assert.ok(counts.invited > 5, `meetings with invitees ${String(counts.invited)}`);
    const attended = await one(sql<{ n: number }>`select count(*)::int as n from meeting_invitees
      where attendance = 'attended'`);
    assert.ok(attended.n > 0);
  });

  it('makes the same meetings again', async () => {
    const before = await one(
      sql<{ ids: string }>`select md5(string_agg(id::text, ',' order by id)) as ids from meetings`,
    );
    await seedTestNational(t, 0.01);
    const again = await one(
      sql<{ ids: string }>`select md5(string_agg(id::text, ',' order by id)) as ids from meetings`,
    );
    assert.equal(again.ids, before.ids);
  });
});
