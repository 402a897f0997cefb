import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '#platform/db/database.ts';
import { migrate } from '#platform/db/migrate.ts';

/**
 * The engine under test: always PostgreSQL now (a cluster from the embedded server's binaries, or
 * DATABASE_URL). PGlite is gone; the type stays wide so older comparisons still compile.
 */
export const testEngine = 'postgres' as 'pglite' | 'postgres';

/**
 * A fresh, migrated database for one test file on the test cluster (DATABASE_URL, set by
 * scripts/test.ts), dropped again by close(). It is a copy of the migrated template database when
 * the runner made one (CYD_TEST_TEMPLATE), which is much faster than migrating each time.
 */
export async function openTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('The tests need DATABASE_URL: run them with `npm test`');
  const template = process.env.CYD_TEST_TEMPLATE;
  const name = `cyd_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}${template ? ` template ${template}` : ''}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const handle = await openDatabase({
    databaseUrl: url.toString(),
    dataDir: 'unused',
    poolSize: 5,
  });
  await migrate(handle.db);
  return {
    ...handle,
    url: url.toString(),
    async close() {
      await handle.close();
      const cleanup = new pg.Client({ connectionString: adminUrl });
      await cleanup.connect();
      await cleanup.query(`drop database if exists ${name} with (force)`);
      await cleanup.end();
    },
  };
}
