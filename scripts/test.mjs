// `npm test`: on a fresh machine installs what the tests need (npm packages, which include the
// embedded PostgreSQL server; Debian's chromium when missing and we may use apt-get), then runs
// scripts/test.ts.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const run = (command, args) =>
  spawnSync(command, args, { cwd: root, stdio: 'inherit' }).status === 0;
const has = (command) =>
  spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;

if (!fs.existsSync(path.join(root, 'node_modules', '.package-lock.json'))) {
  if (!run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'])) process.exit(1);
}

const args = process.argv.slice(2);
const needsBrowser = !args.includes('--only=unit');
const missing = needsBrowser && !fs.existsSync('/usr/bin/chromium') ? ['chromium'] : [];
if (missing.length) {
  const root_ = process.getuid?.() === 0;
  if (root_ && has('apt-get')) {
    console.log(`Installing ${missing.join(' and ')} for the tests (apt-get)...`);
    run('apt-get', ['update', '-qq']);
    if (!run('apt-get', ['install', '-y', '-qq', ...missing])) process.exit(1);
  } else {
    console.error(
      `The tests need ${missing.join(' and ')}: install with \`sudo apt-get install ${missing.join(' ')}\` ` +
        '(or run `npm test -- --only=unit` without it).',
    );
    process.exit(1);
  }
}

const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/test.ts', ...args], {
  cwd: root,
  stdio: 'inherit',
});
child.on('exit', (code) => process.exit(code ?? 1));
