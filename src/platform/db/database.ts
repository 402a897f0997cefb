import crypto from 'node:crypto';
import { AsyncLocalStorage } from 'node:async_hooks';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  Kysely,
  PostgresDialect,
  PostgresQueryCompiler,
  sql,
  ValueNode,
  type LimitNode,
  type QueryCompiler,
} from 'kysely';
import pg from 'pg';
import lockfile from 'proper-lockfile';
import { alive, EmbeddedError, startEmbedded, type Embedded } from './embedded.ts';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;
/** `embedded`: the PostgreSQL server Cyd runs itself in DATA_DIR; `postgres`: DATABASE_URL. */
export type Engine = 'embedded' | 'postgres';

export interface DatabaseHandle {
  db: Database;
  /**
   * The same database through a smaller pool whose connections keep each prepared statement's
   * generic plan from its first run (`plan_cache_mode = force_generic_plan`), for a statement
   * PostgreSQL would otherwise plan afresh on every run although its kept plan is good: the home
   * page's "needs your attention" counts (docs/performance.md). Setting it for each statement
   * instead (in a transaction) took 3 more round trips, a quarter of that page's throughput.
   */
  keptPlans: Database;
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
  /** The embedded server's data directory; `memory://` for a throwaway one (removed on close). */
  dataDir: string;
  poolSize?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<DatabaseHandle> {
  if (options.databaseUrl)
    return reachable(connect(options.databaseUrl, 'postgres', options.poolSize));

  // The embedded server: one Cyd per data directory (a second refuses to start).
  const memory = options.dataDir.startsWith('memory://');
  const dataDir = memory ? fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-memory-')) : options.dataDir;
  writableDirectory(dataDir);
  const unlock = await lockDataDir(dataDir);
  let embedded: Embedded;
  try {
    embedded = await startEmbedded(dataDir);
  } catch (error) {
    await unlock();
    throw error;
  }
  const handle = connect(embedded.url, 'embedded', options.poolSize);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await embedded.stop();
      await unlock();
      if (memory) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function connect(databaseUrl: string, engine: Engine, poolSize = 10): DatabaseHandle {
  const db = new Kysely<DB>({
    dialect: new CydDialect({ pool: createPool(databaseUrl, poolSize) }),
    log,
  });
  const keptPool = createPool(databaseUrl, Math.max(2, Math.ceil(poolSize / 2)));
  keptPool.on('connect', (client) => {
    // sent before anything else the connection is asked; if refused, plans are chosen as usual
    client.query('set plan_cache_mode = force_generic_plan').catch(() => undefined);
  });
  const keptPlans = new Kysely<DB>({ dialect: new CydDialect({ pool: keptPool }), log });
  return {
    db,
    keptPlans,
    engine,
    databaseUrl,
    close: async () => {
      await Promise.all([db.destroy(), keptPlans.destroy()]);
    },
    ping: () => pingWith(db),
  };
}

/** Counts each query in the request's counter (the bench, `x-query-count`). */
function log() {
  const store = queryCounter.getStore();
  if (store) store.count += 1;
}

function createPool(databaseUrl: string, max: number) {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
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
  pool.on('connect', prepareStatements);
  pool.on('error', () => {
    /* a dropped idle client: the next query reconnects; /readyz reports the outage */
  });
  // A connection dropped while a request holds it (between the statements of a transaction,
  // the server gone): its statement fails and the request answers 503; without a listener the
  // client's 'error' event would end the process with a stack trace instead.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  return pool;
}

/**
 * Writes a whole-number LIMIT into the SQL (`limit 25`) rather than as a parameter. PostgreSQL
 * cannot cost a generic plan for `limit $1` (it guesses), so it planned such a statement afresh
 * on every execution: a meeting's page (its series' previous and next meetings, `limit 1`) spent
 * about as long planning as running. With the number in the text the prepared statement's generic
 * plan is chosen after five runs. Limits are few (page sizes, 1, 500), so the statements stay few;
 * OFFSET stays a parameter.
 */
class CydQueryCompiler extends PostgresQueryCompiler {
  protected override visitLimit(node: LimitNode): void {
    const { limit } = node;
    if (ValueNode.is(limit) && Number.isSafeInteger(limit.value)) {
      this.append(`limit ${String(limit.value)}`);
      return;
    }
    super.visitLimit(node);
  }
}

class CydDialect extends PostgresDialect {
  override createQueryCompiler(): QueryCompiler {
    return new CydQueryCompiler();
  }
}

const MAX_PREPARED = 1_000;
const statementNames = new Map<string, string>();

/**
 * Names each parameterised statement after its SQL, so a connection parses and plans it once and
 * PostgreSQL can keep its plan. Profiled on the organisation list (16 rows): planning took
 * 1.1 ms of the query's 1.7 ms, on every page. Statements without parameters (BEGIN, migrations
 * with several statements) go through unchanged; at most MAX_PREPARED per connection.
 */
function prepareStatements(client: pg.PoolClient) {
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  const prepared = new Set<string>();
  // statements whose table changed under them (another instance migrated): unnamed from then on
  const stale = new Set<string>();
  client.query = ((text: unknown, values?: unknown, ...rest: unknown[]) => {
    if (
      typeof text === 'string' &&
      Array.isArray(values) &&
      values.length > 0 &&
      rest.length === 0 &&
      !stale.has(text) &&
      (prepared.has(text) || prepared.size < MAX_PREPARED)
    ) {
      prepared.add(text);
      const named = query({ name: statementName(text), text, values }) as Promise<unknown>;
      return named.catch((error: unknown) => {
        if ((error as Error).message.includes('cached plan must not change result type'))
          stale.add(text);
        throw error;
      });
    }
    return query(text, values, ...rest);
  }) as typeof client.query;
}

function statementName(text: string) {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `cyd_${crypto.createHash('sha256').update(text).digest('hex').slice(0, 40)}`;
    if (statementNames.size < MAX_PREPARED * 10) statementNames.set(text, name);
  }
  return name;
}

/**
 * DATABASE_URL's server answers (or one line saying which server does not, and why): checked at
 * start so that a wrong URL or a server that is down stops Cyd with a clear message.
 */
async function reachable(handle: DatabaseHandle): Promise<DatabaseHandle> {
  try {
    await sql`select 1`.execute(handle.db);
    return handle;
  } catch (error) {
    await handle.close().catch(() => undefined);
    let where = 'DATABASE_URL';
    try {
      const url = new URL(handle.databaseUrl ?? '');
      where = `the PostgreSQL server in DATABASE_URL (${url.host}${url.pathname})`;
    } catch {
      // not a URL: pg read it as a connection string; say nothing more (it may hold a password)
    }
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0];
    throw new EmbeddedError(
      `Cannot connect to ${where}: ${reason || 'no answer'}. Check that the server is running ` +
        'and DATABASE_URL is right (or unset DATABASE_URL to use the embedded database).',
    );
  }
}

/** Which process holds the data directory's lock (beside the lock, inside the directory). */
const OWNER_FILE = 'cyd.pid';

/**
 * Takes the data directory's lock (one Cyd per directory). A lock left by a Cyd that was killed
 * (its process, named in DATA_DIR/cyd.pid, is gone) is taken over at once instead of after the
 * lock's 15-second staleness, so Cyd restarts straight after a crash.
 */
async function lockDataDir(dataDir: string): Promise<() => Promise<void>> {
  const ownerFile = path.join(dataDir, OWNER_FILE);
  const take = () => lockfile.lock(dataDir, { stale: 15_000, update: 5_000 });
  let unlock: () => Promise<void>;
  try {
    unlock = await take();
  } catch {
    const owner = lockOwner(ownerFile);
    if (owner !== undefined && !isRunning(owner)) {
      // the Cyd that held it was killed: its lock is stale now
      fs.rmSync(`${fs.realpathSync(dataDir)}.lock`, { recursive: true, force: true });
    }
    try {
      unlock = await take();
    } catch {
      throw new EmbeddedError(
        `The data directory ${dataDir} is in use by another Cyd process` +
          `${owner === undefined ? '' : ` (process ${owner})`}: stop that process first ` +
          '(the embedded database allows only one).',
      );
    }
  }
  fs.writeFileSync(ownerFile, `${process.pid}\n`);
  return async () => {
    fs.rmSync(ownerFile, { force: true });
    await unlock();
  };
}

function lockOwner(ownerFile: string) {
  try {
    const pid = Number(fs.readFileSync(ownerFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Is the process alive? (Our own pid is not the owner: a container restarted with the same pid.) */
function isRunning(pid: number) {
  return pid !== process.pid && alive(pid);
}

/** Creates the data directory if need be; a clear message when Cyd cannot write to it. */
function writableDirectory(dataDir: string) {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK | fs.constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new EmbeddedError(
      `Cyd cannot write to its data directory ${dataDir} (${code}): ` +
        'give it write permission, or set DATA_DIR to a directory it can write.',
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
