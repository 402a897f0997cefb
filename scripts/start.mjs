// `npm start`: installs dependencies on a fresh clone, then starts Cyd (embedded database,
// demo data on first run). Plain JavaScript so it runs before anything is installed.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const installed = path.join(root, 'node_modules', '.package-lock.json');
const lock = path.join(root, 'package-lock.json');
if (!fs.existsSync(installed) || fs.statSync(lock).mtimeMs > fs.statSync(installed).mtimeMs) {
  console.log('Installing dependencies (first run)...');
  const result = spawnSync('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

// A small young generation (4 MB semi-spaces, not 16): after `npm run bench` the server held
// ~40 MB less, with the same throughput (docs/performance.md). test/e2e/support/server.ts starts
// the server the same way.
const child = spawn(
  process.execPath,
  ['--max-semi-space-size=4', '--import', 'tsx', 'src/server.ts', ...process.argv.slice(2)],
  {
    cwd: root,
    stdio: 'inherit',
  },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 0));
