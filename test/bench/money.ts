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
 */
import { sql } from 'kysely';
import { nationalRoots } from '#app/features/admin/organisations/seed-national.ts';
import { checkBenefits } from '#app/features/money/benefits/check.ts';
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

const { scale, runs, reuse, log } = benchOptions('money', 50);
const CHECK_BUDGET_MS = 20;
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
