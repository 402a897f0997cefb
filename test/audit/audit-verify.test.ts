import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createAuditLog } from '#platform/audit/audit-log.ts';
import { openDatabase, type DatabaseHandle } from '#platform/db/database.ts';
import { migrate } from '#platform/db/migrate.ts';
import { openTestDatabase, testEngine } from '../support/database.ts';

const root = path.resolve(import.meta.dirname, '../..');

/** Runs `npm run audit:verify` as a child process, as an operator would. */
function runVerify(env: Record<string, string>, args: string[] = []) {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' };
  delete childEnv.DATABASE_URL;
  delete childEnv.DATA_DIR;
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'scripts/audit-verify.ts', ...args],
      { cwd: root, env: { ...childEnv, ...env }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function appendAndTamper(handle: DatabaseHandle, tamper: string) {
  await handle.db.connection().execute(async (conn) => {
    await sql`alter table audit_log disable trigger audit_log_no_update`.execute(conn);
    await sql.raw(tamper).execute(conn);
    await sql`alter table audit_log enable trigger audit_log_no_update`.execute(conn);
  });
}

async function appendEntries(handle: DatabaseHandle, n: number) {
  const audit = createAuditLog(handle.db);
  for (let i = 0; i < n; i += 1)
    await audit.record({ actorAccountId: null, action: 'test.cli', details: { i } });
  await audit.stop(); // sealed: tampering, below, comes after
}

describe(`npm run audit:verify (${testEngine})`, () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  after(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });

  if (testEngine === 'postgres') {
    it('passes an intact log and exits 1 when an entry is edited or deleted', async () => {
      const handle = await openTestDatabase();
      cleanups.push(() => handle.close());
      const env = { DATABASE_URL: handle.url! };
      await appendEntries(handle, 5);

      const intact = await runVerify(env);
      assert.equal(intact.code, 0, intact.stderr);
      assert.match(intact.stdout, /Checked 5 entries/);
      assert.match(intact.stdout, /OK: no entry has been edited or deleted/);

      const anchors = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-anchors-')), 'a.txt');
      cleanups.push(() => fs.rmSync(path.dirname(anchors), { recursive: true, force: true }));
      const recorded = await runVerify(env, [`--anchor-file=${anchors}`, '--record']);
      assert.equal(recorded.code, 0, recorded.stderr);
      assert.match(fs.readFileSync(anchors, 'utf8'), /^\d+:[0-9a-f]{64}\n$/);

      await appendAndTamper(
        handle,
        `update audit_log set details = '{"i": 42}' where details->>'i' = '2'`,
      );
      const edited = await runVerify(env);
      assert.equal(edited.code, 1);
      assert.match(edited.stderr, /tampered with/);
      assert.match(edited.stderr, /edited/);

      await appendAndTamper(handle, `delete from audit_log where details->>'i' = '4'`);
      const deleted = await runVerify(env, [`--anchor-file=${anchors}`]);
      assert.equal(deleted.code, 1);
      assert.match(deleted.stderr, /the newest entries were deleted/);
      assert.match(deleted.stderr, /an anchor recorded earlier names this entry but it is gone/);
    });
  } else {
    it('verifies the embedded database, and refuses clearly while Cyd holds it', async () => {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-audit-verify-'));
      cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
      const env = { DATA_DIR: dataDir };

      let handle = await openDatabase({ dataDir });
      await migrate(handle.db);
      await appendEntries(handle, 3);

      const locked = await runVerify(env);
      assert.equal(locked.code, 1);
      assert.match(locked.stderr, /Cyd is running on the embedded database/);
      assert.match(locked.stderr, /\/audit\/verify/);
      await handle.close();

      const intact = await runVerify(env);
      assert.equal(intact.code, 0, intact.stderr);
      assert.match(intact.stdout, /Checked 3 entries/);

      handle = await openDatabase({ dataDir });
      await appendAndTamper(handle, `delete from audit_log where details->>'i' = '1'`);
      await handle.close();
      const deleted = await runVerify(env);
      assert.equal(deleted.code, 1);
      assert.match(deleted.stderr, /an earlier entry was deleted or changed/);
    });
  }

  it('says so when there is no database to verify', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-audit-empty-'));
    cleanups.push(() => fs.rmSync(empty, { recursive: true, force: true }));
    const result = await runVerify({ DATA_DIR: empty });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /no embedded database/i);
  });
});
