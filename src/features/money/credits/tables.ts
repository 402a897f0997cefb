import type { ColumnType, Generated } from 'kysely';

/**
 * Time credits: a scheme per organisation, offers, and a ledger per person. Every amount is in
 * hundredths of a credit (integers), so half credits are exact (docs/time-credits.md).
 */
export const entryKinds = [
  'earned',
  'spent',
  'transfer_in',
  'transfer_out',
  'donated',
  'adjustment',
  'reversal',
] as const;
export type EntryKind = (typeof entryKinds)[number];

export interface CreditSchemesTable {
  organisation_id: string;
  enabled: Generated<boolean>;
  credits_per_hour: Generated<number>;
  transfers_allowed: Generated<boolean>;
  donations_allowed: Generated<boolean>;
  min_balance: Generated<number>;
  updated_by: string | null;
  updated_at: Generated<Date>;
}

export interface CreditOffersTable {
  id: Generated<string>;
  organisation_id: string;
  title_en: string;
  title_cy: string;
  cost: number;
  retired_at: Date | null;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
}

export interface CreditAccountsTable {
  id: Generated<string>;
  organisation_id: string;
  person_id: string;
  /** Kept by the database's trigger on credit_entries; never written directly. */
  balance: ColumnType<number, never, never>;
  min_balance: ColumnType<number, never, never>;
  created_at: ColumnType<Date, never, never>;
}

export interface CreditEntriesTable {
  id: Generated<string>;
  account_id: string;
  person_id: string;
  organisation_id: string;
  kind: EntryKind;
  amount: number;
  /** Set by the trigger. */
  balance_after: ColumnType<number, never, never>;
  /** YYYY-MM-DD (dates are read as text). */
  occurred_on: ColumnType<string, string | undefined, never>;
  reason: string | null;
  involvement_record_id: string | null;
  offer_id: string | null;
  counterpart_entry_id: string | null;
  reverses_entry_id: string | null;
  recorded_by: string | null;
  recorded_via: Generated<'staff' | 'portal'>;
  created_at: ColumnType<Date, never, never>;
}

declare module '#platform/db/schema.ts' {
  interface DB {
    credit_schemes: CreditSchemesTable;
    credit_offers: CreditOffersTable;
    credit_accounts: CreditAccountsTable;
    credit_entries: CreditEntriesTable;
  }
}
