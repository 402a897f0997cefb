import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { benefitProfileOf } from '../choices/repository.ts';
import { thresholdsFor } from '../thresholds/repository.ts';
import type { ThresholdPeriod } from '../thresholds/tables.ts';
import { taxYearDays, taxYearOf } from '../thresholds/tax-year.ts';

type Db = Kysely<DB>;

/**
 * The benefit check (issue 11 item 5): would an involvement payment take a person over a limit
 * they told us about? Cyd informs; it does not advise.
 *
 * Periods, all ending on the day of the activity (inclusive):
 * - week: the 7 days ending that day (rolling);
 * - month: the 30 days ending that day (rolling, not the calendar month, so that a payment early
 *   in a month still sees the payments at the end of the last one);
 * - year: the tax year to that day (6 April onwards).
 * Only involvement payments count (category 'payment' lines of approved or paid claims, or the
 * amount due after the person's choice when one was recorded); expenses are never earnings.
 * Everything is whole pence: integer arithmetic only.
 */

export interface LimitCrossed {
  /** 'own' for the person's own limit, else the threshold's code. */
  code: string;
  nameEn: string;
  nameCy: string;
  amountPence: number;
  period: ThresholdPeriod;
  /** Over it before this payment already. */
  alreadyOver: boolean;
}

export interface BenefitCheck {
  day: string;
  /** Involvement payments in each period before and after the proposed one (pence). */
  before: Record<ThresholdPeriod, number>;
  after: Record<ThresholdPeriod, number>;
  proposedPence: number;
  /** Whether the person has benefit information recorded (with consent). */
  hasProfile: boolean;
  crossed: LimitCrossed[];
}

/** YYYY-MM-DD `days` before `day` (calendar arithmetic in UTC: no clock change issue). */
export function daysBefore(day: string, days: number) {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d - days)).toISOString().slice(0, 10);
}

/** The first day of each period ending on `day`. */
export function periodStarts(day: string): Record<ThresholdPeriod, string> {
  return {
    week: daysBefore(day, 6),
    month: daysBefore(day, 29),
    year: taxYearDays(taxYearOf(day)).from,
  };
}

/**
 * One query over the person's last 12 months (money_claims_person_idx): the involvement payment
 * of each approved or paid claim, by day. A claim being checked is left out.
 */
export function paymentsByDayQuery(db: Db, personId: string, day: string, excludeClaimId?: string) {
  let query = db
    .selectFrom('money_claims as c')
    .innerJoin('money_claim_lines as l', 'l.claim_id', 'c.id')
    .select(({ fn }) => [
      'c.occurred_on as occurredOn',
      'c.payment_due_pence as duePence',
      fn.sum<string>('l.amount_pence').as('linesPence'),
    ])
    .where('c.person_id', '=', personId)
    .where('c.occurred_on', '>', daysBefore(day, 366))
    .where('c.occurred_on', '<=', day)
    .where('c.status', 'in', ['approved', 'paid'])
    .where('l.category', '=', 'payment')
    .groupBy('c.id');
  if (excludeClaimId) query = query.where('c.id', '<>', excludeClaimId);
  return query;
}

/** The totals of each period before and after the proposed payment. Pure arithmetic. */
export function totalsOf(
  rows: { occurredOn: string; duePence: number | null; linesPence: string }[],
  day: string,
  proposedPence: number,
) {
  const starts = periodStarts(day);
  const before: Record<ThresholdPeriod, number> = { week: 0, month: 0, year: 0 };
  for (const row of rows) {
    const pence = row.duePence ?? Number(row.linesPence);
    for (const period of ['week', 'month', 'year'] as const)
      if (row.occurredOn >= starts[period]) before[period] += pence;
  }
  const after = {
    week: before.week + proposedPence,
    month: before.month + proposedPence,
    year: before.year + proposedPence,
  };
  return { before, after };
}

/**
 * The check for a person, a day (YYYY-MM-DD) and a proposed involvement payment (pence): totals
 * before and after, and each limit (thresholds of their recorded benefits in force that tax year,
 * and their own limit) the payment would take them over. No profile: totals only.
 */
export async function checkBenefits(
  db: Db,
  input: { personId: string; day: string; proposedPence: number; excludeClaimId?: string },
): Promise<BenefitCheck> {
  const { personId, day, proposedPence } = input;
  const [rows, profile, thresholds] = await Promise.all([
    paymentsByDayQuery(db, personId, day, input.excludeClaimId).execute(),
    benefitProfileOf(db, personId),
    thresholdsFor(db, day),
  ]);
  const { before, after } = totalsOf(rows, day, proposedPence);
  const limits = profile
    ? [
        ...thresholds
          .filter((t) => profile.benefits.includes(t.benefit))
          .flatMap((t) =>
            t.amountPence !== null && t.period
              ? [{ ...t, amountPence: t.amountPence, period: t.period }]
              : [],
          ),
        ...(profile.limitPence !== null && profile.limitPeriod
          ? [
              {
                code: 'own',
                nameEn: 'Their own limit',
                nameCy: 'Eu terfyn eu hunain',
                amountPence: profile.limitPence,
                period: profile.limitPeriod,
              },
            ]
          : []),
      ]
    : [];
  const crossed = limits
    .filter((l) => proposedPence > 0 && after[l.period] > l.amountPence)
    .map((l) => ({
      code: l.code,
      nameEn: l.nameEn,
      nameCy: l.nameCy,
      amountPence: l.amountPence,
      period: l.period,
      alreadyOver: before[l.period] > l.amountPence,
    }));
  return { day, before, after, proposedPence, hasProfile: !!profile, crossed };
}
