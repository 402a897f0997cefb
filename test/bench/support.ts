import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '#app/config.ts';
import { buildServices, type Services } from '#app/services.ts';
import { seedDemo } from '#app/features/admin/organisations/seed-demo.ts';
import { nationalRoots, seedNational } from '#app/features/admin/organisations/seed-national.ts';
import { nationalSeeds } from '#app/modules.ts';
import { startServer } from '../e2e/support/server.ts';
import { startCluster } from '../support/postgres.ts';

/**
 * What the bench scripts share: options, the database, rounding, percentiles, and signing in
 * through the real form.
 */

/**
 * The database a national-data bench runs on: a fresh embedded one (the default), a throwaway
 * PostgreSQL cluster (--postgres), or DATABASE_URL, which the bench empties and seeds, so only
 * with --reset-database.
 */
export async function benchDatabase(args = process.argv.slice(2)) {
  const given = process.env.DATABASE_URL;
  if (given && !args.includes('--reset-database'))
    throw new Error(
      'DATABASE_URL is set: this bench empties that database and seeds national data into it. ' +
        'Add --reset-database to go ahead, or unset DATABASE_URL for a throwaway embedded database.',
    );
  const cluster = !given && args.includes('--postgres') ? await startCluster() : undefined;
  const url = given ?? cluster?.url;
  return {
    engine: url ? 'postgres' : 'embedded',
    env: url ? { DATABASE_URL: url } : ({} as Record<string, string>),
    stop: () => cluster?.stop(),
  };
}

/**
 * The frame of a national-data bench: its data directory (DIR with --reuse=DIR, kept; else a
 * temporary one, removed afterwards), the bench database, the app's configuration on them, and
 * the report, which `work` fills; printed as JSON on stdout with the machine's load average at
 * the start and the end.
 */
export async function runBench(
  name: string,
  options: { scale: number; reuse?: string | undefined },
  work: (bench: {
    dataDir: string;
    database: Awaited<ReturnType<typeof benchDatabase>>;
    config: Config;
    report: Record<string, unknown>;
  }) => Promise<void>,
) {
  const { reuse } = options;
  if (reuse) fs.mkdirSync(reuse, { recursive: true });
  const dataDir = reuse ?? fs.mkdtempSync(path.join(os.tmpdir(), `cyd-${name}-bench-`));
  const database = await benchDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    ...database.env,
  });
  const report: Record<string, unknown> = {
    engine: database.engine,
    scale: options.scale,
    machine: { cpus: os.cpus().length, loadAverageAtStart: os.loadavg().map(round) },
  };
  try {
    await work({ dataDir, database, config, report });
    report.machine = { ...(report.machine as object), loadAverageAtEnd: os.loadavg().map(round) };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    database.stop();
    if (!reuse) fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/**
 * Seeds the bench's data: the demo data (unless `demo` is false) and the national data at
 * `scale`, with their times in the report. With `reuse`, data already there is kept as it is.
 */
export async function seedBenchData(
  services: Services,
  config: Config,
  options: {
    scale: number;
    reuse?: string | undefined;
    demo?: boolean;
    log: (line: string) => void;
    report: Record<string, unknown>;
  },
) {
  const { db } = services;
  if (options.reuse) {
    const seeded = await db
      .selectFrom('organisations')
      .select('id')
      .where('id', '=', nationalRoots[0]!)
      .executeTakeFirst();
    if (seeded) return options.log(`reusing ${options.reuse}`);
  }
  if (options.demo !== false) {
    const started = performance.now();
    await seedDemo(services);
    options.report.demoSeedMs = Math.round(performance.now() - started);
    options.log(`demo seeded in ${options.report.demoSeedMs as number} ms; national data...`);
  }
  const national = await seedNational(db, nationalSeeds, {
    scale: options.scale,
    password: config.demoPassword,
    keys: config.encryptionKey,
    log: (line) => options.log(line.trim()),
  });
  options.report.nationalSeed = { totalMs: national.totalMs, stepsMs: national.timings };
}

/** Runs `work` with the app's services on the configuration, closing them afterwards. */
export async function withServices<T>(config: Config, work: (services: Services) => Promise<T>) {
  const services = await buildServices(config);
  try {
    return await work(services);
  } finally {
    await services.close();
  }
}

/** Runs `run(i)` `runs` times after three warm-up runs: the timings, and the last run's value. */
export async function timeRuns<T>(runs: number, run: (i: number) => Promise<T>) {
  const times: number[] = [];
  let last: T | undefined;
  for (let i = 0; i < runs + 3; i += 1) {
    const started = performance.now();
    last = await run(i);
    if (i >= 3) times.push(performance.now() - started);
  }
  return { times, last: last as T };
}

export const round = (n: number) => Math.round(n * 10) / 10;

/** The middle value (the mean of the two middle ones when there is an even number). */
export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The p-th percentile (nearest rank) of the values. */
export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

/** Median, 95th percentile and maximum of timings, to 0.1 ms. */
export const summary = (times: number[]) => ({
  p50: round(percentile(times, 50)),
  p95: round(percentile(times, 95)),
  max: round(Math.max(...times)),
});

/** Signs in through the real form; returns the Cookie header. */
export async function signIn(baseUrl: string, email: string, password: string) {
  const jar = new Map<string, string>();
  const keep = (response: Response) => {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const eq = pair!.indexOf('=');
      jar.set(pair!.slice(0, eq), pair!.slice(eq + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const page = await fetch(`${baseUrl}/sign-in`);
  keep(page);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await page.text())?.[1] ?? '';
  const response = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password }).toString(),
  });
  keep(response);
  if (response.status !== 303 && response.status !== 302)
    throw new Error(`signing in answered ${response.status}`);
  return cookie();
}

/**
 * A bench script's command line: `--scale=N`, `--runs=N` (default `runs`), `--duration=S` and
 * `--repeats=N` (rounds under load: 4 s, 3), `--postgres`, `--no-http` and `--reuse=DIR`, and a
 * logger that names the bench.
 */
export function benchOptions(name: string, runs: number) {
  const args = process.argv.slice(2);
  const option = (key: string, fallback: number) =>
    Number(args.find((a) => a.startsWith(`--${key}=`))?.split('=')[1] ?? fallback);
  return {
    scale: option('scale', 1),
    runs: option('runs', runs),
    seconds: option('duration', 4),
    repeats: option('repeats', 3),
    http: !args.includes('--no-http'),
    reuse: args.find((a) => a.startsWith('--reuse='))?.split('=')[1],
    log: (line: string) => process.stderr.write(`[${name} bench] ${line}\n`),
  };
}

/**
 * Times `runs` GETs of `url(i)` with the session cookie after three warm-up requests: the
 * timings, and the last response's status, SQL query count (x-query-count) and size.
 */
export async function timeGets(url: (i: number) => string, cookie: string, runs: number) {
  const { times, last } = await timeRuns(runs, async (i) => {
    const response = await fetch(url(i), { headers: { cookie }, redirect: 'manual' });
    const body = await response.text();
    return {
      status: response.status,
      queries: Number(response.headers.get('x-query-count') ?? NaN),
      bytes: body.length,
    };
  });
  return { times, ...last };
}

/**
 * Runs `work` against the app started as a server on the bench's data, signed in as the demo
 * platform administrator; stops the server afterwards, keeping the data.
 */
export async function asDemoAdminOverHttp<T>(
  options: { dataDir: string; env: Record<string, string>; password: string },
  work: (baseUrl: string, cookie: string) => Promise<T>,
): Promise<T> {
  const server = await startServer({ dataDir: options.dataDir, env: options.env });
  try {
    const cookie = await signIn(server.baseUrl, 'platform-admin@demo.example', options.password);
    return await work(server.baseUrl, cookie);
  } finally {
    await server.stop({ keepData: true });
  }
}
