import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { pageOf } from '../paging.ts';
import type { PaymentUnit } from './tables.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

type Db = Kysely<DB>;

/** The rules a version sets, in pence (pence per mile for mileage). */
export interface RateRules {
  mileageCarPpm: number;
  mileageMotorbikePpm: number;
  mileageBicyclePpm: number;
  publicTransportAtCost: boolean;
  taxiWithReason: boolean;
  subsistenceCapPence: number;
  childcareCapPence: number;
  replacementCareCapPence: number;
  phoneDataPence: number;
  receiptAbovePence: number;
}

export interface PaymentRate {
  activityEn: string;
  activityCy: string;
  unit: PaymentUnit;
  amountPence: number;
}

/** A dated version of an organisation's rates and rules. */
export interface RateVersion extends RateRules {
  id: string;
  organisationId: string;
  /** YYYY-MM-DD */
  effectiveFrom: string;
  note: string | null;
  createdByName: string | null;
  createdAt: Date;
  paymentRates: PaymentRate[];
}

/** The rates in force on a day: the version and whose it is (the organisation's or an ancestor's). */
export interface RatesInForce extends RateVersion {
  organisationNameEn: string;
  organisationNameCy: string;
  /** Set by an organisation above the one asked about. */
  inherited: boolean;
}

const versionColumns = [
  'v.id',
  'v.organisation_id as organisationId',
  'v.effective_from as effectiveFrom',
  'v.mileage_car_ppm as mileageCarPpm',
  'v.mileage_motorbike_ppm as mileageMotorbikePpm',
  'v.mileage_bicycle_ppm as mileageBicyclePpm',
  'v.public_transport_at_cost as publicTransportAtCost',
  'v.taxi_with_reason as taxiWithReason',
  'v.subsistence_cap_pence as subsistenceCapPence',
  'v.childcare_cap_pence as childcareCapPence',
  'v.replacement_care_cap_pence as replacementCareCapPence',
  'v.phone_data_pence as phoneDataPence',
  'v.receipt_above_pence as receiptAbovePence',
  'v.note',
  'v.created_at as createdAt',
] as const;

/** A version's payment rates in order, as JSON beside the version (no query per version). */
const paymentRatesOf = sql<PaymentRate[]>`coalesce((select json_agg(json_build_object(
  'activityEn', r.activity_en, 'activityCy', r.activity_cy, 'unit', r.unit,
  'amountPence', r.amount_pence) order by r.position)
  from money_payment_rates r where r.version_id = v.id), '[]')`;

/**
 * The rates in force at an organisation on a day (YYYY-MM-DD): its own latest version from on
 * or before the day, else its nearest ancestor's; undefined when no organisation above it has
 * set any. One query.
 */
export function ratesInForce(
  db: Db,
  organisationId: string,
  day: string,
): Promise<RatesInForce | undefined> {
  return db
    .selectFrom('organisations as asked')
    .innerJoin('money_rate_versions as v', (join) =>
      join.on(sql<boolean>`v.organisation_id = any(asked.ancestors)`),
    )
    .innerJoin('organisations as o', 'o.id', 'v.organisation_id')
    .leftJoin('accounts as a', 'a.id', 'v.created_by')
    .select([
      ...versionColumns,
      'a.name as createdByName',
      'o.name_en as organisationNameEn',
      'o.name_cy as organisationNameCy',
      sql<boolean>`v.organisation_id <> asked.id`.as('inherited'),
      paymentRatesOf.as('paymentRates'),
    ])
    .where('asked.id', '=', organisationId)
    .where('v.effective_from', '<=', day)
    .orderBy(sql`array_position(asked.ancestors, v.organisation_id)`, 'desc')
    .orderBy('v.effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Every version an organisation has set, newest first (its history). */
export function versionsOf(db: Db, organisationId: string): Promise<RateVersion[]> {
  return db
    .selectFrom('money_rate_versions as v')
    .leftJoin('accounts as a', 'a.id', 'v.created_by')
    .select([...versionColumns, 'a.name as createdByName', paymentRatesOf.as('paymentRates')])
    .where('v.organisation_id', '=', organisationId)
    .orderBy('v.effective_from', 'desc')
    .limit(200)
    .execute();
}

/** One version with its organisation's place in the tree (to authorise a change to it). */
export function findVersion(db: Db, id: string) {
  return db
    .selectFrom('money_rate_versions as v')
    .innerJoin('organisations as o', 'o.id', 'v.organisation_id')
    .select([
      'v.id',
      'v.organisation_id as organisationId',
      'v.effective_from as effectiveFrom',
      'o.ancestors',
    ])
    .where('v.id', '=', id)
    .executeTakeFirst();
}

/**
 * One page of the organisations in the scope, by name, each with the day its latest version
 * of its own took effect (null: it uses an ancestor's rates or none).
 */
export async function organisationsPage(db: Db, scope: readonly string[] | null, page: number) {
  const base = db
    .selectFrom('organisations as o')
    .where(inSubtrees(scope))
    .where('o.archived_at', 'is', null)
    .where('o.kind', '<>', 'nation');
  return pageOf(
    base,
    (q) =>
      q
        .select([
          'o.id',
          'o.name_en as nameEn',
          'o.name_cy as nameCy',
          'o.ancestors',
          (eb) =>
            eb
              .selectFrom('money_rate_versions as v')
              .select(sql<string>`max(v.effective_from)::text`.as('latest'))
              .whereRef('v.organisation_id', '=', 'o.id')
              .where('v.effective_from', '<=', sql<string>`current_date`)
              .as('ownSince'),
        ])
        .orderBy('o.name_en')
        .orderBy('o.id'),
    page,
  );
}

export interface VersionInput extends RateRules {
  effectiveFrom: string;
  note: string | null;
  paymentRates: PaymentRate[];
}

/** Adds a version (undefined when the organisation already has one from that day). */
export async function insertVersion(
  trx: Db,
  organisationId: string,
  input: VersionInput,
  accountId: string | null,
) {
  const row = await trx
    .insertInto('money_rate_versions')
    .values({
      organisation_id: organisationId,
      effective_from: input.effectiveFrom,
      mileage_car_ppm: input.mileageCarPpm,
      mileage_motorbike_ppm: input.mileageMotorbikePpm,
      mileage_bicycle_ppm: input.mileageBicyclePpm,
      public_transport_at_cost: input.publicTransportAtCost,
      taxi_with_reason: input.taxiWithReason,
      subsistence_cap_pence: input.subsistenceCapPence,
      childcare_cap_pence: input.childcareCapPence,
      replacement_care_cap_pence: input.replacementCareCapPence,
      phone_data_pence: input.phoneDataPence,
      receipt_above_pence: input.receiptAbovePence,
      note: input.note,
      created_by: accountId,
    })
    .onConflict((oc) => oc.columns(['organisation_id', 'effective_from']).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!row) return undefined;
  if (input.paymentRates.length)
    await trx
      .insertInto('money_payment_rates')
      .values(
        input.paymentRates.map((rate, i) => ({
          version_id: row.id,
          position: i + 1,
          activity_en: rate.activityEn,
          activity_cy: rate.activityCy,
          unit: rate.unit,
          amount_pence: rate.amountPence,
        })),
      )
      .execute();
  return row.id;
}

/** Removes a version that has not taken effect (its payment rates go with it). */
export function deleteFutureVersion(trx: Db, id: string, today: string) {
  return trx
    .deleteFrom('money_rate_versions')
    .where('id', '=', id)
    .where('effective_from', '>', today)
    .returning(['id', 'effective_from as effectiveFrom'])
    .executeTakeFirst();
}

/** One version's rules and payment rates by its id (a claim's fixed rates), or undefined. */
export function rateVersion(db: Db, id: string): Promise<RateVersion | undefined> {
  return db
    .selectFrom('money_rate_versions as v')
    .leftJoin('accounts as a', 'a.id', 'v.created_by')
    .select([...versionColumns, 'a.name as createdByName', paymentRatesOf.as('paymentRates')])
    .where('v.id', '=', id)
    .executeTakeFirst();
}
