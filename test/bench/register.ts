/**
 * `npx tsx test/bench/register.ts [--postgres | DATABASE_URL=... --reset-database] [--scale=1] [--runs=40] [--no-http]`: the
 * register search budget of issue 3 — searching 100,000 people answers in <= 100 ms server
 * time at p95. Prints JSON on stdout (progress on stderr).
 *
 * 1. Seeds the demo data and the national data (scale 1: 100,000 people) on a fresh data directory
 *    (embedded PostgreSQL), or a throwaway PostgreSQL cluster with --postgres; reports each seed step's time.
 * 2. Server time in-process: the register's own search (`searchPeople` in
 *    src/features/people/repository.ts, the SQL behind GET /people) for three kinds of viewer —
 *    a platform administrator (all 100,000), a provider's staff, a region's commissioner
 *    (consented people only) — by name prefix, and by "willing to sit on an interview panel,
 *    trained, Welsh-speaking, free on Tuesday mornings", first page and a later page.
 * 3. Over HTTP: the real server (GET /people?...) signed in as the demo platform administrator,
 *    one request at a time, so each time is the server's time plus loopback.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '#app/config.ts';
import { buildServices } from '#app/services.ts';
import { seedDemo } from '#app/features/admin/organisations/seed-demo.ts';
import { seedNational } from '#app/features/admin/organisations/seed-national.ts';
import {
  searchPeople,
  type SearchFilters,
  type Viewer,
} from '#app/features/register/people/repository.ts';
import {
  asDemoAdminOverHttp,
  benchDatabase,
  benchOptions,
  round,
  summary,
  timeGets,
} from './support.ts';
import { nationalSeeds } from '#app/modules.ts';

const { scale, runs, http, log } = benchOptions('register', 40);
const BUDGET_MS = 100;

const prefixes = ['gw', 'rh', 'a', 'sam', 'tom', 'ff', 'mor', 'e', 'siân', 'nia jo'];
const searches: { name: string; filters: (i: number) => SearchFilters; offset?: number }[] = [
  { name: 'name prefix', filters: (i) => ({ name: prefixes[i % prefixes.length] }) },
  {
    name: 'interview panel + trained + Welsh + free Tuesday morning',
    filters: () => ({
      willing: ['interview_panels'],
      trained: 'interview_panel',
      welsh: true,
      weekday: 2,
      part: 'morning',
    }),
  },
  {
    name: 'willing to do surveys, free on Tuesday mornings (broad)',
    filters: () => ({ willing: ['surveys'], weekday: 2, part: 'morning' }),
  },
  { name: 'everyone, page 3', filters: () => ({}), offset: 50 },
];

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cyd-register-bench-'));
  const database = await benchDatabase();
  const env = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    ...database.env,
  };
  const report: Record<string, unknown> = {
    engine: database.engine,
    scale,
    machine: { cpus: os.cpus().length, loadAverageAtStart: os.loadavg().map(round) },
  };
  try {
    const config = loadConfig(env);
    const services = await buildServices(config);
    let people = 0;
    const inProcess: Record<string, unknown>[] = [];
    try {
      const demoStarted = performance.now();
      await seedDemo(services);
      report.demoSeedMs = Math.round(performance.now() - demoStarted);
      log(`demo seeded in ${report.demoSeedMs as number} ms; national data...`);
      const national = await seedNational(services.db, nationalSeeds, {
        scale,
        password: config.demoPassword,
        keys: config.encryptionKey,
        log: (line) => log(line.trim()),
      });
      report.nationalSeed = { totalMs: national.totalMs, stepsMs: national.timings };
      const count = await services.db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      people = Number(count.n);
      report.people = people;

      // viewers: everyone; one provider's staff; one region's commissioner
      const provider = await services.db
        .selectFrom('people')
        .select('organisation_id')
        .groupBy('organisation_id')
        .orderBy((eb) => eb.fn.countAll(), 'desc')
        .limit(1)
        .executeTakeFirstOrThrow();
      const region = await services.db
        .selectFrom('organisations')
        .select('id')
        .where('kind', '=', 'region')
        .where('name_en', 'like', '%Area Planning Board 1')
        .executeTakeFirstOrThrow();
      const viewers: Record<string, Viewer> = {
        'platform administrator (all)': { view: null, consented: [] },
        "a provider's staff": { view: [provider.organisation_id], consented: [] },
        "a region's commissioner (consented only)": { view: [], consented: [region.id] },
      };
      for (const [viewerName, viewer] of Object.entries(viewers)) {
        for (const search of searches) {
          const times: number[] = [];
          let found = 0;
          for (let i = 0; i < runs + 3; i += 1) {
            const started = performance.now();
            const result = await searchPeople(services.db, viewer, search.filters(i), {
              limit: 25,
              offset: search.offset ?? 0,
            });
            if (i >= 3) times.push(performance.now() - started); // 3 warm-up runs
            found = result.total;
          }
          const entry = {
            viewer: viewerName,
            search: search.name,
            matches: found,
            ms: summary(times),
          };
          log(`${viewerName} / ${search.name}: p95 ${entry.ms.p95} ms (${found} matches)`);
          inProcess.push(entry);
        }
      }
    } finally {
      await services.close();
    }
    report.searchInProcess = inProcess;

    const httpResults: Record<string, unknown>[] = [];
    if (http) {
      const server: Parameters<typeof asDemoAdminOverHttp>[0] = {
        dataDir,
        env: database.env,
        password: config.demoPassword,
      };
      await asDemoAdminOverHttp(server, async (baseUrl, cookie) => {
        const paths = [
          {
            name: 'name prefix',
            path: (i: number) => `/people?q=${encodeURIComponent(prefixes[i % prefixes.length]!)}`,
          },
          {
            name: 'interview panel + trained + Welsh + free Tuesday morning',
            path: () =>
              '/people?willing=interview_panels&trained=interview_panel&welsh=1&day=2&part=morning',
          },
          { name: 'everyone, page 3', path: () => '/people?page=3' },
        ];
        for (const target of paths) {
          const { times, status } = await timeGets(
            (i) => `${baseUrl}${target.path(i)}`,
            cookie,
            runs,
          );
          const entry = { search: target.name, status, ms: summary(times) };
          log(`HTTP ${target.name}: ${status}, p95 ${entry.ms.p95} ms`);
          httpResults.push(entry);
        }
      });
      report.searchOverHttp = httpResults;
    }
    const worst = Math.max(
      ...inProcess.map((e) => (e.ms as { p95: number }).p95),
      ...httpResults.filter((e) => e.status === 200).map((e) => (e.ms as { p95: number }).p95),
    );
    report.budget = { limitMs: BUDGET_MS, worstP95Ms: worst, ok: worst <= BUDGET_MS };
    report.machine = { ...(report.machine as object), loadAverageAtEnd: os.loadavg().map(round) };
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    database.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
