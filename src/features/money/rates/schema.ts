import { z } from 'zod';
import { parseDayMonthYear } from '#platform/validation/dates.ts';
import { failed, ok, type Issue, type Result } from '#platform/validation/index.ts';
import type { Form } from '#platform/validation/index.ts';
import { parsePounds } from '../pence.ts';
import type { PaymentRate, RateRules, VersionInput } from './repository.ts';
import { paymentUnits, type PaymentUnit } from './tables.ts';

/** Validation of the rates form. Messages are translation keys (namespace `rates`). */

export const organisationParams = z.object({ organisationId: z.guid() });
export const versionParams = z.object({ organisationId: z.guid(), versionId: z.guid() });
export const listQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

/** The amounts of the form: field name → the rule it sets, with the largest allowed (pence). */
export const amountFields = {
  mileageCar: { rule: 'mileageCarPpm', max: 1000 },
  mileageMotorbike: { rule: 'mileageMotorbikePpm', max: 1000 },
  mileageBicycle: { rule: 'mileageBicyclePpm', max: 1000 },
  subsistenceCap: { rule: 'subsistenceCapPence', max: 100000 },
  childcareCap: { rule: 'childcareCapPence', max: 100000 },
  replacementCareCap: { rule: 'replacementCareCapPence', max: 100000 },
  phoneData: { rule: 'phoneDataPence', max: 100000 },
  receiptAbove: { rule: 'receiptAbovePence', max: 100000 },
} as const satisfies Record<string, { rule: keyof RateRules; max: number }>;

export type AmountField = keyof typeof amountFields;

/** Payment rate rows the form shows: those set and a few empty ones, at most this many. */
export const MAX_PAYMENT_RATES = 12;
export const paymentRows = (set: number) => Math.min(MAX_PAYMENT_RATES, Math.max(4, set + 2));

const str = (form: Form, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value.normalize('NFC').trim() : '';
};

/** How many payment rate rows the submitted form had (from its hidden `rows` field). */
export const rowsOf = (form: Form) =>
  Math.min(MAX_PAYMENT_RATES, Math.max(1, Number.parseInt(str(form, 'rows'), 10) || 4));

function parsePaymentRates(form: Form, issues: Issue[]): PaymentRate[] {
  const rates: PaymentRate[] = [];
  for (let n = 1; n <= rowsOf(form); n++) {
    const activityEn = str(form, `activityEn-${n}`);
    const activityCy = str(form, `activityCy-${n}`);
    const unit = str(form, `unit-${n}`);
    const amount = str(form, `amount-${n}`);
    if (!activityEn && !activityCy && !amount) continue; // an empty row
    const rowIssues: Issue[] = [];
    if (!activityEn || activityEn.length > 150)
      rowIssues.push({ field: `activityEn-${n}`, message: 'rates:errors.activityEn' });
    if (!activityCy || activityCy.length > 150)
      rowIssues.push({ field: `activityCy-${n}`, message: 'rates:errors.activityCy' });
    if (!(paymentUnits as readonly string[]).includes(unit))
      rowIssues.push({ field: `unit-${n}`, message: 'rates:errors.unit' });
    const amountPence = parsePounds(amount, 100000);
    if (amountPence === null)
      rowIssues.push({ field: `amount-${n}`, message: 'rates:errors.amount' });
    issues.push(...rowIssues);
    if (!rowIssues.length)
      rates.push({ activityEn, activityCy, unit: unit as PaymentUnit, amountPence: amountPence! });
  }
  return rates;
}

/**
 * The form for a new version of an organisation's rates. `today` is the UK date: a version takes
 * effect today or later (history is never rewritten).
 */
export function parseRatesForm(form: Form, today: string): Result<VersionInput> {
  const issues: Issue[] = [];
  const effectiveFrom = parseDayMonthYear(
    str(form, 'effectiveFrom-day'),
    str(form, 'effectiveFrom-month'),
    str(form, 'effectiveFrom-year'),
  );
  if (!effectiveFrom)
    issues.push({ field: 'effectiveFrom', message: 'rates:errors.effectiveFrom' });
  else if (effectiveFrom < today)
    issues.push({ field: 'effectiveFrom', message: 'rates:errors.effectiveFromPast' });
  const rules: Partial<Record<keyof RateRules, number | boolean>> = {};
  for (const [field, { rule, max }] of Object.entries(amountFields)) {
    const pence = parsePounds(str(form, field), max);
    if (pence === null) issues.push({ field, message: `rates:errors.${field}` });
    else rules[rule] = pence;
  }
  const note = str(form, 'note');
  if (note.length > 500) issues.push({ field: 'note', message: 'rates:errors.note' });
  const paymentRates = parsePaymentRates(form, issues);
  if (issues.length) return failed(issues);
  return ok({
    ...(rules as Omit<RateRules, 'publicTransportAtCost' | 'taxiWithReason'>),
    publicTransportAtCost: str(form, 'publicTransportAtCost') === 'yes',
    taxiWithReason: str(form, 'taxiWithReason') === 'yes',
    effectiveFrom: effectiveFrom!,
    note: note || null,
    paymentRates,
  });
}
