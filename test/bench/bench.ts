/**
 * `npm run bench`: measures the real server on loopback and prints JSON.
 *
 *   npm run -s bench                   temporary data directory (embedded PostgreSQL) with the demo data
 *                                      (-s: only the JSON on stdout)
 *   DATABASE_URL=postgres://... npm run bench   load pages from native PostgreSQL
 *   npm run bench -- --postgres        the same on a throwaway PostgreSQL cluster
 *   npm run bench -- --national        run `npm run seed:national` first (national-scale data;
 *                                      `--scale=0.1` passes on), signed in as the demo platform admin
 *   npm run bench -- --duration=4 --repeats=3 --connections=20
 *
 * For each key page: requests/s, p50/p95/p99 latency, errors and non-2xx responses (autocannon,
 * 20 connections, medians of 3 runs), SQL queries per request (the x-query-count header, served
 * with EXPOSE_QUERY_COUNT=true) and compressed HTML size. Also: cold start to first page on a
 * fresh data directory, warm restart, server RSS after the run, and the compressed size of every
 * CSS and JS asset, each against the budgets of quality.md. Progress goes to stderr.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../e2e/support/server.ts';
import { startCluster } from '../support/postgres.ts';
import { request, signIn, sizes } from './http-client.ts';
import { loadPage, type LoadResult } from './load.ts';

const root = path.resolve(import.meta.dirname, '../..');
const args = process.argv.slice(2);
const option = (name: string, fallback: number) =>
  Number(args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? fallback);
const national = args.includes('--national');
const duration = option('duration', 4);
const repeats = option('repeats', 3);
const connections = option('connections', 20);
const scale = args.find((a) => a.startsWith('--scale='));
// With national data, the demo platform administrator sees all of it (demo accounts need no
// MFA); otherwise the demo organisation administrator, who sees the demo region.
const account = {
  email:
    process.env.BENCH_EMAIL ??
    (national ? 'platform-admin@demo.example' : 'organisation-admin@demo.example'),
  password: process.env.DEMO_PASSWORD ?? 'cyd-demo-2026',
};

const budgets = {
  coldStartMs: 20_000,
  warmStartMs: 5_000,
  rssMb: 300,
  htmlGzipKb: 50,
  assetsGzipKb: 100,
  p95Ms: 100,
  queriesPerPage: 10,
  listShareOfHealthzPercent: 10,
};

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const round = (value: number, places = 1) => Math.round(value * 10 ** places) / 10 ** places;

interface Target {
  name: string;
  path: string;
  signedIn: boolean;
}

const load = (baseUrl: string, target: Target, cookie: string, seconds: number) =>
  loadPage(`${baseUrl}${target.path}`, {
    cookie: target.signedIn ? cookie : undefined,
    seconds,
    connections,
  });

interface Measured {
  requestsPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number };
  errors: number;
  non2xx: number;
}

interface PageResult extends Partial<Measured> {
  page: string;
  path: string;
  status: number;
  sqlQueries: number;
  htmlBytes: number;
  htmlGzipBytes: number;
  servedCompressed: string;
  /** Why the page was not put under load. */
  skipped?: string;
}

function rssMb(pid: number) {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return { rss: round(kb('VmRSS') / 1024), peak: round(kb('VmHWM') / 1024) };
}

/** The embedded PostgreSQL server's processes (postmaster and its children): summed PSS. */
function postgresPssMb(dataDir: string) {
  try {
    const pidFile = path.join(dataDir, 'postgres', 'postmaster.pid');
    const postmaster = Number(fs.readFileSync(pidFile, 'utf8').split('\n')[0]);
    const pids = [postmaster];
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
        const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        if (ppid === postmaster) pids.push(Number(entry));
      } catch {
        /* the process ended */
      }
    }
    let kb = 0;
    for (const pid of pids) {
      try {
        const rollup = fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
        kb += Number(/^Pss:\s+(\d+)/m.exec(rollup)?.[1] ?? 0);
      } catch {
        /* the process ended */
      }
    }
    return { processes: pids.length, pssMb: round(kb / 1024) };
  } catch {
    return null;
  }
}

function runScript(script: string, scriptArgs: string[], env: NodeJS.ProcessEnv) {
  return new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...scriptArgs], {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', process.stderr, 'inherit'],
    });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${script} exited with ${code}`)),
    );
  });
}

/** Spawn → /healthz → first 200 from GET /. */
async function timedStart(options: Parameters<typeof startServer>[0]) {
  const started = Date.now();
  const server = await startServer({
    ...options,
    env: { EXPOSE_QUERY_COUNT: 'true', ...options?.env },
  });
  const first = await request(`${server.baseUrl}/`);
  if (first.status !== 200) throw new Error(`GET / answered ${first.status}`);
  return { server, ms: Date.now() - started, memory: rssMb(server.pid) };
}

async function main() {
  const begun = Date.now();
  const loadAtStart = os.loadavg().map((l) => round(l, 2));
  // --postgres without DATABASE_URL: a throwaway cluster from the installed binaries.
  const cluster =
    args.includes('--postgres') && !process.env.DATABASE_URL ? await startCluster() : undefined;
  const databaseUrl = process.env.DATABASE_URL ?? cluster?.url;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-bench-'));
  let server: RunningServer | undefined;
  try {
    // Cold start: a fresh data directory (what `npm start` does on a fresh clone:
    // migrate, seed the demo data, listen). Then a warm restart on the same directory.
    log('cold start on a fresh data directory...');
    const cold = await timedStart({ dataDir });
    await cold.server.stop();
    log(`cold start ${cold.ms} ms; warm restart...`);
    const warm = await timedStart({ dataDir });
    log(`warm restart ${warm.ms} ms`);
    server = warm.server;

    const env: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
    if (national || databaseUrl) {
      await server.stop({ keepData: true });
      server = undefined;
      if (national) {
        log('seeding national-scale data (npm run seed:national)...');
        await runScript('scripts/seed-national.ts', scale ? [scale] : [], {
          DATA_DIR: dataDir,
          ...env,
        });
      }
      server = (await timedStart({ dataDir, env })).server;
    }
    const engine = databaseUrl ? 'postgres' : 'embedded';
    const baseUrl = server.baseUrl;
    const idleMemory = rssMb(server.pid);

    let cookie = '';
    let signInProblem: string | null = null;
    try {
      cookie = await signIn(baseUrl, account, log);
    } catch (error) {
      signInProblem = error instanceof Error ? error.message : String(error);
      log(`could not sign in, signed-in pages are not measured: ${signInProblem}`);
    }
    const organisations = await request(`${baseUrl}/organisations`, { cookie });
    const organisationPath =
      /href="(\/organisations\/[0-9a-f-]{36})"/.exec(organisations.body)?.[1] ?? null;
    const register = await request(`${baseUrl}/people`, { cookie });
    const personPath = /href="(\/people\/[0-9a-f-]{36})"/.exec(register.body)?.[1] ?? null;
    const targets: Target[] = [
      // the reference: what the same server does with no page work (issue 9's throughput ratio)
      { name: 'health check (reference)', path: '/healthz', signedIn: false },
      { name: 'start page', path: '/', signedIn: false },
      { name: 'sign-in page', path: '/sign-in', signedIn: false },
      { name: 'dashboard', path: '/dashboard', signedIn: true },
      { name: 'organisations list', path: '/organisations', signedIn: true },
      ...(organisationPath
        ? [{ name: 'an organisation', path: organisationPath, signedIn: true }]
        : []),
      { name: 'register list', path: '/people', signedIn: true },
      // an audited read: every view of a person's record is written to the audit log
      ...(personPath ? [{ name: 'a person (audited)', path: personPath, signedIn: true }] : []),
      { name: 'opportunities list', path: '/opportunities', signedIn: true },
      { name: 'staff list', path: '/staff', signedIn: true },
      { name: 'audit log', path: '/audit', signedIn: true },
    ];

    const pages: PageResult[] = [];
    for (const target of targets) {
      const samples = await Promise.all(
        [0, 1, 2].map(() => request(`${baseUrl}${target.path}`, target.signedIn ? { cookie } : {})),
      );
      const sample = samples[0]!;
      const queries = samples.map((s) => Number(s.headers['x-query-count'] ?? NaN));
      const { bytes, gzipBytes, servedCompressed } = sizes(sample);
      const entry: PageResult = {
        page: target.name,
        path: target.path.replace(/[0-9a-f-]{36}/, ':id'),
        status: sample.status,
        sqlQueries: median(queries),
        htmlBytes: bytes,
        htmlGzipBytes: gzipBytes,
        servedCompressed,
      };
      if (target.signedIn && signInProblem) {
        pages.push({ ...entry, skipped: `could not sign in: ${signInProblem}` });
        continue;
      }
      if (sample.status !== 200) {
        log(`${target.path}: answered ${sample.status}; not loaded`);
        pages.push({ ...entry, skipped: `answered ${sample.status}` });
        continue;
      }
      await load(baseUrl, target, cookie, 1); // warm-up, not counted
      const runs: LoadResult[] = [];
      for (let i = 0; i < repeats; i++) runs.push(await load(baseUrl, target, cookie, duration));
      const m = (key: keyof LoadResult) => median(runs.map((r) => r[key]));
      const result = {
        ...entry,
        requestsPerSecond: round(m('requestsPerSecond')),
        latencyMs: { p50: round(m('p50')), p95: round(m('p95')), p99: round(m('p99')) },
        errors: m('errors'),
        non2xx: m('non2xx'),
      };
      log(
        `${target.path}: ${result.requestsPerSecond} req/s, p95 ${result.latencyMs.p95} ms, ${result.sqlQueries} queries, ${result.htmlGzipBytes} B gzip`,
      );
      pages.push(result);
    }
    const memory = rssMb(server.pid);
    const postgresMemory = engine === 'embedded' ? postgresPssMb(dataDir) : null;
    // each page's requests/s as a share of the same server's /healthz in the same run
    const reference = pages.find((p) => p.path === '/healthz')?.requestsPerSecond;
    const throughputShareOfHealthz = Object.fromEntries(
      pages
        .filter((p) => p.path !== '/healthz' && p.requestsPerSecond !== undefined && reference)
        .map((p) => [p.path, `${round((p.requestsPerSecond! / reference!) * 100)}%`]),
    );
    log(`throughput as a share of /healthz: ${JSON.stringify(throughputShareOfHealthz)}`);

    // Every CSS and JS file the build produced, as served (gzip).
    const manifest = JSON.parse(
      fs.readFileSync(path.join(root, 'public/build/manifest.json'), 'utf8'),
    ) as Record<string, string>;
    const assets = [];
    for (const file of Object.values(manifest).filter((f) => /\.(css|js)$/.test(f))) {
      const response = await request(`${baseUrl}/assets/${file}`);
      assets.push({
        file,
        status: response.status,
        ...sizes(response),
        cacheControl: response.headers['cache-control'] ?? null,
      });
    }
    const assetsGzipBytes = assets.reduce((sum, a) => sum + a.gzipBytes, 0);

    const loaded = pages.filter((p): p is PageResult & Measured => p.latencyMs !== undefined);
    const worst = <T>(values: T[], fallback: T) => (values.length ? values : [fallback]);
    const check = (name: string, limit: number, measured: number, unit: string) => ({
      name,
      limit: `${limit} ${unit}`,
      measured: `${round(measured)} ${unit}`,
      ok: measured <= limit,
    });
    const report = {
      machine: {
        cpus: os.cpus().length,
        node: process.version,
        // Other work on the machine skews every figure: compare runs at a similar load.
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: os.loadavg().map((l) => round(l, 2)),
      },
      engine,
      nationalData: national ? (scale?.slice(8) ?? '1') : false,
      signedInAs: account.email,
      settings: { connections, durationSeconds: duration, repeats, statistic: 'median of repeats' },
      startup: {
        coldStartToFirstPageMs: cold.ms,
        warmRestartToFirstPageMs: warm.ms,
        engine: 'embedded',
      },
      memory: {
        serverRssMbBeforeLoad: idleMemory.rss,
        serverRssMbAfterRun: memory.rss,
        serverPeakRssMb: memory.peak,
        coldStartPeakRssMb: cold.memory.peak,
        // the embedded PostgreSQL's processes, apart (PSS: shared memory counted once)
        postgresProcessesPssMb: postgresMemory,
      },
      pages,
      throughputShareOfHealthz,
      assets: { files: assets, totalGzipBytes: assetsGzipBytes },
      budgets: [
        check('fresh start to first page', budgets.coldStartMs, cold.ms, 'ms'),
        check('warm restart to first page', budgets.warmStartMs, warm.ms, 'ms'),
        check('server RSS after the run', budgets.rssMb, memory.rss, 'MB'),
        check(
          'largest page HTML (gzip)',
          budgets.htmlGzipKb,
          Math.max(...pages.filter((p) => p.status === 200).map((p) => p.htmlGzipBytes)) / 1024,
          'KB',
        ),
        check('all CSS+JS (gzip)', budgets.assetsGzipKb, assetsGzipBytes / 1024, 'KB'),
        check(
          `worst p95 at ${connections} connections`,
          budgets.p95Ms,
          Math.max(
            ...worst(
              loaded.map((p) => p.latencyMs.p95),
              NaN,
            ),
          ),
          'ms',
        ),
        check(
          'most SQL queries on a page',
          budgets.queriesPerPage,
          Math.max(...pages.filter((p) => p.status === 200).map((p) => p.sqlQueries)),
          'queries',
        ),
        ...['/people', '/organisations', '/opportunities'].map((listPath) => {
          const share = pages.find((p) => p.path === listPath)?.requestsPerSecond;
          const percent = share !== undefined && reference ? (share / reference) * 100 : NaN;
          return {
            name: `${listPath} throughput as a share of /healthz`,
            limit: `>= ${budgets.listShareOfHealthzPercent} %`,
            measured: `${round(percent)} %`,
            ok: percent >= budgets.listShareOfHealthzPercent,
          };
        }),
        {
          name: 'errors and non-2xx under load',
          limit: '0',
          measured: String(loaded.reduce((sum, p) => sum + p.errors + p.non2xx, 0)),
          ok: loaded.every((p) => p.errors + p.non2xx === 0),
        },
      ],
      pagesNotMeasured: pages
        .filter((p) => p.skipped !== undefined)
        .map((p) => ({ path: p.path, why: p.skipped })),
      benchSeconds: Math.round((Date.now() - begun) / 1000),
    };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await server?.stop();
    cluster?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
