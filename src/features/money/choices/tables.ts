import type { ColumnType } from 'kysely';
import type { Benefit } from '../thresholds/tables.ts';

/**
 * How a person wants to be paid (NW remuneration: people decide how, and whether, to be paid).
 * `charity`: a charity is paid instead (its name kept); `lower_amount`: they take less (an amount
 * or a share of what is due); `decline`: they do not want paying.
 */
export const paymentMethods = [
  'bank_transfer',
  'cash',
  'voucher',
  'time_credits',
  'charity',
  'lower_amount',
  'decline',
] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** How a person gave consent to Cyd keeping their benefit information. */
export const consentWays = ['in_person', 'phone', 'in_writing', 'portal'] as const;
export type ConsentWay = (typeof consentWays)[number];
/** The ways staff may record (the portal is the person themselves). */
export const staffConsentWays = ['in_person', 'phone', 'in_writing'] as const;

/** The periods a person's own limit is counted over. */
export const limitPeriods = ['week', 'month'] as const;
export type LimitPeriod = (typeof limitPeriods)[number];

export interface MoneyPaymentChoicesTable {
  person_id: string;
  method: PaymentMethod;
  charity_name: string | null;
  lower_amount_pence: number | null;
  lower_share_percent: number | null;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface MoneyBenefitProfilesTable {
  person_id: string;
  /** YYYY-MM-DD */
  consent_on: string;
  consent_how: ConsentWay;
  consent_recorded_by: string | null;
  benefits: Benefit[];
  limit_pence: number | null;
  limit_period: LimitPeriod | null;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

declare module '#platform/db/schema.ts' {
  interface DB {
    money_payment_choices: MoneyPaymentChoicesTable;
    money_benefit_profiles: MoneyBenefitProfilesTable;
  }
}
