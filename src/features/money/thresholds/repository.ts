import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { Benefit, ThresholdPeriod } from './tables.ts';
import { taxYearOf } from './tax-year.ts';

type Db = Kysely<DB>;

/** A benefit threshold for one tax year: an amount over a period, or a rate in per cent. */
export interface Threshold {
  id: string;
  taxYear: number;
  benefit: Benefit;
  code: string;
  nameEn: string;
  nameCy: string;
  amountPence: number | null;
  period: ThresholdPeriod | null;
  percent: number | null;
  sourceNote: string;
  updatedAt: Date;
}

/** What an administrator enters for a threshold. */
export type ThresholdInput = Omit<Threshold, 'id' | 'updatedAt'>;

const columns = [
  't.id',
  't.tax_year as taxYear',
  't.benefit',
  't.code',
  't.name_en as nameEn',
  't.name_cy as nameCy',
  't.amount_pence as amountPence',
  't.period',
  't.percent',
  't.source_note as sourceNote',
  't.updated_at as updatedAt',
] as const;

/** The thresholds of one tax year, by benefit and name. */
export function thresholdsOfYear(db: Db, taxYear: number): Promise<Threshold[]> {
  return db
    .selectFrom('money_benefit_thresholds as t')
    .select(columns)
    .where('t.tax_year', '=', taxYear)
    .orderBy('t.benefit')
    .orderBy('t.code')
    .limit(500)
    .execute();
}

/**
 * The benefit thresholds in force on a day (YYYY-MM-DD, a UK date): those of the tax year it
 * falls in. One query; none when nobody has entered that year's.
 */
export function thresholdsFor(db: Db, day: string): Promise<Threshold[]> {
  return thresholdsOfYear(db, taxYearOf(day));
}

/** The tax years that have thresholds, newest first. */
export async function taxYearsWithThresholds(db: Db): Promise<number[]> {
  const rows = await db
    .selectFrom('money_benefit_thresholds')
    .select('tax_year')
    .distinct()
    .orderBy('tax_year', 'desc')
    .limit(100)
    .execute();
  return rows.map((r) => r.tax_year);
}

export function findThreshold(db: Db, id: string): Promise<Threshold | undefined> {
  return db
    .selectFrom('money_benefit_thresholds as t')
    .select(columns)
    .where('t.id', '=', id)
    .executeTakeFirst();
}

const valuesOf = (input: ThresholdInput) => ({
  tax_year: input.taxYear,
  benefit: input.benefit,
  code: input.code,
  name_en: input.nameEn,
  name_cy: input.nameCy,
  amount_pence: input.amountPence,
  period: input.period,
  percent: input.percent,
  source_note: input.sourceNote,
});

/** Adds a threshold (undefined when the tax year already has one with that code). */
export async function insertThreshold(trx: Db, input: ThresholdInput, accountId: string) {
  const row = await trx
    .insertInto('money_benefit_thresholds')
    .values({ ...valuesOf(input), created_by: accountId, updated_by: accountId })
    .onConflict((oc) => oc.columns(['tax_year', 'code']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id;
}

/** Changes a threshold (false when another of the same tax year has that code). */
export async function updateThreshold(
  trx: Db,
  id: string,
  input: ThresholdInput,
  accountId: string,
) {
  const clash = await trx
    .selectFrom('money_benefit_thresholds')
    .select('id')
    .where('tax_year', '=', input.taxYear)
    .where('code', '=', input.code)
    .where('id', '<>', id)
    .executeTakeFirst();
  if (clash) return false;
  await trx
    .updateTable('money_benefit_thresholds')
    .set({ ...valuesOf(input), updated_by: accountId, updated_at: new Date() })
    .where('id', '=', id)
    .execute();
  return true;
}

export function deleteThreshold(trx: Db, id: string) {
  return trx
    .deleteFrom('money_benefit_thresholds')
    .where('id', '=', id)
    .returning(['id', 'tax_year as taxYear', 'code'])
    .executeTakeFirst();
}
