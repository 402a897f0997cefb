/**
 * `npx tsx test/bench/feedback.ts [--postgres | DATABASE_URL=... --reset-database] [--scale=1] [--duration=4] [--repeats=3] [--reuse=DIR]`:
 * the feedback inbox budget of issue 12 — on national data (1,000,000 feedback items at scale 1)
 * a service's inbox and a region's inbox answer at p95 <= 100 ms with 20 concurrent clients.
 * Prints JSON on stdout (progress on stderr); EXPLAIN=1 also prints the inbox queries' plans
 * (EXPLAIN (ANALYZE, BUFFERS)) on stderr.
 *
 * 1. Seeds the demo data and the national data on a fresh data directory (embedded PostgreSQL),
 *    or a throwaway cluster with --postgres; with --reuse=DIR the data is kept and seeded once.
 * 2. Picks the busiest national service, a staff member of its provider, the busiest region and
 *    a commissioner there (neither holding a role that needs MFA), and the newest open item.
 * 3. Over HTTP, each signed in through the real form: autocannon with 20 connections, in every
 *    round, against /healthz (the reference), the service inbox (`/feedback?service=<id>`, as
 *    the provider's staff member), the region's inbox (`/feedback`, as the commissioner; and all
 *    steps, `?status=all`, whose count reaches the 10,000 cap) and the item's page (audited).
 *    Medians of the rounds: p50, p95, p99, requests/s and each page's share of /healthz's
 *    requests/s in the same round, against the budget.
 */
import { sql, type Kysely } from 'kysely';
import { nationalRoots } from '#app/features/admin/organisations/seed-national.ts';
import { inboxQueries, type InboxFilter } from '#app/features/feedback/items/repository.ts';
import type { Actor, Membership } from '#platform/auth/sessions.ts';
import type { DB } from '#platform/db/schema.ts';
import { loadPage, type LoadResult } from './load.ts';
import { startServer } from '../e2e/support/server.ts';
import {
  benchOptions,
  round,
  runBench,
  seedBenchData,
  signIn,
  withServices,
  median,
} from './support.ts';

const { scale, reuse, log, seconds, repeats } = benchOptions('feedback', 0);
const CONNECTIONS = 20;
const BUDGET_P95_MS = 100;

/** An account's actor, as a session would load it. */
async function actorOf(db: Kysely<DB>, accountId: string): Promise<Actor> {
  const row = await sql<{
    id: string;
    name: string;
    email: string;
    language: 'en' | 'cy';
    memberships: Membership[];
  }>`select a.id, a.name, a.email, a.language, (select json_agg(json_build_object(
      'organisationId', m.organisation_id, 'role', m.role, 'ancestors', o.ancestors))
      from memberships m join organisations o on o.id = m.organisation_id
      where m.account_id = a.id) as memberships
    from accounts a where a.id = ${accountId}`.execute(db);
  return { ...row.rows[0]!, platformAdmin: false, mfaEnabled: false };
}

/** Someone holding `role` at the organisation and no role anywhere that needs MFA. */
async function someoneAt(db: Kysely<DB>, organisationId: string, role: string) {
  const row = await sql<{ id: string; email: string }>`
    select a.id, a.email from accounts a join memberships m on m.account_id = a.id
    where m.organisation_id = ${organisationId} and m.role = ${role} and a.disabled_at is null
      and not a.platform_admin and not exists (select 1 from memberships x
        where x.account_id = a.id and x.role = 'organisation_admin')
    order by a.email limit 1`.execute(db);
  if (!row.rows[0]) throw new Error(`No ${role} at ${organisationId} without MFA`);
  return row.rows[0];
}

interface Target {
  name: string;
  path: string;
  cookie?: string;
  budgeted: boolean;
}

async function main() {
  await runBench('feedback', { scale, reuse }, async ({ dataDir, database, config, report }) => {
    const chosen = await withServices(config, async (services) => {
      const { db } = services;
      await seedBenchData(services, config, { scale, reuse, log, report });
      const counts = await sql<{ items: number; open: number; themes: number; inboxes: number }>`
        select (select count(*)::int from feedback_items) as items,
          (select count(*)::int from feedback_items
            where status in ('received', 'acknowledged', 'looking', 'decided')) as open,
          (select count(*)::int from feedback_item_themes) as themes,
          (select count(*)::int from feedback_inboxes) as inboxes`.execute(db);
      report.rows = counts.rows[0];

      const service = await sql<{ id: string; parent_id: string; items: number; open: number }>`
        select o.id, o.parent_id, c.items, c.open from organisations o
        join (select organisation_id, count(*)::int as items,
            count(*) filter (where status in ('received', 'acknowledged', 'looking', 'decided'))::int
              as open
          from feedback_items group by organisation_id) c on c.organisation_id = o.id
        where o.ancestors && ${sql.val(nationalRoots)}::uuid[]
        order by c.items desc limit 1`.execute(db);
      const busiest = service.rows[0]!;
      const region = await sql<{ id: string; items: number; open: number }>`
        select r.id, sum(c.items)::int as items, sum(c.open)::int as open from organisations r
        join organisations o on o.ancestors @> array[r.id]
        join (select organisation_id, count(*) as items,
            count(*) filter (where status in ('received', 'acknowledged', 'looking', 'decided'))
              as open
          from feedback_items group by organisation_id) c on c.organisation_id = o.id
        where r.kind = 'region' and r.ancestors && ${sql.val(nationalRoots)}::uuid[]
        group by r.id order by items desc limit 1`.execute(db);
      const busiestRegion = region.rows[0]!;
      const staff = await someoneAt(db, busiest.parent_id, 'staff');
      const commissioner = await someoneAt(db, busiestRegion.id, 'commissioner');
      const item = await sql<{ id: string }>`
        select id from feedback_items where organisation_id = ${busiest.id}
          and status in ('received', 'acknowledged', 'looking') and not safeguarding
          and merged_into_id is null
        order by received_at desc limit 1`.execute(db);
      report.chosen = {
        service: { items: busiest.items, open: busiest.open },
        region: { items: busiestRegion.items, open: busiestRegion.open },
      };

      if (process.env.EXPLAIN) {
        const staffActor = await actorOf(db, staff.id);
        const commissionerActor = await actorOf(db, commissioner.id);
        const open: InboxFilter = { status: 'open', kind: null, organisationId: null, mine: false };
        const plans: [string, Actor, InboxFilter][] = [
          ['service inbox', staffActor, { ...open, organisationId: busiest.id }],
          ['region inbox', commissionerActor, open],
          ['region inbox, all steps', commissionerActor, { ...open, status: 'all' }],
        ];
        for (const [name, actor, filter] of plans) {
          const queries = inboxQueries(db, actor, filter, 1);
          for (const [part, query] of Object.entries(queries)) {
            const plan = await sql<{
              'QUERY PLAN': string;
            }>`explain (analyze, buffers) ${query}`.execute(db);
            log(`${name}, ${part}:\n${plan.rows.map((r) => r['QUERY PLAN']).join('\n')}`);
          }
        }
      }
      return { service: busiest.id, staff, commissioner, itemId: item.rows[0]!.id };
    });

    const server = await startServer({
      dataDir,
      env: { EXPOSE_QUERY_COUNT: 'true', ...database.env },
    });
    try {
      const { baseUrl } = server;
      const staffCookie = await signIn(baseUrl, chosen.staff.email, config.demoPassword);
      const commissionerCookie = await signIn(
        baseUrl,
        chosen.commissioner.email,
        config.demoPassword,
      );
      const targets: Target[] = [
        { name: 'health check (reference)', path: '/healthz', budgeted: false },
        {
          name: 'service inbox (provider staff)',
          path: `/feedback?service=${chosen.service}`,
          cookie: staffCookie,
          budgeted: true,
        },
        {
          name: 'region inbox (commissioner)',
          path: '/feedback',
          cookie: commissionerCookie,
          budgeted: true,
        },
        {
          name: 'region inbox, all steps (commissioner)',
          path: '/feedback?status=all',
          cookie: commissionerCookie,
          budgeted: true,
        },
        {
          name: 'an item (audited)',
          path: `/feedback/items/${chosen.itemId}`,
          cookie: staffCookie,
          budgeted: false,
        },
      ];
      const pages: Record<string, unknown>[] = [];
      const first = new Map<string, { status: number; queries: number; bytes: number }>();
      for (const target of targets) {
        const response = await fetch(`${baseUrl}${target.path}`, {
          headers: target.cookie ? { cookie: target.cookie } : {},
          redirect: 'manual',
        });
        const body = await response.text();
        if (response.status !== 200)
          throw new Error(`GET ${target.path} answered ${response.status}`);
        first.set(target.name, {
          status: response.status,
          queries: Number(response.headers.get('x-query-count') ?? NaN),
          bytes: body.length,
        });
        await loadPage(`${baseUrl}${target.path}`, {
          cookie: target.cookie,
          seconds: 1,
          connections: CONNECTIONS,
        }); // warm-up
      }
      const rounds: Map<string, LoadResult>[] = [];
      for (let i = 0; i < repeats; i++) {
        const round_ = new Map<string, LoadResult>();
        for (const target of targets)
          round_.set(
            target.name,
            await loadPage(`${baseUrl}${target.path}`, {
              cookie: target.cookie,
              seconds,
              connections: CONNECTIONS,
            }),
          );
        const healthz = round_.get(targets[0]!.name)!;
        log(
          `round ${i + 1}: ` +
            targets
              .map((t) => {
                const r = round_.get(t.name)!;
                return `${t.path.replace(/[0-9a-f-]{36}/, ':id')} p50 ${r.p50} p95 ${r.p95} ms ${round(r.requestsPerSecond)} req/s`;
              })
              .join('; ') +
            ` (/healthz ${round(healthz.requestsPerSecond)} req/s)`,
        );
        rounds.push(round_);
      }
      for (const target of targets) {
        const of = (field: keyof LoadResult) =>
          round(median(rounds.map((r) => r.get(target.name)![field])));
        const share = median(
          rounds.map(
            (r) =>
              (100 * r.get(target.name)!.requestsPerSecond) /
              r.get(targets[0]!.name)!.requestsPerSecond,
          ),
        );
        const p95 = of('p95');
        pages.push({
          page: target.name,
          path: target.path.replace(/[0-9a-f-]{36}/, ':id'),
          ...first.get(target.name),
          requestsPerSecond: of('requestsPerSecond'),
          latencyMs: { p50: of('p50'), p95, p99: of('p99') },
          errors: of('errors'),
          non2xx: of('non2xx'),
          shareOfHealthzPercent: round(share),
          ...(target.budgeted
            ? { budget: { p95LimitMs: BUDGET_P95_MS, ok: p95 <= BUDGET_P95_MS } }
            : {}),
        });
      }
      report.http = { connections: CONNECTIONS, secondsPerRun: seconds, repeats, pages };
    } finally {
      await server.stop({ keepData: true });
    }
  });
}

await main();
