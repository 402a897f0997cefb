import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { openTestDatabase } from '#test/support/database.ts';
import type { DatabaseHandle } from './database.ts';

describe('prepared statements and kept plans', () => {
  let handle: DatabaseHandle;
  before(async () => {
    handle = await openTestDatabase();
  });
  after(() => handle.close());

  it('plans a statement with parameters once per connection, and copes with a table that changed', async () => {
    await handle.db.connection().execute(async (conn) => {
      await sql`create table prepared_probe (id int primary key)`.execute(conn);
      await sql`insert into prepared_probe values (1)`.execute(conn);
      const probe = () =>
        sql<{ id: number }>`select * from prepared_probe where id = ${1}`.execute(conn);
      await probe();
      await probe();
      const statements = await sql<{ n: number }>`
        select count(*)::int as n from pg_prepared_statements
        where statement like 'select * from prepared_probe%'`.execute(conn);
      assert.equal(statements.rows[0]!.n, 1, 'prepared once, used twice');

      // another instance migrates: the prepared statement's result type changed
      await sql`alter table prepared_probe add column note text`.execute(conn);
      await assert.rejects(probe(), /cached plan must not change result type/);
      const again = await probe();
      assert.deepEqual(Object.keys(again.rows[0]!), ['id', 'note'], 'planned afresh');
    });
  });

  it('keeps the generic plan of prepared statements only through keptPlans', async () => {
    const mode = async (db: DatabaseHandle['db']) =>
      (
        await sql<{ mode: string }>`select current_setting(${'plan_cache_mode'}) as mode`.execute(
          db,
        )
      ).rows[0]!.mode;
    // every connection of the pool, not only the first
    const kept = await Promise.all([1, 2, 3].map(() => mode(handle.keptPlans)));
    assert.deepEqual(kept, ['force_generic_plan', 'force_generic_plan', 'force_generic_plan']);
    assert.equal(await mode(handle.db), 'auto');
  });
});
