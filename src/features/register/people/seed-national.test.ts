import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { reveal } from './protected-fields.ts';
import { nationalRoots, type NationalSummary } from '#features/admin';
import { seedTestNational } from '#test/support/national.ts';

/** The national register (a twentieth: 5,000 people): spreads, scope, determinism. */
describe('national people', () => {
  let t: TestApp;
  let first: NationalSummary;

  before(async () => {
    t = await startTestApp();
    first = await seedTestNational(t, 0.05);
  });
  after(() => t.close());

  const count = async (query: ReturnType<typeof sql<{ n: number }>>) =>
    (await query.execute(t.services.db)).rows[0]!.n;

  it('makes 5,000 people with realistic spreads of consent and equality answers', async () => {
    assert.ok(first.timings.people !== undefined);
    const people = await count(sql<{ n: number }>`select count(*)::int as n from people`);
    assert.equal(people, 5_000);
    const live = (purpose: string) =>
      count(sql<{ n: number }>`select count(*)::int as n from consents
        where purpose = ${purpose} and withdrawn_at is null`);
    const share = (n: number) => n / people;
    const contact = share(await live('contact'));
    assert.ok(contact > 0.85 && contact < 0.95, `contact ${contact}`);
    const deidentified = share(await live('share_deidentified'));
    assert.ok(deidentified > 0.5 && deidentified < 0.65, `share_deidentified ${deidentified}`);
    const equality = share(
      await count(sql<{ n: number }>`select count(*)::int as n from equality_monitoring`),
    );
    assert.ok(equality > 0.33 && equality < 0.45, `equality ${equality}`);
    const noConsentEquality = await count(sql<{ n: number }>`select count(*)::int as n
      from equality_monitoring e where not exists (select 1 from consents c
        where c.person_id = e.person_id and c.purpose = 'equality' and c.withdrawn_at is null)`);
    assert.equal(noConsentEquality, 0, 'equality answers only with equality consent');
    const times = await count(
      sql<{ n: number }>`select count(distinct person_id)::int as n from person_unavailable_times`,
    );
    assert.ok(times > people * 0.4, `${times} people with times they cannot do`);
    const willing = await count(
      sql<{
        n: number;
      }>`select count(*)::int as n from people where 'interview_panels' = any(willing_activities)`,
    );
    assert.ok(willing > people * 0.1 && willing < people * 0.3);
  });

  it('fills scope_ids with the ancestors of connected organisations, in the national tree', async () => {
    const wrong = await count(sql<{ n: number }>`select count(*)::int as n from people p
      where not (p.scope_ids && ${sql.val(nationalRoots)}::uuid[])
        or (select array_agg(x order by x) from unnest(p.scope_ids) x) is distinct from
          (select array_agg(distinct a order by a) from person_organisations po
            join organisations o on o.id = po.organisation_id, unnest(o.ancestors) a
            where po.person_id = p.id)`);
    assert.equal(wrong, 0);
  });

  it('encrypts phone numbers for about half, decryptable by the app', async () => {
    const rows = await t.services.db
      .selectFrom('people')
      .select(['id', 'phone'])
      .where('phone', 'is not', null)
      .limit(20)
      .execute();
    assert.ok(rows.length === 20);
    for (const row of rows)
      assert.match(
        reveal(t.config.encryptionKey, 'phone', row.id, row.phone)!,
        /^\+447700900\d{3}$/,
      );
  });

  it('runs again to the same result', async () => {
    const before = await sql<{ id: string; display_name: string }>`
      select id, display_name from people order by id limit 50`.execute(t.services.db);
    await seedTestNational(t, 0.05);
    const again = await sql<{ id: string; display_name: string }>`
      select id, display_name from people order by id limit 50`.execute(t.services.db);
    assert.deepEqual(again.rows, before.rows);
    assert.equal(await count(sql<{ n: number }>`select count(*)::int as n from people`), 5_000);
  });
});
