/**
 * `npx tsx test/bench/home.ts [--reuse=DIR] [--duration=4] [--repeats=3]`: the home page
 * (`/dashboard`, "needs your attention") on national data, for four kinds of account: the demo
 * platform administrator (who counts every organisation's items), a provider's involvement
 * lead, a provider's member of staff and a region's commissioner (the first national account, by
 * e-mail, with only that role; signed in by a session made in the database, as national accounts
 * must set up a second factor). For each: SQL queries a page, then requests/s and
 * p50/p95/p99 latency at 20 connections against the budget (p95 ≤ 100 ms), with `/healthz`
 * measured in the same rounds for the ratio; medians of the rounds, after a warm-up round.
 *
 * Seeds national data first (minutes); with --reuse=DIR the data directory is kept and later
 * runs reuse it. Prints JSON on stdout, progress on stderr.
 */
import { sql } from 'kysely';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import { startServer } from '../e2e/support/server.ts';
import { loadPage, type LoadResult } from './load.ts';
import { benchOptions, round, runBench, seedBenchData, withServices, median } from './support.ts';

const { scale, reuse, log, seconds, repeats } = benchOptions('home', 0);
const CONNECTIONS = 20;
const BUDGET_P95_MS = 100;

/** The accounts measured (national ones found by role and kind of organisation). */
const KINDS = [
  { name: 'platform administrator', role: null, kind: null },
  { name: "a provider's involvement lead", role: 'involvement_lead', kind: 'provider' },
  { name: "a provider's staff", role: 'staff', kind: 'provider' },
  { name: "a region's commissioner", role: 'commissioner', kind: 'region' },
] as const;

async function main() {
  await runBench('home', { scale, reuse }, async ({ dataDir, database, config, report }) => {
    const accounts: { name: string; email: string; cookie: string }[] = [];
    await withServices(config, async (services) => {
      await seedBenchData(services, config, { scale, reuse, log, report });
      for (const { name, role, kind } of KINDS) {
        const found = await sql<{ id: string; email: string }>`
          select a.id, a.email from accounts a where ${
            role === null
              ? sql`a.email = 'platform-admin@demo.example'`
              : sql`a.email like '%@national.example' and (
                  select count(*) from memberships m join organisations o on o.id = m.organisation_id
                  where m.account_id = a.id and m.role = ${role} and o.kind = ${kind}) = 1
                and (select count(*) from memberships x where x.account_id = a.id) = 1`
          }
          order by a.email limit 1`.execute(services.db);
        const account = found.rows[0];
        if (!account) continue;
        const session = await services.sessions.create({ accountId: account.id });
        accounts.push({ name, email: account.email, cookie: `${SESSION_COOKIE}=${session.id}` });
      }
    });

    const server = await startServer({
      dataDir,
      env: { EXPOSE_QUERY_COUNT: 'true', ...database.env },
    });
    try {
      const pages: Record<string, unknown>[] = [];
      for (const account of accounts) {
        const { name, email, cookie } = account;
        pages.push({ name, email, ...(await measure(server.baseUrl, cookie, name)) });
      }
      report.http = { connections: CONNECTIONS, secondsPerRun: seconds, repeats, pages };
    } finally {
      await server.stop({ keepData: true });
    }
  });
}

/** The home page for one signed-in account, with `/healthz` in the same rounds. */
async function measure(baseUrl: string, cookie: string, name: string) {
  const page = `${baseUrl}/dashboard`;
  const first = await fetch(page, { headers: { cookie }, redirect: 'manual' });
  const body = await first.text();
  if (first.status !== 200) return { skipped: `GET /dashboard answered ${first.status}` };
  const queries = Number(first.headers.get('x-query-count') ?? NaN);
  await loadPage(page, { cookie, seconds, connections: CONNECTIONS }); // warm-up
  const runs: { page: LoadResult; healthz: LoadResult }[] = [];
  for (let i = 0; i < repeats; i++) {
    const healthz = await loadPage(`${baseUrl}/healthz`, { seconds, connections: CONNECTIONS });
    const measured = await loadPage(page, { cookie, seconds, connections: CONNECTIONS });
    log(
      `${name}, run ${i + 1}: ${round(measured.requestsPerSecond)} req/s p95 ${measured.p95} ms; /healthz ${round(healthz.requestsPerSecond)} req/s`,
    );
    runs.push({ page: measured, healthz });
  }
  const of = (key: 'page' | 'healthz', field: keyof LoadResult) =>
    round(median(runs.map((r) => r[key][field])));
  return {
    sqlQueries: queries,
    htmlBytes: body.length,
    page: {
      requestsPerSecond: of('page', 'requestsPerSecond'),
      latencyMs: { p50: of('page', 'p50'), p95: of('page', 'p95'), p99: of('page', 'p99') },
      p95ByRun: runs.map((r) => r.page.p95),
      errors: of('page', 'errors'),
      non2xx: of('page', 'non2xx'),
    },
    healthz: { requestsPerSecond: of('healthz', 'requestsPerSecond') },
    pageShareOfHealthzPercent: round(
      median(runs.map((r) => (100 * r.page.requestsPerSecond) / r.healthz.requestsPerSecond)),
    ),
    budget: { p95LimitMs: BUDGET_P95_MS, ok: of('page', 'p95') <= BUDGET_P95_MS },
  };
}

await main();
