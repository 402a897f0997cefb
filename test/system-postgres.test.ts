/**
 * The oldest PostgreSQL we support: every migration, the demo seed and a few requests against the
 * machine's own PostgreSQL server binaries (the oldest major under /usr/lib/postgresql, or
 * POSTGRES_BIN_DIR), not the embedded one. Skipped when the machine has none. The server runs in
 * a temporary directory (as the `postgres` user when we are root: PostgreSQL refuses root) and is
 * stopped and removed afterwards.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { seedDemo } from '#features/admin';
import { freePort, serverUser } from '#platform/db/embedded.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';

/** The bin directory of the oldest PostgreSQL server installed on this machine, if any. */
function systemBinDir(): string | undefined {
  const usable = (dir: string) =>
    ['initdb', 'postgres'].every((bin) => fs.existsSync(path.join(dir, bin)));
  const chosen = process.env.POSTGRES_BIN_DIR;
  if (chosen) return usable(chosen) ? chosen : undefined;
  const base = '/usr/lib/postgresql';
  const majors = fs.existsSync(base)
    ? fs
        .readdirSync(base)
        .filter((name) => /^\d+$/.test(name) && usable(path.join(base, name, 'bin')))
        .sort((a, b) => Number(a) - Number(b))
    : [];
  if (majors[0]) return path.join(base, majors[0], 'bin');
  const pgConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const dir = pgConfig.status === 0 ? pgConfig.stdout.trim() : '';
  return dir && usable(dir) ? dir : undefined;
}

const binDir = systemBinDir();
const version = binDir
  ? spawnSync(path.join(binDir, 'postgres'), ['--version'], { encoding: 'utf8' }).stdout.trim()
  : '';

describe(`Migrations and demo data on the system PostgreSQL (${version || 'none'})`, () => {
  if (!binDir) {
    // a skipped test rather than a skipped suite, so the run's "N skipped" counts it
    test('needs a system PostgreSQL server', {
      skip: 'none found (/usr/lib/postgresql/*/bin, POSTGRES_BIN_DIR, pg_config --bindir)',
    });
    return;
  }
  let dir = '';
  let server: ChildProcess | undefined;
  let app: TestApp | undefined;
  const stopServer = () => server?.kill('SIGINT');

  before(async () => {
    const owner = serverUser();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-system-pg-'));
    fs.chmodSync(dir, 0o711);
    const data = path.join(dir, 'data');
    fs.mkdirSync(data, { mode: 0o700 });
    if (owner) fs.chownSync(data, owner.uid, owner.gid);
    const env = { ...process.env, LC_ALL: 'C' };
    const initdb = spawnSync(
      path.join(binDir, 'initdb'),
      [`--pgdata=${data}`, '--username=postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'],
      { ...owner, encoding: 'utf8', env },
    );
    assert.equal(initdb.status, 0, `initdb failed: ${initdb.stderr}`);
    const port = await freePort();
    const log = fs.openSync(path.join(data, 'server.log'), 'a');
    if (owner) fs.fchownSync(log, owner.uid, owner.gid);
    server = spawn(
      path.join(binDir, 'postgres'),
      [
        ...['-D', data, '-p', String(port), '-c', 'listen_addresses=127.0.0.1'],
        ...['-c', 'unix_socket_directories=', '-c', 'fsync=off'],
      ],
      { ...owner, stdio: ['ignore', log, log], env },
    );
    fs.closeSync(log);
    process.on('exit', stopServer);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const client = new pg.Client({ connectionString: url });
      client.on('error', () => undefined);
      try {
        await client.connect();
        await client.end();
        break;
      } catch (error) {
        await client.end().catch(() => undefined);
        const logText = fs.readFileSync(path.join(data, 'server.log'), 'utf8');
        if (server.exitCode !== null || Date.now() > deadline) {
          throw new Error(`The system PostgreSQL did not start: ${logText}`, { cause: error });
        }
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    // this file's test database is made on the system server and migrated from nothing
    process.env.DATABASE_URL = url;
    delete process.env.CYD_TEST_TEMPLATE;
    app = await startTestApp({ DEMO_PASSWORD: 'demo-test-password' });
  });

  after(async () => {
    await app?.close();
    if (server && server.exitCode === null && server.signalCode === null) {
      const exited = new Promise((resolve) => server!.once('exit', resolve));
      server.kill('SIGINT');
      await exited;
    }
    process.off('exit', stopServer);
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  test('every migration applies, on that server', async () => {
    const { rows } = await sql<{ version: string }>`select version()`.execute(app!.services.db);
    assert.match(rows[0]!.version, new RegExp(`^PostgreSQL ${version.split(' ')[2]} `));
    const applied = await app!.services.db
      .selectFrom('schema_migrations' as never)
      .select('name' as never)
      .execute();
    const files = fs.readdirSync(path.resolve(import.meta.dirname, '../migrations'));
    assert.equal(applied.length, files.filter((f) => /^\d{4}_[\w-]+\.sql$/.test(f)).length);
  });

  test('the demo data seeds, twice', async () => {
    await seedDemo(app!.services);
    const summary = await seedDemo(app!.services);
    assert.ok(summary.accounts > 0);
  });

  test('the app answers on it', async () => {
    for (const url of ['/healthz', '/readyz', '/sign-in']) {
      const response = await app!.app.inject({ method: 'GET', url });
      assert.equal(response.statusCode, 200, `${url}: ${response.body.slice(0, 200)}`);
    }
  });
});
