import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { nationalRoots, type NationalContext } from '#platform/seed/national.ts';
import { insertVersion } from '../rates/repository.ts';
import { regionRates } from '../rates/seed-demo.ts';

/**
 * National-scale expense claims for the benches (issue 11 budgets): at scale 1, 400,000 paid
 * claims of people on the national register, spread over the last three years, with 1,000,000
 * expense lines (two or three each: fares, parking, food) and one payment each, plus an
 * involvement payment line on one claim in five. Made by the database from a series
 * (deterministic: every value is a function of the row's number), in batches.
 */
type Db = Kysely<DB>;

export const NATIONAL_CLAIMS = 400_000;
const BATCH = 50_000;
const inNationalTree = () => sql<boolean>`o.ancestors && ${sql.val(nationalRoots)}::uuid[]`;

export async function resetNationalClaims(trx: Db) {
  const claims = sql`select c.id from money_claims c join organisations o
    on o.id = c.organisation_id where ${inNationalTree()}`;
  await sql`delete from money_payments where claim_id in (${claims})`.execute(trx);
  // lines go with their claims (on delete cascade)
  await sql`delete from money_claims where id in (${claims})`.execute(trx);
  await sql`delete from money_rate_versions v using organisations o
    where o.id = v.organisation_id and ${inNationalTree()}`.execute(trx);
}

export async function seedNationalClaims(context: NationalContext) {
  const { db, scale } = context;
  const total = Math.round(NATIONAL_CLAIMS * scale);
  // the nations' rates since 2000: every national organisation uses them (the nearest above it)
  const versions: string[] = [];
  for (const root of nationalRoots)
    versions.push(
      (await insertVersion(db, root, { ...regionRates, effectiveFrom: '2000-01-01' }, null))!,
    );
  for (let from = 0; from < total; from += BATCH) {
    const to = Math.min(total, from + BATCH) - 1;
    await sql`
      with people_ as (
        select array_agg(p.id order by p.id) as ids, array_agg(p.organisation_id order by p.id) as orgs
        from people p join organisations o on o.id = p.organisation_id
        where ${inNationalTree()} and p.erased_at is null
      ), rows as (
        select n, 1 + (n::bigint * 7919) % array_length(ids, 1) as i, ids, orgs,
          (current_date - ((n * 37) % 1095))::date as day
        from generate_series(${from}::int, ${to}::int) n, people_
      )
      insert into money_claims (id, organisation_id, person_id, occurred_on, rate_version_id,
        status, made_via, submitted_at, approved_at, paid_at, payment_outcome, payment_due_pence)
      select md5('cyd-national:claim:' || n)::uuid, orgs[i], ids[i], day,
        (${sql.val(versions)}::uuid[])[1 + n % 2], 'paid', 'staff',
        day + interval '12 hours', day + interval '1 day 10 hours', day + interval '2 days',
        case when n % 5 = 0 then 'paid' end, case when n % 5 = 0 then 2500 end
      from rows`.execute(db);
    await sql`
      insert into money_claim_lines (claim_id, position, category, kind, amount_pence, receipt)
      select md5('cyd-national:claim:' || n)::uuid, k, 'expense',
        (array['bus','train','parking','subsistence'])[1 + (n + k) % 4],
        100 + ((n * 31 + k * 17) % 2400), 'not_needed'
      from generate_series(${from}::int, ${to}::int) n, generate_series(1, 3) k
      where k <= 2 or n % 2 = 0`.execute(db);
    await sql`
      insert into money_claim_lines (claim_id, position, category, kind, payment_activity_en,
        payment_activity_cy, payment_unit, units_hundredths, unit_pence, amount_pence)
      select md5('cyd-national:claim:' || n)::uuid, 4, 'payment', 'involvement', 'Forum member',
        'Aelod fforwm', 'hour', 200, 1250, 2500
      from generate_series(${from}::int, ${to}::int) n where n % 5 = 0`.execute(db);
    await sql`
      insert into money_payments (claim_id, organisation_id, person_id, method, expenses_pence,
        payment_pence, paid_on, on_the_day_or_before)
      select c.id, c.organisation_id, c.person_id, 'bank_transfer',
        (select sum(l.amount_pence) from money_claim_lines l
          where l.claim_id = c.id and l.category = 'expense'),
        coalesce(c.payment_due_pence, 0), (c.paid_at at time zone 'Europe/London')::date, false
      from money_claims c
      where c.id in (select md5('cyd-national:claim:' || n)::uuid
        from generate_series(${from}::int, ${to}::int) n)`.execute(db);
  }
}
