import type { ColumnType, Generated } from 'kysely';

/** A claim's life: draft → submitted → approved → paid; returned with a reason; withdrawn; reversed. */
export const claimStatuses = [
  'draft',
  'submitted',
  'returned',
  'approved',
  'paid',
  'withdrawn',
  'reversed',
] as const;
export type ClaimStatus = (typeof claimStatuses)[number];

/** Expenses are reimbursed (never earnings); payments are involvement payments (earnings). */
export const lineCategories = ['expense', 'payment'] as const;
export type LineCategory = (typeof lineCategories)[number];

/** What an expense line is for; `involvement` is the one kind of payment line. */
export const expenseKinds = [
  'mileage',
  'bus',
  'train',
  'taxi',
  'parking',
  'subsistence',
  'childcare',
  'replacement_care',
  'phone_data',
  'other',
] as const;
export type ExpenseKind = (typeof expenseKinds)[number];
export type LineKind = ExpenseKind | 'involvement';

/** Where a line's receipt stands. */
export const receiptStates = ['not_needed', 'needed', 'uploaded', 'seen_by_staff'] as const;
export type ReceiptState = (typeof receiptStates)[number];

/** What the person chose for an involvement payment when it was approved. */
export const paymentOutcomes = [
  'paid',
  'lower_amount',
  'declined',
  'time_credits',
  'charity',
] as const;
export type PaymentOutcome = (typeof paymentOutcomes)[number];

/** Receipt types accepted, checked from the bytes. */
export const receiptMediaTypes = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/heic',
  'application/pdf',
] as const;
export type ReceiptMediaType = (typeof receiptMediaTypes)[number];

export interface MoneyClaimsTable {
  id: Generated<string>;
  /** Shown as C-000123. */
  number: Generated<number>;
  organisation_id: string;
  person_id: string;
  meeting_invitee_id: string | null;
  involvement_record_id: string | null;
  opportunity_id: string | null;
  /** YYYY-MM-DD (dates are read as text). */
  occurred_on: string;
  rate_version_id: string;
  is_advance: Generated<boolean>;
  advance_reconciled_at: Date | null;
  advance_reconciled_by: string | null;
  /** What was actually spent, recorded when an advance is settled (pence). */
  advance_spent_pence: number | null;
  status: Generated<ClaimStatus>;
  made_via: 'portal' | 'staff';
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
  updated_at: ColumnType<Date, Date | undefined, Date>;
  submitted_at: Date | null;
  returned_at: Date | null;
  returned_by: string | null;
  returned_reason: string | null;
  approved_at: Date | null;
  approved_by: string | null;
  payment_outcome: PaymentOutcome | null;
  payment_due_pence: number | null;
  charity_name: string | null;
  benefit_warning: ColumnType<unknown, string | null, string | null>;
  batch_id: string | null;
  paid_at: Date | null;
  version: Generated<number>;
}

export interface MoneyClaimLinesTable {
  id: Generated<string>;
  claim_id: string;
  position: number;
  category: LineCategory;
  kind: LineKind;
  description: string | null;
  miles: number | null;
  vehicle: 'car' | 'motorbike' | 'bicycle' | null;
  pence_per_mile: number | null;
  payment_activity_en: string | null;
  payment_activity_cy: string | null;
  payment_unit: 'hour' | 'half_day' | 'day' | null;
  /** Units in hundredths (1.5 hours = 150). */
  units_hundredths: number | null;
  unit_pence: number | null;
  reason: string | null;
  amount_pence: number;
  vat_pence: number | null;
  receipt: Generated<ReceiptState>;
  receipt_seen_by: string | null;
}

export interface MoneyReceiptsTable {
  id: Generated<string>;
  line_id: string;
  media_type: ReceiptMediaType;
  byte_size: number;
  content: Buffer;
  uploaded_by: string | null;
  uploaded_via: 'portal' | 'staff';
  uploaded_at: ColumnType<Date, never, never>;
}

declare module '#platform/db/schema.ts' {
  interface DB {
    money_claims: MoneyClaimsTable;
    money_claim_lines: MoneyClaimLinesTable;
    money_receipts: MoneyReceiptsTable;
  }
}
