import { failed, ok, type Issue, type Result } from '#platform/validation/index.ts';
import type { PaymentRate, RateRules } from '../rates/repository.ts';
import type { Insertable } from 'kysely';
import type { ExpenseKind, MoneyClaimLinesTable, ReceiptState } from './tables.ts';

/**
 * A payment rate's key: its unit and English activity. A form names a rate by its key rather
 * than its place in a version, so a claim dated before a change of rates is priced at the rate
 * of the same name in force on its day (or refused when that day had no such rate).
 */
export const rateKey = (rate: Pick<PaymentRate, 'unit' | 'activityEn'>) =>
  `${rate.unit}:${rate.activityEn}`;

/** The most a claim line may be (£1,000) and the most miles for one day's journey. */
export const MAX_LINE_PENCE = 100_000;
export const MAX_MILES = 500;

/** A line as typed: an expense (amount in pence, or miles for mileage) or an involvement payment. */
export type LineInput =
  | {
      kind: 'mileage';
      miles: number;
      vehicle: 'car' | 'motorbike' | 'bicycle';
    }
  | {
      kind: Exclude<ExpenseKind, 'mileage'>;
      amountPence: number;
      reason?: string;
      description?: string;
    }
  | {
      kind: 'involvement';
      /** The payment rate's key (`rateKey`): matched in the version in force on the claim's day. */
      rate: string;
      unitsHundredths: number;
    };

export type PricedLine = Omit<Insertable<MoneyClaimLinesTable>, 'claim_id' | 'position'> & {
  amount_pence: number;
  receipt: ReceiptState;
};

const capOf = {
  subsistence: 'subsistenceCapPence',
  childcare: 'childcareCapPence',
  replacement_care: 'replacementCareCapPence',
  phone_data: 'phoneDataPence',
} as const satisfies Partial<Record<ExpenseKind, keyof RateRules>>;

const perMile = {
  car: 'mileageCarPpm',
  motorbike: 'mileageMotorbikePpm',
  bicycle: 'mileageBicyclePpm',
} as const;

/** One line priced by the rules, or the issue with it (message keys of namespace `claims`). */
function priceLine(
  rules: RateRules & { paymentRates: PaymentRate[] },
  line: LineInput,
  field: string,
): Result<PricedLine> {
  if (line.kind === 'mileage') {
    if (!Number.isInteger(line.miles) || line.miles <= 0 || line.miles > MAX_MILES)
      return failed([{ field, message: 'claims:errors.miles' }]);
    const ppm = rules[perMile[line.vehicle]];
    return ok({
      category: 'expense',
      kind: 'mileage',
      miles: line.miles,
      vehicle: line.vehicle,
      pence_per_mile: ppm,
      amount_pence: line.miles * ppm,
      receipt: 'not_needed',
    });
  }
  if (line.kind === 'involvement') {
    const rate = rules.paymentRates.find((r) => rateKey(r) === line.rate);
    if (!rate) return failed([{ field, message: 'claims:errors.rate' }]);
    if (
      !Number.isInteger(line.unitsHundredths) ||
      line.unitsHundredths <= 0 ||
      line.unitsHundredths > 2400
    )
      return failed([{ field, message: 'claims:errors.units' }]);
    return ok({
      category: 'payment',
      kind: 'involvement',
      payment_activity_en: rate.activityEn,
      payment_activity_cy: rate.activityCy,
      payment_unit: rate.unit,
      units_hundredths: line.unitsHundredths,
      unit_pence: rate.amountPence,
      amount_pence: Math.round((rate.amountPence * line.unitsHundredths) / 100),
      receipt: 'not_needed',
    });
  }
  const amount = line.amountPence;
  if (!Number.isInteger(amount) || amount <= 0 || amount > MAX_LINE_PENCE)
    return failed([{ field, message: 'claims:errors.amount' }]);
  if ((line.kind === 'bus' || line.kind === 'train') && !rules.publicTransportAtCost)
    return failed([{ field, message: 'claims:errors.notPaid' }]);
  if (line.kind === 'taxi' && rules.taxiWithReason && !line.reason?.trim())
    return failed([{ field, message: 'claims:errors.taxiReason' }]);
  return ok({
    category: 'expense',
    kind: line.kind,
    description: line.description?.trim() || null,
    reason: line.reason?.trim() || null,
    amount_pence: amount,
    receipt: amount > rules.receiptAbovePence ? 'needed' : 'not_needed',
  });
}

/**
 * A claim's lines priced by the rates in force on its day: mileage at the version's pence a mile,
 * payments at its rates, each capped kind (food, childcare, replacement care, phone and data)
 * no more in all than the rules allow, a receipt needed above the threshold.
 */
export function priceLines(
  rules: RateRules & { paymentRates: PaymentRate[] },
  lines: LineInput[],
): Result<PricedLine[]> {
  const issues: Issue[] = [];
  const priced: PricedLine[] = [];
  lines.forEach((line, i) => {
    const result = priceLine(rules, line, `line-${i + 1}`);
    if (result.ok) priced.push(result.value);
    else issues.push(...result.issues);
  });
  if (!lines.length) issues.push({ field: 'line-1', message: 'claims:errors.noLines' });
  for (const [kind, rule] of Object.entries(capOf)) {
    const sum = priced.filter((l) => l.kind === kind).reduce((s, l) => s + l.amount_pence, 0);
    if (sum > rules[rule]) {
      const at = lines.findIndex((l) => l.kind === kind);
      issues.push({ field: `line-${at + 1}`, message: `claims:errors.cap.${kind}` });
    }
  }
  return issues.length ? failed(issues) : ok(priced);
}
