/**
 * `npx tsx test/bench/money.ts [--postgres | DATABASE_URL=... --reset-database] [--scale=1] [--runs=50] [--reuse=DIR]`:
 * the money budgets of issue 11 — a person's benefit check reads their last 12 months in
 * <= 20 ms, and the finance export of one region's year streams in <= 10 s with memory that does
 * not grow with the number of rows. Prints JSON on stdout (progress on stderr).
 *
 * 1. Seeds the demo data and the national data (scale 1: 400,000 paid claims with 1,000,000
 *    expense lines over three years) on a fresh data directory (embedded PostgreSQL).
 * 2. The benefit check (`checkBenefits`) for the people with the most claims, `runs` times after
 *    a warm-up: p50/p95.
 * 3. The finance CSV (`writeFinanceCsv`) of the region with the most claims over the last tax
 *    year into a counting sink: time, rows, and the process's RSS sampled every 5,000 rows
 *    (first, middle and last samples, and the peak), to show memory does not grow with rows.
 * 4. "People near a limit" (the approvers' attention item) for a lead of the busiest region with
 *    2,000 of its claims made waiting and their people's benefit information recorded (rolled
 *    back afterwards), against the count-only "claims waiting" in the same run (EXPLAIN=1 prints
 *    its plan with timings).
 */
import { sql } from 'kysely';
import { nationalRoots } from '#app/features/admin/organisations/seed-national.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import { claimsWaiting } from '#app/features/money/approval/attention.ts';
import { checkBenefits } from '#app/features/money/benefits/check.ts';
import { nearLimitQuery, peopleNearALimit } from '#app/features/money/benefits/near-limit.ts';
import { writeFinanceCsv } from '#app/features/money/exports/csv.ts';
import {
  benchOptions,
  round,
  runBench,
  summary,
  timeRuns,
  withServices,
  seedBenchData,
} from './support.ts';
import { askAttention } from '#platform/modules/attention.ts';

const { scale, runs, reuse, log } = benchOptions('money', 50);
const CHECK_BUDGET_MS = 20;

/** Thrown to roll back the bench's changes to the national data. */
class RolledBack extends Error {}
const EXPORT_BUDGET_MS = 10_000;
const mb = (bytes: number) => round(bytes / 1024 / 1024);

async function main() {
  await runBench('money', { scale, reuse }, async ({ config, report }) => {
    await withServices(config, async (services) => {
      const { db } = services;
      await seedBenchData(services, config, { scale, reuse, log, report });
      const counts = await sql<{ claims: number; lines: number }>`
        select (select count(*)::int from money_claims) as claims,
          (select count(*)::int from money_claim_lines where category = 'expense') as lines`.execute(
        db,
      );
      report.rows = counts.rows[0];

      // the benefit check of the people with the most claims, on their last claim's day
      const people = await sql<{ person_id: string; day: string }>`
        select person_id, max(occurred_on)::text as day from money_claims
        group by person_id order by count(*) desc limit 10`.execute(db);
      const { times } = await timeRuns(runs, (i) => {
        const person = people.rows[i % people.rows.length]!;
        return checkBenefits(db, {
          personId: person.person_id,
          day: person.day,
          proposedPence: 3000,
        });
      });
      const check = summary(times);
      log(`benefit check: p50 ${check.p50} ms, p95 ${check.p95} ms`);
      report.benefitCheck = {
        ms: check,
        budgetMs: CHECK_BUDGET_MS,
        withinBudget: check.p95 <= CHECK_BUDGET_MS,
      };

      // "people near a limit" on a regional lead's home page: the region's 2,000 most recent
      // claims made waiting (with a payment), their people with benefit information (ESA), in a
      // transaction rolled back afterwards; the count-only "claims waiting" beside it
      const busiest = await sql<{ id: string; ancestors: string[] }>`
        select r.id, r.ancestors from organisations r
        join organisations o on o.ancestors @> array[r.id]
        join money_claims c on c.organisation_id = o.id
        where r.kind = 'region' and r.ancestors && ${sql.val(nationalRoots)}::uuid[]
        group by r.id order by count(*) desc limit 1`.execute(db);
      const lead: Actor = {
        id: '00000000-0000-4000-8000-00000000b001',
        name: 'Bench lead',
        email: 'bench-lead@test.example',
        language: 'en',
        platformAdmin: false,
        mfaEnabled: true,
        memberships: [
          {
            organisationId: busiest.rows[0]!.id,
            role: 'involvement_lead',
            ancestors: busiest.rows[0]!.ancestors,
          },
        ],
      };
      await db
        .transaction()
        .execute(async (trx) => {
          const waiting = await sql<{ id: string; person_id: string }>`
            update money_claims set status = 'submitted', approved_at = null, paid_at = null
            where id in (select c.id from money_claims c join organisations o
              on o.id = c.organisation_id where o.ancestors @> array[${busiest.rows[0]!.id}]::uuid[]
              and exists (select 1 from money_claim_lines l where l.claim_id = c.id
                and l.category = 'payment')
              order by c.occurred_on desc limit 2000)
            returning id, person_id`.execute(trx);
          await sql`insert into money_benefit_profiles (person_id, benefits, consent_on, consent_how)
            select distinct person_id, array['esa'], current_date, 'in_person'
            from unnest(${sql.val(waiting.rows.map((r) => r.person_id))}::uuid[]) person_id
            on conflict do nothing`.execute(trx);
          await sql`analyze money_claims`.execute(trx);
          const services = { db: trx } as unknown as Parameters<typeof askAttention>[0];
          const near = summary(
            (await timeRuns(runs, () => askAttention(services, peopleNearALimit, lead))).times,
          );
          const plain = summary(
            (await timeRuns(runs, () => askAttention(services, claimsWaiting, lead))).times,
          );
          const [item] = await askAttention(services, peopleNearALimit, lead);
          if (process.env.EXPLAIN) {
            const scope = lead.memberships.map((m) => m.organisationId);
            const plan = await sql<{
              'QUERY PLAN': string;
            }>`explain (analyze, buffers) ${nearLimitQuery(scope)}`.execute(trx);
            log(plan.rows.map((r) => r['QUERY PLAN']).join('\n'));
          }
          log(
            `people near a limit: p50 ${near.p50} ms, p95 ${near.p95} ms (claims waiting: p50 ${plain.p50} ms)`,
          );
          report.peopleNearALimit = {
            waitingClaims: waiting.rows.length,
            nearALimit: item?.count ?? 0,
            ms: near,
            claimsWaitingMs: plain,
            ratioP50: round(near.p50 / plain.p50),
          };
          throw new RolledBack();
        })
        .catch((error: unknown) => {
          if (!(error instanceof RolledBack)) throw error;
        });

      // the finance export of the region with the most claims, over the last twelve months
      const region = await sql<{ id: string; claims: number }>`
        select r.id, count(*)::int as claims from organisations r
        join organisations o on o.ancestors @> array[r.id]
        join money_claims c on c.organisation_id = o.id
        where r.kind = 'region' and r.ancestors && ${sql.val(nationalRoots)}::uuid[]
        group by r.id order by claims desc limit 1`.execute(db);
      const today = new Date().toISOString().slice(0, 10);
      const yearAgo = new Date(Date.now() - 365 * 86_400_000).toISOString().slice(0, 10);
      const rss: number[] = [];
      let rows = 0;
      let bytes = 0;
      global.gc?.();
      const startRss = process.memoryUsage().rss;
      const started = performance.now();
      await writeFinanceCsv(
        db,
        { organisationId: region.rows[0]!.id, from: yearAgo, to: today },
        false,
        (chunk) => {
          bytes += chunk.length;
          rows += 1;
          if (rows % 5_000 === 0) rss.push(process.memoryUsage().rss);
        },
      );
      const ms = Math.round(performance.now() - started);
      log(`finance export: ${rows - 1} rows in ${ms} ms`);
      report.financeExport = {
        region: { claims: region.rows[0]!.claims },
        rows: rows - 1,
        bytes,
        ms,
        budgetMs: EXPORT_BUDGET_MS,
        withinBudget: ms <= EXPORT_BUDGET_MS,
        rssMb: {
          atStart: mb(startRss),
          firstSample: rss.length ? mb(rss[0]!) : null,
          middleSample: rss.length ? mb(rss[Math.floor(rss.length / 2)]!) : null,
          lastSample: rss.length ? mb(rss[rss.length - 1]!) : null,
          peak: rss.length ? mb(Math.max(...rss)) : null,
          samples: rss.length,
        },
      };
    });
  });
}

await main();
