import type { ColumnType, Generated } from 'kysely';

/** How an involvement payment rate is counted. */
export const paymentUnits = ['hour', 'half_day', 'day'] as const;
export type PaymentUnit = (typeof paymentUnits)[number];

/** Vehicles paid by the mile. */
export const vehicles = ['car', 'motorbike', 'bicycle'] as const;
export type Vehicle = (typeof vehicles)[number];

export interface MoneyRateVersionsTable {
  id: Generated<string>;
  organisation_id: string;
  /** YYYY-MM-DD (dates are read as text). */
  effective_from: string;
  mileage_car_ppm: number;
  mileage_motorbike_ppm: number;
  mileage_bicycle_ppm: number;
  public_transport_at_cost: Generated<boolean>;
  taxi_with_reason: Generated<boolean>;
  subsistence_cap_pence: number;
  childcare_cap_pence: number;
  replacement_care_cap_pence: number;
  phone_data_pence: number;
  receipt_above_pence: number;
  note: string | null;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
}

export interface MoneyPaymentRatesTable {
  id: Generated<string>;
  version_id: string;
  position: number;
  activity_en: string;
  activity_cy: string;
  unit: PaymentUnit;
  amount_pence: number;
}

declare module '#platform/db/schema.ts' {
  interface DB {
    money_rate_versions: MoneyRateVersionsTable;
    money_payment_rates: MoneyPaymentRatesTable;
  }
}
