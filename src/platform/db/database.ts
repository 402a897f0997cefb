import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
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
  const pglite = await PGlite.create(memory ? undefined : options.dataDir, {
    parsers: { [INT8]: toNumber, [DATE]: asText },
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

async function pingWith(db: Database) {
  const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 2_000).unref());
  const probe = sql`select 1`.execute(db).then(
    () => true,
    () => false,
  );
  return Promise.race([probe, timeout]);
}
