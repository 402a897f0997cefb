import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import type { Database } from './database.ts';

const migrationsDir = path.resolve(import.meta.dirname, '../../../migrations');
/** Arbitrary constant: one migrator at a time across every app instance on a database. */
const MIGRATION_LOCK = 4_211_965;

export function listMigrations() {
  return fs
    .readdirSync(migrationsDir)
    .filter((file) => /^\d{4}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ name: file, sql: fs.readFileSync(path.join(migrationsDir, file), 'utf8') }));
}

/** Applies every numbered SQL migration not yet applied, each in its own transaction. */
export async function migrate(db: Database): Promise<string[]> {
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
    try {
      await sql`create table if not exists schema_migrations (
        name text primary key, applied_at timestamptz not null default now())`.execute(conn);
      const done = new Set(
        (await sql<{ name: string }>`select name from schema_migrations`.execute(conn)).rows.map(
          (r) => r.name,
        ),
      );
      for (const migration of listMigrations()) {
        if (done.has(migration.name)) continue;
        await sql`begin`.execute(conn);
        try {
          await sql.raw(migration.sql).execute(conn);
          await sql`insert into schema_migrations (name) values (${migration.name})`.execute(conn);
          await sql`commit`.execute(conn);
        } catch (error) {
          await sql`rollback`.execute(conn);
          throw new Error(`Migration ${migration.name} failed: ${(error as Error).message}`, {
            cause: error,
          });
        }
        applied.push(migration.name);
      }
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
    }
  });
  return applied;
}
