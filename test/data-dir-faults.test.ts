/**
 * Faults around the database at start and while running (issue 9, "Bad input and faults"): each
 * gives one clear line on stderr saying what is wrong and what to do, and a non-zero exit, quickly:
 * never a hang, never a stack trace. The real server (`node --import tsx src/server.ts`), as
 * `npm start` runs it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort } from '#platform/db/embedded.ts';

const root = path.resolve(import.meta.dirname, '..');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const children = new Set<ChildProcess>();

function environment(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    SEED_DEMO: 'false',
    LOG_LEVEL: 'fatal',
  };
  delete inherited.DATABASE_URL;
  delete inherited.CYD_TEST_ENGINE;
  return { ...inherited, ...env };
}

function spawnServer(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: environment(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  const output = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output.stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output.stderr += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      children.delete(child);
      resolve(code);
    }),
  );
  return { child, output, exited };
}

/** Runs Cyd expecting it to refuse: its exit code, stderr and how long it took. */
async function refusal(env: Record<string, string>) {
  const started = Date.now();
  const { child, output, exited } = spawnServer(env);
  const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
  const code = await exited;
  clearTimeout(timer);
  return { code, stderr: output.stderr.trim(), stdout: output.stdout, ms: Date.now() - started };
}

/** One line, no stack trace, a non-zero exit, within a few seconds. */
function assertClear(result: Awaited<ReturnType<typeof refusal>>, message: RegExp) {
  assert.notEqual(result.code, 0, `exit code (${result.stderr})`);
  assert.notEqual(result.code, null, 'exited by itself, not killed after hanging');
  assert.match(result.stderr, message);
  assert.equal(result.stderr.split('\n').length, 1, `one line:\n${result.stderr}`);
  assert.doesNotMatch(result.stderr, /^\s+at /m, 'no stack trace');
  // seconds normally; the limit allows for a machine under heavy load (Node and tsx starting)
  assert.ok(result.ms < 60_000, `took ${result.ms} ms`);
}

/** Starts Cyd and waits until it serves; its base URL. */
async function running(env: Record<string, string>) {
  const server = spawnServer(env);
  const deadline = Date.now() + 60_000;
  for (;;) {
    const match = /Cyd is running at (http:\/\/\S+)/.exec(server.output.stdout);
    if (match) return { ...server, url: match[1]!.replace('localhost', '127.0.0.1') };
    if (server.child.exitCode !== null)
      throw new Error(`Cyd exited (${server.child.exitCode}): ${server.output.stderr}`);
    if (Date.now() > deadline) throw new Error(`Cyd did not start: ${server.output.stderr}`);
    await sleep(25);
  }
}

async function stop(server: Awaited<ReturnType<typeof running>>) {
  server.child.kill('SIGTERM');
  const timer = setTimeout(() => server.child.kill('SIGKILL'), 15_000);
  const code = await server.exited;
  clearTimeout(timer);
  return code;
}

describe('database faults give one clear line and a non-zero exit', { timeout: 400_000 }, () => {
  let scratch: string;
  /** A data directory holding a cluster (made by the first test). */
  let dataDir: string;
  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-faults-'));
    dataDir = path.join(scratch, 'missing', 'data');
  });
  after(() => {
    for (const child of children) child.kill('SIGKILL');
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  it('creates a missing data directory; a second Cyd on it refuses while the first runs', async () => {
    const first = await running({ DATA_DIR: dataDir });
    assert.ok(fs.existsSync(path.join(dataDir, 'postgres', 'PG_VERSION')));
    const second = await refusal({ DATA_DIR: dataDir });
    assertClear(second, /data directory .* is in use by another Cyd process \(process \d+\)/);
    assert.equal((await fetch(`${first.url}/readyz`)).status, 200, 'the first one still serves');
    assert.equal(await stop(first), 0);
  });

  it('a data directory it cannot write', async () => {
    const file = path.join(scratch, 'a-file');
    fs.writeFileSync(file, 'not a directory');
    const result = await refusal({ DATA_DIR: path.join(file, 'data') });
    assertClear(result, /cannot write to its data directory .*: give it write permission/);
  });

  it('a cluster from a newer PostgreSQL major version', async () => {
    const newer = path.join(scratch, 'newer');
    fs.mkdirSync(path.join(newer, 'postgres'), { recursive: true });
    fs.writeFileSync(path.join(newer, 'postgres', 'PG_VERSION'), '99\n');
    fs.writeFileSync(path.join(newer, 'postgres-password'), 'secret\n');
    const result = await refusal({ DATA_DIR: newer });
    assertClear(result, /created by PostgreSQL 99, newer than .*: run a newer Cyd/);
  });

  it('a directory that holds something else where the cluster goes', async () => {
    const other = path.join(scratch, 'other');
    fs.mkdirSync(path.join(other, 'postgres'), { recursive: true });
    fs.writeFileSync(path.join(other, 'postgres', 'notes.txt'), 'mine');
    const result = await refusal({ DATA_DIR: other });
    assertClear(result, /is not empty but holds no PostgreSQL cluster: move it away/);
  });

  it('the HTTP port in use', async () => {
    const port = await freePort();
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const result = await refusal({ DATA_DIR: dataDir, PORT: String(port) });
      assertClear(
        result,
        new RegExp(`Port ${port} on 127.0.0.1 is in use .*: stop it, or set PORT`),
      );
    } finally {
      blocker.close();
    }
  });

  it('DATABASE_URL unreachable at start', async () => {
    const port = await freePort(); // nothing listens there
    const result = await refusal({
      DATABASE_URL: `postgres://cyd:secret-password@127.0.0.1:${port}/cyd`,
    });
    assertClear(result, /Cannot connect to the PostgreSQL server in DATABASE_URL .*: .*Check/);
    assert.doesNotMatch(result.stderr, /secret-password/, 'never the password');
  });

  it('starts over a stale postmaster.pid whose pid another program now has', async () => {
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    const sleeper = spawn('sleep', ['60'], { stdio: 'ignore' });
    children.add(sleeper);
    try {
      // as a crash leaves it: the server's lock file, naming a pid now in use by something else
      fs.writeFileSync(pidFile, `${sleeper.pid}\n${path.dirname(pidFile)}\n`);
      const server = await running({ DATA_DIR: dataDir });
      assert.equal((await fetch(`${server.url}/readyz`)).status, 200);
      assert.equal(sleeper.exitCode, null, 'the other program was left alone');
      assert.equal(await stop(server), 0);
    } finally {
      sleeper.kill('SIGKILL');
    }
  });

  it('its embedded PostgreSQL lost while running: 503 in the visitor language, then back', async () => {
    const server = await running({ DATA_DIR: dataDir });
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    process.kill(-postmaster, 'SIGKILL');
    await sleep(200);
    const health = await fetch(`${server.url}/healthz`).catch(() => undefined);
    assert.equal(health?.status, 200, `Cyd still serves: ${server.output.stderr}`);
    assert.equal((await fetch(`${server.url}/readyz`)).status, 503);
    const page = await fetch(`${server.url}/sign-in?lang=cy`);
    assert.equal(page.status, 503);
    const body = await page.text();
    assert.match(body, /nid yw&#39;r gwasanaeth ar gael/);
    assert.doesNotMatch(body, /at .*\.ts:\d+|Error:/);
    // Cyd starts its server again (crash recovery) and serves again
    const deadline = Date.now() + 30_000;
    while ((await fetch(`${server.url}/readyz`)).status !== 200) {
      assert.ok(Date.now() < deadline, `not back: ${server.output.stderr}`);
      await sleep(100);
    }
    assert.equal((await fetch(`${server.url}/sign-in?lang=cy`)).status, 200);
    assert.match(server.output.stderr, /The embedded PostgreSQL server stopped unexpectedly/);
    assert.doesNotMatch(server.output.stderr, /^\s+at /m, 'no stack trace');
    assert.equal(await stop(server), 0);
  });
});
