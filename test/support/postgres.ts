import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** A throwaway PostgreSQL cluster from the installed binaries, run as a non-root user. */
export interface Cluster {
  url: string;
  stop(): void;
}

function findBinary(name: string) {
  const candidates = [
    ...(process.env.PATH ?? '').split(':').map((dir) => path.join(dir, name)),
    ...['17', '16', '15', '14'].map((v) => `/usr/lib/postgresql/${v}/bin/${name}`),
  ];
  const found = candidates.find((file) => fs.existsSync(file));
  if (!found) throw new Error(`${name} not found: install PostgreSQL (apt-get install postgresql)`);
  return found;
}

async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export async function startCluster(): Promise<Cluster> {
  const initdb = findBinary('initdb');
  const pgCtl = findBinary('pg_ctl');
  const root = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-pg-'));
  fs.chmodSync(dir, 0o755);
  const asUser = (command: string, args: string[]) => {
    if (root) {
      execFileSync('chown', ['-R', 'postgres', dir]);
      return execFileSync('runuser', ['-u', 'postgres', '--', command, ...args], { stdio: 'pipe' });
    }
    return execFileSync(command, args, { stdio: 'pipe' });
  };
  const port = await freePort();
  asUser(initdb, [
    '-D',
    path.join(dir, 'data'),
    '-A',
    'trust',
    '-U',
    'postgres',
    '-E',
    'UTF8',
    '--locale=C',
  ]);
  asUser(pgCtl, [
    '-D',
    path.join(dir, 'data'),
    '-l',
    path.join(dir, 'log'),
    '-w',
    '-o',
    `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`,
    'start',
  ]);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      const args = ['-D', path.join(dir, 'data'), 'stop', '-m', 'fast'];
      if (root) spawnSync('runuser', ['-u', 'postgres', '--', pgCtl, ...args], { stdio: 'ignore' });
      else spawnSync(pgCtl, args, { stdio: 'ignore' });
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
