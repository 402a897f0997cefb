import type { ColumnType, Generated } from 'kysely';

/**
 * Benefits a threshold belongs to and a person may say they receive (the list people choose
 * from). Their names are in `locales/{en,cy}/thresholds.json` under `benefits`.
 */
export const benefits = [
  'esa',
  'uc',
  'jsa',
  'income_support',
  'housing_benefit',
  'pension_credit',
  'carers_allowance',
  'pip',
  'other',
] as const;
export type Benefit = (typeof benefits)[number];

/** The period an amount is counted over. */
export const thresholdPeriods = ['week', 'month', 'year'] as const;
export type ThresholdPeriod = (typeof thresholdPeriods)[number];

export interface MoneyBenefitThresholdsTable {
  id: Generated<string>;
  /** The calendar year the tax year starts in (2025: 6 April 2025 to 5 April 2026). */
  tax_year: number;
  benefit: Benefit;
  code: string;
  name_en: string;
  name_cy: string;
  amount_pence: number | null;
  period: ThresholdPeriod | null;
  percent: number | null;
  source_note: string;
  created_by: string | null;
  updated_by: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

declare module '#platform/db/schema.ts' {
  interface DB {
    money_benefit_thresholds: MoneyBenefitThresholdsTable;
  }
}
