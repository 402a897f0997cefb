/**
 * `npx tsx test/bench/ladder.ts [--postgres | DATABASE_URL=... --reset-database] [--scale=1] [--runs=20] [--no-http] [--reuse=DIR]`: the ladder
 * map budget of issue 4 — the map for a region over a year of national data answers in <= 1 s.
 * Prints JSON on stdout (progress on stderr).
 *
 * 1. Seeds the demo data and the national data (scale 1: 1,000 organisations, 100,000 people,
 *    about 130,000 involvement records over the last year and 4,000 opportunities) on a fresh
 *    data directory (embedded PostgreSQL), or a throwaway PostgreSQL cluster with --postgres.
 * 2. In-process: the ladder map service (every query behind GET /ladder-map) for the region
 *    with the most organisations below it, for a whole nation (about 500 organisations, more
 *    than the 200 of the budget), and for a platform administrator's whole scope; first page
 *    and a later page of the side-by-side view; period = the last year.
 *    With --reuse=DIR (embedded engine only) the data directory DIR is kept, and seeded only when empty,
 *    so a second run measures again without seeding.
 * 3. Over HTTP: the real server (GET /ladder-map?organisation=...) signed in as the demo
 *    platform administrator, one request at a time, with the SQL queries per page.
 */
import { sql } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import { nationalRoots } from '#app/features/admin/organisations/seed-national.ts';
import {
  createLadderService,
  defaultPeriod,
} from '#app/features/involvement/ladder-map/service.ts';
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

const { scale, runs, http, reuse, log } = benchOptions('ladder', 20);
const BUDGET_MS = 1_000;

const admin: Actor = {
  id: '00000000-0000-4000-8000-000000000000',
  name: 'Bench',
  email: 'bench@test.example',
  language: 'en',
  platformAdmin: true,
  mfaEnabled: true,
  memberships: [],
};

async function main() {
  await runBench('ladder', { scale, reuse }, async ({ dataDir, database, config, report }) => {
    const targets: { name: string; id: string | undefined; organisations: number }[] = [];
    const inProcess: Record<string, unknown>[] = [];
    await withServices(config, async (services) => {
      const { db } = services;
      await seedBenchData(services, config, { scale, reuse, log, report });
      const counts = await sql<{ records: number; opportunities: number }>`
        select (select count(*)::int from involvement_records) as records,
          (select count(*)::int from opportunities) as opportunities`.execute(db);
      report.rows = counts.rows[0];

      const region = await sql<{ id: string; n: number }>`
        select r.id, (select count(*)::int from organisations o
          where o.ancestors && array[r.id]::uuid[]) as n
        from organisations r where r.kind = 'region' and r.ancestors && ${sql.val(nationalRoots)}::uuid[]
        order by n desc, r.id limit 1`.execute(db);
      const nation = await sql<{ n: number }>`
        select count(*)::int as n from organisations o
        where o.ancestors && array[${nationalRoots[0]!}]::uuid[]`.execute(db);
      const all = await sql<{ n: number }>`select count(*)::int as n from organisations`.execute(
        db,
      );
      targets.push(
        { name: 'largest region', id: region.rows[0]!.id, organisations: region.rows[0]!.n },
        { name: 'a nation', id: nationalRoots[0]!, organisations: nation.rows[0]!.n },
        {
          name: 'platform administrator, everything',
          id: undefined,
          organisations: all.rows[0]!.n,
        },
      );
      const ladder = createLadderService(services);
      const period = defaultPeriod();
      for (const target of targets) {
        for (const page of [1, 3]) {
          const { times, last: map } = await timeRuns(runs, () =>
            ladder.ladderMap(admin, { organisationId: target.id, ...period, page }),
          );
          const entry = {
            target: target.name,
            organisations: target.organisations,
            sideBySidePage: page,
            peopleInvolved: map.total.people,
            ms: summary(times),
          };
          log(`${target.name} page ${page}: p50 ${entry.ms.p50} ms, p95 ${entry.ms.p95} ms`);
          inProcess.push(entry);
        }
      }
    });
    report.ladderInProcess = inProcess;

    const server = {
      dataDir,
      env: { EXPOSE_QUERY_COUNT: 'true', ...database.env },
      password: config.demoPassword,
    };
    const httpResults = !http
      ? []
      : await asDemoAdminOverHttp(server, async (baseUrl, cookie) => {
          const results: Record<string, unknown>[] = [];
          for (const target of targets) {
            const url = `${baseUrl}/ladder-map${target.id ? `?organisation=${target.id}` : ''}`;
            const { times, status, queries, bytes } = await timeGets(() => url, cookie, runs);
            const entry = {
              target: target.name,
              organisations: target.organisations,
              status,
              queries,
              htmlBytes: bytes,
              ms: summary(times),
            };
            log(`HTTP ${target.name}: ${status}, ${queries} queries, p95 ${entry.ms.p95} ms`);
            results.push(entry);
          }
          return results;
        });
    if (http) report.ladderOverHttp = httpResults;
    const regional = [
      ...inProcess.filter((e) => e.target === 'largest region'),
      ...httpResults.filter((e) => e.target === 'largest region'),
    ].map((e) => (e.ms as { p95: number }).p95);
    const nationWide = [
      ...inProcess.filter((e) => e.target === 'a nation'),
      ...httpResults.filter((e) => e.target === 'a nation'),
    ].map((e) => (e.ms as { p95: number }).p95);
    report.budget = {
      limitMs: BUDGET_MS,
      regionWorstP95Ms: Math.max(...regional),
      nationWorstP95Ms: Math.max(...nationWide),
      ok: Math.max(...regional, ...nationWide) <= BUDGET_MS,
    };
  });
}

await main();
