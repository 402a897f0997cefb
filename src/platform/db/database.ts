import { AsyncLocalStorage } from 'node:async_hooks';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { PGlitePool } from './pglite-pool.ts';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;
export type Engine = 'pglite' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  engine: Engine;
  databaseUrl?: string;
  close(): Promise<void>;
  /** Is the database answering? Used by /readyz. */
  ping(): Promise<boolean>;
}

/** Per-request query counter, read by the bench and the `x-query-count` header. */
export const queryCounter = new AsyncLocalStorage<{ count: number }>();

const INT8 = 20;
const DATE = 1082;
/** numeric: hours and scores, small enough for a JavaScript number. */
const NUMERIC = 1700;
const toNumber = (value: string) => Number(value);
const asText = (value: string) => value;

export interface DatabaseOptions {
  databaseUrl?: string | undefined;
  /** PGlite data directory; `memory://` for a throwaway in-memory database. */
  dataDir: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  const log = () => {
    const store = queryCounter.getStore();
    if (store) store.count += 1;
  };
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5_000,
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
          if (oid === INT8) return toNumber;
          if (oid === DATE) return asText;
          if (oid === NUMERIC) return toNumber;
          // eslint-disable-next-line @typescript-eslint/no-unsafe-return, @typescript-eslint/no-unsafe-enum-assignment -- pg's own parser for every other type
          return pg.types.getTypeParser(oid, format);
        }) as typeof pg.types.getTypeParser,
      },
    });
    pool.on('error', () => {
      /* a dropped idle client: the next query reconnects; /readyz reports the outage */
    });
    const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }), log });
    return {
      db,
      engine: 'postgres',
      databaseUrl: options.databaseUrl,
      close: () => db.destroy(),
      ping: () => pingWith(db),
    };
  }

  const memory = options.dataDir.startsWith('memory://');
  let unlock: (() => Promise<void>) | undefined;
  if (!memory) {
    fs.mkdirSync(options.dataDir, { recursive: true });
    try {
      unlock = await lockfile.lock(options.dataDir, { stale: 15_000, update: 5_000 });
    } catch {
      throw new Error(
        `The data directory ${options.dataDir} is in use by another Cyd process. ` +
          'Stop that process first: the embedded database allows only one.',
      );
    }
  }
  if (!memory && !fs.existsSync(path.join(options.dataDir, 'PG_VERSION'))) {
    initialiseInChildProcess(options.dataDir);
  }
  const pglite = await PGlite.create(memory ? undefined : options.dataDir, {
    parsers: { [INT8]: toNumber, [DATE]: asText, [NUMERIC]: toNumber },
    // PGlite's default 128 MB of shared buffers is sized for a server; Cyd's embedded use needs
    // far less, and this keeps the process within its memory budget.
    startParams: [...PGlite.defaultStartParams, '-c', `shared_buffers=${PGLITE_SHARED_BUFFERS}`],
  });
  const db = new Kysely<DB>({
    dialect: new PostgresDialect({ pool: new PGlitePool(pglite) as unknown as pg.Pool }),
    log,
  });
  return {
    db,
    engine: 'pglite',
    close: async () => {
      await db.destroy();
      if (unlock) await unlock();
    },
    ping: () => pingWith(db),
  };
}

const PGLITE_SHARED_BUFFERS = '16MB';

/**
 * Creating a PGlite data directory runs initdb in a second WASM instance and briefly needs about
 * 1 GB; doing it in a short-lived child process keeps that peak out of the server's memory.
 */
function initialiseInChildProcess(dataDir: string) {
  const script = `import { PGlite } from '@electric-sql/pglite';
const db = await PGlite.create(process.argv[1]);
await db.close();`;
  const result = spawnSync(process.execPath, ['--input-type=module', '-e', script, dataDir], {
    cwd: path.resolve(import.meta.dirname, '../../..'),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  if (result.status !== 0) {
    throw new Error(
      `Could not create the embedded database in ${dataDir}: ${result.stderr.toString()}`,
    );
  }
}

async function pingWith(db: Database) {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 2_000).unref());
  const probe = sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
  return Promise.race([probe, timeout]);
}
