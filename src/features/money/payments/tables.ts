import type { ColumnType, Generated } from 'kysely';

/** How a claim was paid. */
export const payMethods = [
  'cash',
  'bank_transfer',
  'voucher',
  'prepaid_card',
  'time_credits',
  'charity',
  'none',
] as const;
export type PayMethod = (typeof payMethods)[number];

export interface MoneyPaymentBatchesTable {
  id: Generated<string>;
  organisation_id: string;
  number: ColumnType<number, never, never>;
  status: Generated<'open' | 'sent'>;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
  sent_at: Date | null;
  sent_by: string | null;
}

export interface MoneyFloatsTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  /** YYYY-MM-DD */
  opened_on: string;
  opened_by: string | null;
  opening_pence: number;
  status: Generated<'open' | 'closed'>;
  counted_pence: number | null;
  difference_reason: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  created_at: ColumnType<Date, never, never>;
}

export interface MoneyFloatTopUpsTable {
  id: Generated<string>;
  float_id: string;
  amount_pence: number;
  note: string | null;
  added_by: string | null;
  added_at: ColumnType<Date, never, never>;
}

export interface MoneyPaymentsTable {
  id: Generated<string>;
  claim_id: string;
  organisation_id: string;
  person_id: string;
  kind: Generated<'payment' | 'reversal'>;
  method: PayMethod;
  /** Pence; a reversal's are negative. */
  expenses_pence: number;
  payment_pence: number;
  /** YYYY-MM-DD */
  paid_on: string;
  reference: string | null;
  on_the_day_or_before: boolean;
  float_id: string | null;
  batch_id: string | null;
  reverses_payment_id: string | null;
  reason: string | null;
  paid_by: string | null;
  created_at: ColumnType<Date, never, never>;
}

declare module '#platform/db/schema.ts' {
  interface DB {
    money_payment_batches: MoneyPaymentBatchesTable;
    money_floats: MoneyFloatsTable;
    money_float_top_ups: MoneyFloatTopUpsTable;
    money_payments: MoneyPaymentsTable;
  }
}
