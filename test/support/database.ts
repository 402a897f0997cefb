import crypto from 'node:crypto';
import pg from 'pg';
import { openDatabase, type DatabaseHandle } from '#platform/db/database.ts';
import { migrate } from '#platform/db/migrate.ts';

/** Which engine this test run uses: the runner sets CYD_TEST_ENGINE (and DATABASE_URL for postgres). */
export const testEngine = process.env.CYD_TEST_ENGINE === 'postgres' ? 'postgres' : 'pglite';

/**
 * A fresh, migrated database for one test file: an in-memory PGlite, or a new database on
 * the test cluster (dropped again by close()).
 */
export async function openTestDatabase(): Promise<DatabaseHandle & { url?: string }> {
  if (testEngine === 'pglite') {
    const handle = await openDatabase({ dataDir: 'memory://' });
    await migrate(handle.db);
    return handle;
  }
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('CYD_TEST_ENGINE=postgres needs DATABASE_URL');
  const name = `cyd_test_${crypto.randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
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
