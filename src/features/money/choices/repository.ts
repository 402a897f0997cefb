import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { Benefit } from '../thresholds/tables.ts';
import type { ConsentWay, LimitPeriod, PaymentMethod } from './tables.ts';

type Db = Kysely<DB>;

/** How a person wants to be paid. */
export interface PaymentChoice {
  method: PaymentMethod;
  /** The charity paid instead (method `charity`). */
  charityName: string | null;
  /** Method `lower_amount`: a fixed amount in pence, or a share in per cent (one of them). */
  lowerAmountPence: number | null;
  lowerSharePercent: number | null;
}

/** What a person told Cyd about their benefits, with their consent. */
export interface BenefitProfile {
  benefits: Benefit[];
  /** A limit the person set themselves (pence over the period), if any. */
  limitPence: number | null;
  limitPeriod: LimitPeriod | null;
  /** YYYY-MM-DD */
  consentOn: string;
  consentHow: ConsentWay;
}

export interface ChoiceRecord extends PaymentChoice {
  updatedAt: Date;
  updatedByName: string | null;
}

export interface ProfileRecord extends BenefitProfile {
  consentRecordedByName: string | null;
  updatedAt: Date;
}

/**
 * How the person wants to be paid, or undefined when they have not said (claims then offer the
 * organisation's usual way). Not audited here: callers that show it to someone audit the read.
 */
export function paymentChoiceOf(db: Db, personId: string): Promise<PaymentChoice | undefined> {
  return db
    .selectFrom('money_payment_choices')
    .select([
      'method',
      'charity_name as charityName',
      'lower_amount_pence as lowerAmountPence',
      'lower_share_percent as lowerSharePercent',
    ])
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/**
 * The person's benefits and own limit, recorded with their consent; undefined when none is
 * recorded (or consent was withdrawn). Not audited here: callers that show it audit the read.
 */
export function benefitProfileOf(db: Db, personId: string): Promise<BenefitProfile | undefined> {
  return db
    .selectFrom('money_benefit_profiles')
    .select([
      'benefits',
      'limit_pence as limitPence',
      'limit_period as limitPeriod',
      'consent_on as consentOn',
      'consent_how as consentHow',
    ])
    .where('person_id', '=', personId)
    .executeTakeFirst();
}

/** The choice and the profile, with who last changed them, for the person's money page. */
export async function moneyRecordOf(db: Db, personId: string) {
  const [choice, profile] = await Promise.all([
    db
      .selectFrom('money_payment_choices as c')
      .leftJoin('accounts as a', 'a.id', 'c.updated_by')
      .select([
        'c.method',
        'c.charity_name as charityName',
        'c.lower_amount_pence as lowerAmountPence',
        'c.lower_share_percent as lowerSharePercent',
        'c.updated_at as updatedAt',
        'a.name as updatedByName',
      ])
      .where('c.person_id', '=', personId)
      .executeTakeFirst(),
    db
      .selectFrom('money_benefit_profiles as b')
      .leftJoin('accounts as a', 'a.id', 'b.consent_recorded_by')
      .select([
        'b.benefits',
        'b.limit_pence as limitPence',
        'b.limit_period as limitPeriod',
        'b.consent_on as consentOn',
        'b.consent_how as consentHow',
        'b.updated_at as updatedAt',
        'a.name as consentRecordedByName',
      ])
      .where('b.person_id', '=', personId)
      .executeTakeFirst(),
  ]);
  return { choice, profile };
}

/** Sets the person's choice (one row a person; null account: the person in the portal). */
export async function saveChoice(
  trx: Db,
  personId: string,
  choice: PaymentChoice,
  accountId: string | null,
) {
  const values = {
    method: choice.method,
    charity_name: choice.charityName,
    lower_amount_pence: choice.lowerAmountPence,
    lower_share_percent: choice.lowerSharePercent,
    updated_by: accountId,
    updated_at: new Date(),
  };
  await trx
    .insertInto('money_payment_choices')
    .values({ person_id: personId, ...values })
    .onConflict((oc) => oc.column('person_id').doUpdateSet(values))
    .execute();
}

/**
 * Records the person's benefit information with the consent given for it this time (when, how,
 * and who recorded it: null when the person gave it in the portal).
 */
export async function saveProfile(
  trx: Db,
  personId: string,
  profile: BenefitProfile,
  consentRecordedBy: string | null,
  accountId: string | null,
) {
  const values = {
    benefits: profile.benefits,
    limit_pence: profile.limitPence,
    limit_period: profile.limitPeriod,
    consent_on: profile.consentOn,
    consent_how: profile.consentHow,
    consent_recorded_by: consentRecordedBy,
    updated_by: accountId,
    updated_at: new Date(),
  };
  await trx
    .insertInto('money_benefit_profiles')
    .values({ person_id: personId, ...values })
    .onConflict((oc) => oc.column('person_id').doUpdateSet(values))
    .execute();
}

/** Removes the person's benefit information (consent withdrawn, or no longer wanted). */
export async function deleteProfile(trx: Db, personId: string) {
  const row = await trx
    .deleteFrom('money_benefit_profiles')
    .where('person_id', '=', personId)
    .returning('person_id')
    .executeTakeFirst();
  return row !== undefined;
}
