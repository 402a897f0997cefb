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
import {
  searchPeople,
  type SearchFilters,
  type Viewer,
} from '#app/features/register/people/repository.ts';
import {
  asDemoAdminOverHttp,
  benchOptions,
  runBench,
  summary,
  timeGets,
  timeRuns,
  withServices,
  seedBenchData,
} from './support.ts';

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
  await runBench('register', { scale }, async ({ dataDir, database, config, report }) => {
    const inProcess: Record<string, unknown>[] = [];
    await withServices(config, async (services) => {
      await seedBenchData(services, config, { scale, log, report });
      const count = await services.db
        .selectFrom('people')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      report.people = Number(count.n);

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
          const { times, last } = await timeRuns(runs, (i) =>
            searchPeople(services.db, viewer, search.filters(i), {
              limit: 25,
              offset: search.offset ?? 0,
            }),
          );
          const found = last.total;
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
    });
    report.searchInProcess = inProcess;

    const server = { dataDir, env: database.env, password: config.demoPassword };
    const httpResults = !http
      ? []
      : await asDemoAdminOverHttp(server, async (baseUrl, cookie) => {
          const results: Record<string, unknown>[] = [];
          const paths = [
            {
              name: 'name prefix',
              path: (i: number) =>
                `/people?q=${encodeURIComponent(prefixes[i % prefixes.length]!)}`,
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
            results.push(entry);
          }
          return results;
        });
    if (http) report.searchOverHttp = httpResults;
    const worst = Math.max(
      ...inProcess.map((e) => (e.ms as { p95: number }).p95),
      ...httpResults.filter((e) => e.status === 200).map((e) => (e.ms as { p95: number }).p95),
    );
    report.budget = { limitMs: BUDGET_MS, worstP95Ms: worst, ok: worst <= BUDGET_MS };
  });
}

await main();
