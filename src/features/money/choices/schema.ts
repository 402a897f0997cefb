import { parseDayMonthYear } from '#platform/validation/dates.ts';
import { failed, ok, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import { parsePounds } from '../pence.ts';
import { benefits } from '../thresholds/tables.ts';
import type { BenefitProfile, PaymentChoice } from './repository.ts';
import {
  limitPeriods,
  paymentMethods,
  staffConsentWays,
  type ConsentWay,
  type LimitPeriod,
} from './tables.ts';

/** Validation of payment choices and benefit information. Messages: namespace `choices`. */

const str = (form: Form, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value.normalize('NFC').trim() : '';
};
const list = (form: Form, name: string) => {
  const value = form[name];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};
const oneOf = <T extends string>(values: readonly T[], value: string): value is T =>
  (values as readonly string[]).includes(value);
const issue = (field: string, key: string): Issue => ({
  field,
  message: `choices:errors.${key}`,
});

/** The largest amount a person may name (a lower amount, a limit): £10,000 (pence). */
const MAX_PENCE = 1_000_000;

/** How the person wants to be paid: a method, with a charity's name or a lower amount or share. */
export function parseChoiceForm(form: Form): Result<PaymentChoice> {
  const issues: Issue[] = [];
  const method = str(form, 'method');
  if (!oneOf(paymentMethods, method)) return failed([issue('method', 'method')]);
  let charityName: string | null = null;
  let lowerAmountPence: number | null = null;
  let lowerSharePercent: number | null = null;
  if (method === 'charity') {
    charityName = str(form, 'charityName');
    if (!charityName) issues.push(issue('charityName', 'charityName'));
    else if (charityName.length > 150) issues.push(issue('charityName', 'charityNameLong'));
  }
  if (method === 'lower_amount') {
    const amount = str(form, 'lowerAmount');
    const share = str(form, 'lowerShare').replace(/%$/, '').trim();
    if (amount && share) issues.push(issue('lowerAmount', 'lowerBoth'));
    else if (amount) {
      lowerAmountPence = parsePounds(amount, MAX_PENCE);
      if (lowerAmountPence === null) issues.push(issue('lowerAmount', 'lowerAmount'));
    } else if (share) {
      lowerSharePercent = /^\d{1,2}$/.test(share) && Number(share) >= 1 ? Number(share) : null;
      if (lowerSharePercent === null) issues.push(issue('lowerShare', 'lowerShare'));
    } else issues.push(issue('lowerAmount', 'lowerNeither'));
  }
  if (issues.length) return failed(issues);
  return ok({
    method: method,
    charityName,
    lowerAmountPence,
    lowerSharePercent,
  });
}

/**
 * The benefit information form. Staff record how and when the person agreed (not in the future);
 * in the portal the person agrees on the page itself (`portal`, today).
 */
export function parseProfileForm(
  form: Form,
  options: { today: string; byPerson: boolean },
): Result<BenefitProfile> {
  const issues: Issue[] = [];
  const chosen = list(form, 'benefits');
  const picked = benefits.filter((b) => chosen.includes(b));
  if (picked.length !== chosen.length) issues.push(issue('benefits', 'benefits'));

  const limitText = str(form, 'limit');
  let limitPence: number | null = null;
  let limitPeriod: LimitPeriod | null = null;
  if (limitText) {
    limitPence = parsePounds(limitText, MAX_PENCE);
    if (limitPence === null || limitPence === 0) issues.push(issue('limit', 'limit'));
    const period = str(form, 'limitPeriod');
    if (oneOf(limitPeriods, period)) limitPeriod = period;
    else issues.push(issue('limitPeriod', 'limitPeriod'));
  }

  let consentOn = options.today;
  let consentHow: ConsentWay = 'portal';
  if (options.byPerson) {
    if (str(form, 'consent') !== 'yes') issues.push(issue('consent', 'consentPerson'));
  } else {
    if (str(form, 'consent') !== 'yes') issues.push(issue('consent', 'consentStaff'));
    const how = str(form, 'consentHow');
    if (oneOf(staffConsentWays, how)) consentHow = how;
    else issues.push(issue('consentHow', 'consentHow'));
    const on = parseDayMonthYear(
      str(form, 'consentOn-day'),
      str(form, 'consentOn-month'),
      str(form, 'consentOn-year'),
    );
    if (!on) issues.push(issue('consentOn', 'consentOn'));
    else if (on > options.today) issues.push(issue('consentOn', 'consentOnFuture'));
    else consentOn = on;
  }
  if (issues.length) return failed(issues);
  return ok({
    benefits: picked,
    limitPence,
    limitPeriod,
    consentOn,
    consentHow,
  });
}
