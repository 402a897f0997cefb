import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import lockfile from 'proper-lockfile';

const root = path.resolve(import.meta.dirname, '..');

interface Running {
  child: ChildProcess;
  url: string;
  output: () => string;
}

const children = new Set<ChildProcess>();

/** Starts the real server (`node --import tsx src/server.ts`) and waits for its address. */
function startServer(env: Record<string, string>): Promise<Running> {
  const inherited = { ...process.env };
  delete inherited.DATABASE_URL;
  delete inherited.CYD_TEST_ENGINE;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: root,
    env: {
      ...inherited,
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      SEED_DEMO: 'false',
      LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let output = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`The server did not start in time:\n${output}`));
    }, 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Cyd is running at (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The server exited (${code}) before it was ready:\n${output}`));
    });
  });
}

/** Sends SIGTERM and resolves with the exit code and how long the process took to exit. */
function terminate(child: ChildProcess) {
  const sent = Date.now();
  return new Promise<{ code: number | null; ms: number }>((resolve) => {
    child.once('exit', (code) => resolve({ code, ms: Date.now() - sent }));
    child.kill('SIGTERM');
  });
}

describe('server shutdown (embedded PostgreSQL)', { timeout: 240_000 }, () => {
  let dataDir: string;
  let env: Record<string, string>;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-shutdown-'));
    // the embedded PostgreSQL server in the data directory, as `npm start` runs it
    env = { DATA_DIR: dataDir };
  });
  after(async () => {
    for (const child of children) child.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('on SIGTERM stops serving, stops jobs, closes the database and exits 0; a restart works', async (t) => {
    const first = await startServer(env);
    const health = await fetch(`${first.url}/healthz`);
    assert.equal(health.status, 200);
    assert.equal((await fetch(`${first.url}/readyz`)).status, 200);

    const stopped = await terminate(first.child);
    assert.equal(stopped.code, 0, first.output());
    assert.ok(stopped.ms < 5_000, `took ${stopped.ms} ms to exit`);
    t.diagnostic(`exited ${stopped.ms} ms after SIGTERM`);
    await assert.rejects(fetch(`${first.url}/healthz`));
    assert.equal(await lockfile.check(dataDir), false, 'the data directory is still locked');
    assert.ok(
      !fs.existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')),
      'the embedded PostgreSQL server stopped with Cyd',
    );

    const second = await startServer(env);
    assert.equal((await fetch(`${second.url}/healthz`)).status, 200);
    const again = await terminate(second.child);
    assert.equal(again.code, 0, second.output());
    assert.ok(again.ms < 5_000, `took ${again.ms} ms to exit`);
    t.diagnostic(`restarted; exited ${again.ms} ms after SIGTERM`);
  });
});
