/**
 * `npm run audit:verify`: recomputes the audit log's hash chain on the configured database
 * (DATABASE_URL, or the embedded database in DATA_DIR) and exits 1 on any problem.
 *
 *   npm run audit:verify
 *   npm run audit:verify -- --anchor=1234:<hash>          also check a head recorded earlier
 *   npm run audit:verify -- --anchor-file=anchors.txt     check every head in the file ...
 *   npm run audit:verify -- --anchor-file=anchors.txt --record   ... and add today's head to it
 *
 * Keep the anchor file somewhere the database's owner cannot rewrite (see docs/audit.md).
 */
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '#app/config.ts';
import {
  parseAnchor,
  sealWaiting,
  verifyAuditLog,
  type AuditProblem,
  type ChainLink,
} from '#platform/audit/audit-log.ts';
import { openDatabase, type DatabaseHandle } from '#platform/db/database.ts';

const out = (line = '') => process.stdout.write(`${line}\n`);
const fail = (line: string) => {
  process.stderr.write(`${line}\n`);
  process.exitCode = 1;
};

const explain: Record<AuditProblem['kind'], string> = {
  edited: 'its content no longer matches its hash (edited)',
  broken_chain: 'it does not link to the entry before it (an earlier entry was deleted or changed)',
  missing_tail:
    'the chain head records this entry but it is gone (the newest entries were deleted)',
  head_mismatch: 'the newest entry is not the one the chain head records',
  anchor_missing: 'an anchor recorded earlier names this entry but it is gone',
  anchor_mismatch: 'an anchor recorded earlier gives a different hash for this entry',
};

function readAnchors(args: string[]) {
  const anchors: ChainLink[] = [];
  const bad: string[] = [];
  for (const arg of args.filter((a) => a.startsWith('--anchor='))) {
    const anchor = parseAnchor(arg.slice('--anchor='.length));
    if (anchor) anchors.push(anchor);
    else bad.push(arg);
  }
  const file = args.find((a) => a.startsWith('--anchor-file='))?.slice('--anchor-file='.length);
  if (file && fs.existsSync(file)) {
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, index) => {
        if (line.trim() === '') return;
        const anchor = parseAnchor(line);
        if (anchor) anchors.push(anchor);
        else bad.push(`${file} line ${(index + 1).toString()}`);
      });
  }
  return { anchors, bad, file };
}

async function main() {
  const args = process.argv.slice(2);
  const { anchors, bad, file } = readAnchors(args);
  if (bad.length) {
    fail(`Not an anchor (expected <id>:<64 hex characters>): ${bad.join(', ')}`);
    return;
  }
  if (args.includes('--record') && !file) {
    fail('--record needs --anchor-file=<path> to record the head in.');
    return;
  }

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    fail((error as Error).message);
    return;
  }
  const where = config.databaseUrl
    ? 'PostgreSQL (DATABASE_URL)'
    : `the embedded database in ${config.dataDir}`;
  if (!config.databaseUrl && !fs.existsSync(path.join(config.dataDir, 'PG_VERSION'))) {
    fail(`There is no embedded database in ${config.dataDir}: nothing to verify.`);
    return;
  }

  let handle: DatabaseHandle;
  try {
    handle = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  } catch (error) {
    const message = (error as Error).message;
    if (/in use by another Cyd process/.test(message)) {
      fail(
        `Cannot verify: Cyd is running on ${where}, and the embedded database allows one ` +
          'process at a time. Stop Cyd and run this again, or sign in as a platform ' +
          'administrator and use the "Verify the audit log" page (/audit/verify).',
      );
    } else {
      fail(`Cannot open ${where}: ${message}`);
    }
    return;
  }

  try {
    out(`Verifying the audit log in ${where}...`);
    const started = Date.now();
    // entries appended moments before Cyd stopped may still be waiting to be chained
    await sealWaiting(handle.db);
    const result = await verifyAuditLog(handle.db, { anchors });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    out(`Checked ${result.checked.toLocaleString('en-GB')} entries in ${seconds} s.`);
    if (anchors.length) out(`Checked ${anchors.length.toString()} anchor(s) recorded earlier.`);
    if (result.head) out(`Head: ${result.head.id.toString()}:${result.head.hash}`);
    if (result.ok) {
      out('OK: no entry has been edited or deleted.');
      if (file && args.includes('--record') && result.head) {
        fs.appendFileSync(file, `${result.head.id.toString()}:${result.head.hash}\n`);
        out(`Recorded the head in ${file}.`);
      }
      return;
    }
    fail(`PROBLEM: the audit log has been tampered with (${result.problems.length.toString()}):`);
    for (const problem of result.problems.slice(0, 100)) {
      fail(
        `  entry ${problem.id === null ? '(none)' : `#${problem.id.toString()}`}: ${explain[problem.kind]}`,
      );
    }
    if (result.problems.length > 100)
      fail(`  ... and ${(result.problems.length - 100).toString()} more.`);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    fail(
      code === '42P01'
        ? `${where} has no audit log yet: run "npm run migrate" (or start Cyd) first.`
        : `Verification failed: ${(error as Error).message}`,
    );
  } finally {
    await handle.close();
  }
}

await main();
