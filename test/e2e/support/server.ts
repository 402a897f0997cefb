import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import type { Kysely } from 'kysely';
import type { Browser } from 'playwright-core';
import { openDatabase, type DatabaseHandle } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import { spawnServer } from '#test/support/server-process.ts';
import { launchBrowser } from './browser.ts';

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /** The server process id (the bench reads its RSS). */
  pid: number;
  /** Milliseconds from spawning the process to /healthz answering. */
  startMs: number;
  /** The data directory (a temporary one unless given). */
  dataDir: string;
  /** Everything the server wrote to stdout and stderr (for failure messages). */
  output(): string;
  /** SIGTERM, wait for exit; removes the data directory if it was a temporary one. */
  stop(options?: { keepData?: boolean }): Promise<void>;
}

export interface StartOptions {
  /** Extra environment variables (override the defaults below). */
  env?: Record<string, string>;
  /** Reuse this data directory instead of a fresh temporary one (it is then never removed). */
  dataDir?: string;
  /** How long to wait for the server to be up. */
  timeoutMs?: number;
}

/**
 * Starts the REAL server (`node --import tsx src/server.ts`) as a child process on 127.0.0.1, a
 * free port and a fresh data directory (its embedded PostgreSQL server) with the demo data, and
 * waits for /healthz.
 */
export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const temporary = !options.dataDir;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-e2e-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SEED_DEMO: 'true',
    LOG_LEVEL: 'warn',
    ...options.env,
  };
  // The tests must never touch a database they were not given.
  if (!options.env?.DATABASE_URL) delete env.DATABASE_URL;
  const started = Date.now();
  // as scripts/start.mjs starts it
  const { child, output, exited } = spawnServer(env, ['--max-semi-space-size=4']);

  const stop = async (stopOptions: { keepData?: boolean } = {}) => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    if (temporary && !stopOptions.keepData) fs.rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const baseUrl = await waitForAddress(child, output, options.timeoutMs ?? 90_000);
    await waitForHealth(baseUrl, child, output, options.timeoutMs ?? 90_000);
    return {
      baseUrl,
      pid: child.pid!,
      startMs: Date.now() - started,
      dataDir,
      output,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** The server prints "Cyd is running at http://host:port" once it listens. */
async function waitForAddress(child: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = /Cyd is running at (http:\/\/[^\s]+)/.exec(output());
    if (match) return match[1]!.replace('localhost', '127.0.0.1');
    if (child.exitCode !== null) {
      throw new Error(`The server exited with code ${child.exitCode}:\n${output()}`);
    }
    if (Date.now() > deadline) throw new Error(`The server did not start:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitForHealth(
  baseUrl: string,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${baseUrl}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (child.exitCode !== null) {
      throw new Error(`The server exited with code ${child.exitCode}:\n${output()}`);
    }
    if (Date.now() > deadline) throw new Error(`/healthz never answered:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The real server and a browser for one describe block: started before its tests, stopped after.
 * Read `suite.server` and `suite.browser` inside the tests.
 */
export function serverAndBrowser(options: StartOptions = {}) {
  const suite = {} as { server: RunningServer; browser: Browser };
  before(async () => {
    suite.server = await startServer(options);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await (suite.browser as Browser | undefined)?.close();
    await (suite.server as RunningServer | undefined)?.stop();
  });
  return suite;
}

/**
 * The real server, a browser and a connection to the server's own database for one describe
 * block (tests that arrange data directly): started before its tests, stopped after. Read
 * `suite.server`, `suite.browser` and `suite.database` inside hooks and tests.
 */
export function serverBrowserAndDatabase(options: StartOptions = {}) {
  const suite = {} as { server: RunningServer; browser: Browser; database: DatabaseHandle };
  before(async () => {
    suite.server = await startServer(options);
    suite.database = await openServerDatabase(suite.server);
    suite.browser = await launchBrowser();
  });
  after(async () => {
    await (suite.browser as Browser | undefined)?.close();
    await (suite.database as DatabaseHandle | undefined)?.close();
    await (suite.server as RunningServer | undefined)?.stop();
  });
  return suite;
}

/**
 * A connection to a running server's own embedded PostgreSQL (its port and generated password
 * are in the data directory), for tests that arrange data directly. Close it before the server.
 */
export async function openServerDatabase(server: RunningServer): Promise<DatabaseHandle> {
  const port = fs
    .readFileSync(path.join(server.dataDir, 'postgres', 'postmaster.pid'), 'utf8')
    .split('\n')[3]!
    .trim();
  const password = fs.readFileSync(path.join(server.dataDir, 'postgres-password'), 'utf8').trim();
  return openDatabase({
    databaseUrl: `postgres://cyd:${encodeURIComponent(password)}@127.0.0.1:${port}/cyd`,
    dataDir: 'unused',
    poolSize: 2,
  });
}

/** The organisation where the demo involvement lead holds that role. */
export async function leadOrganisationId(db: Kysely<DB>) {
  const row = await db
    .selectFrom('memberships as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select('m.organisation_id')
    .where('a.email', '=', 'involvement-lead@demo.example')
    .where('m.role', '=', 'involvement_lead')
    .executeTakeFirstOrThrow();
  return row.organisation_id;
}
