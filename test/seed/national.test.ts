import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isAllowedUnder } from '#app/features/admin/organisations/tree.ts';
import { openTestDatabase } from '../support/database.ts';
import type { DatabaseHandle } from '#platform/db/database.ts';
import {
  nationalRoots,
  seedNational,
  type NationalSummary,
} from '#app/features/admin/organisations/seed-national.ts';
import { nationalSeeds } from '#app/modules.ts';

/** The national seed at a twentieth of full size, on the engine under test. */
describe('synthetic national data', () => {
  let handle: DatabaseHandle;
  let first: NationalSummary;

  before(async () => {
    handle = await openTestDatabase();
    // something that is not synthetic, which a reset must leave alone
    await handle.db
      .insertInto('organisations')
      .values({
        id: '00000000-0000-4000-8000-00000000000a',
        ancestors: ['00000000-0000-4000-8000-00000000000a'],
        kind: 'nation',
        name_en: 'Real nation',
        name_cy: 'Cenedl go iawn',
      })
      .execute();
    first = await seedNational(handle.db, nationalSeeds, {
      scale: 0.05,
      password: 'national-test-password',
    });
  });
  after(() => handle.close());

  const snapshot = () =>
    handle.db
      .selectFrom('organisations')
      .select(['id', 'parent_id', 'ancestors', 'kind', 'name_en', 'name_cy'])
      .orderBy('id')
      .execute();

  it('makes the expected numbers of organisations, staff and roles', async () => {
    assert.equal(first.organisations, 50);
    const kinds = await handle.db
      .selectFrom('organisations')
      .select(['kind', (eb) => eb.fn.countAll<number>().as('n')])
      .where('name_en', '<>', 'Real nation')
      .groupBy('kind')
      .execute();
    const byKind = Object.fromEntries(kinds.map((k) => [k.kind, k.n]));
    assert.equal(byKind.nation, 2);
    assert.equal(byKind.region, 1);
    assert.equal(byKind.area, 5);
    assert.equal(byKind.provider, 25);
    assert.equal((byKind.service ?? 0) + (byKind.group ?? 0), 17);
    assert.ok(first.accounts >= 120 && first.accounts <= 200, String(first.accounts));
    assert.ok(first.memberships >= first.accounts - 2, 'every staff account holds a role');
    assert.ok(first.totalMs > 0 && first.timings.organisations !== undefined);
  });

  it('keeps the tree consistent: ancestors end with the organisation, extend the parent’s, and follow the rules', async () => {
    const rows = await snapshot();
    const byId = new Map(rows.map((row) => [row.id, row]));
    for (const row of rows) {
      assert.equal(row.ancestors.at(-1), row.id);
      if (row.parent_id === null) {
        assert.deepEqual(row.ancestors, [row.id]);
        assert.equal(row.kind, 'nation');
        continue;
      }
      const parent = byId.get(row.parent_id);
      assert.ok(parent, `parent of ${row.id}`);
      assert.deepEqual(row.ancestors, [...parent.ancestors, row.id]);
      assert.ok(isAllowedUnder(row.kind, parent.kind), `${row.kind} under ${parent.kind}`);
    }
    const synthetic = rows.filter((row) => row.ancestors.some((id) => nationalRoots.includes(id)));
    assert.equal(synthetic.length, 50);
    // names are unique among siblings (the organisations feature insists on it)
    const siblings = new Set(
      synthetic.map((row) => `${row.parent_id}:${row.name_en.toLowerCase()}`),
    );
    assert.equal(siblings.size, synthetic.length);
  });

  it('gives every synthetic account a role at a synthetic organisation', async () => {
    const orphans = await handle.db
      .selectFrom('accounts as a')
      .leftJoin('memberships as m', 'm.account_id', 'a.id')
      .select('a.email')
      .where('a.email', 'like', '%@national.example')
      .where('a.platform_admin', '=', false)
      .where('m.account_id', 'is', null)
      .execute();
    assert.deepEqual(orphans, []);
  });

  it('runs again to the same result (deterministic), leaving other data alone', async () => {
    const before = await snapshot();
    const again = await seedNational(handle.db, nationalSeeds, {
      scale: 0.05,
      password: 'national-test-password',
    });
    assert.equal(again.organisations, first.organisations);
    assert.equal(again.accounts, first.accounts);
    assert.equal(again.memberships, first.memberships);
    assert.deepEqual(await snapshot(), before);
    const real = await handle.db
      .selectFrom('organisations')
      .select('id')
      .where('name_en', '=', 'Real nation')
      .execute();
    assert.equal(real.length, 1);
  });
});
