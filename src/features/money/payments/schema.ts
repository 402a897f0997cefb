import { z } from 'zod';
import { parseDayMonthYear } from '#platform/validation/dates.ts';
import { failed, ok, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import { parsePounds } from '../pence.ts';
import { payMethods, type PayMethod } from './tables.ts';

/** Validation of paying a claim and of cash floats. Messages: namespace `payments`. */

export const claimParams = z.object({ id: z.guid() });
export const organisationParams = z.object({ organisationId: z.guid() });
export const floatParams = z.object({ organisationId: z.guid(), floatId: z.guid() });

const str = (form: Form, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value.normalize('NFC').trim() : '';
};
const issue = (field: string, key: string): Issue => ({
  field,
  message: `payments:errors.${key}`,
});

/** The most a float may hold or a count may find: £10,000 (pence; the table allows no more). */
const MAX_FLOAT_PENCE = 1_000_000;

export interface PayForm {
  method: PayMethod;
  floatId: string | null;
  paidOn: string;
  reference: string | null;
}

/** How and when a claim was paid. Vouchers and cards keep only the last four digits. */
export function parsePayForm(form: Form): Result<PayForm> {
  const issues: Issue[] = [];
  const method = str(form, 'method');
  if (!(payMethods as readonly string[]).includes(method)) issues.push(issue('method', 'method'));
  const paidOn = parseDayMonthYear(
    str(form, 'paidOn-day'),
    str(form, 'paidOn-month'),
    str(form, 'paidOn-year'),
  );
  if (!paidOn) issues.push(issue('paidOn-day', 'paidOn'));
  let reference: string | null = str(form, 'reference') || null;
  if (reference && reference.length > 100) issues.push(issue('reference', 'referenceLong'));
  if (reference && (method === 'voucher' || method === 'prepaid_card')) {
    const digits = reference.replace(/\D/g, '');
    reference = digits ? `…${digits.slice(-4)}` : reference.slice(-4);
  }
  if (issues.length) return failed(issues);
  return ok({
    method: method as PayMethod,
    floatId: z.guid().safeParse(str(form, 'floatId')).success ? str(form, 'floatId') : null,
    paidOn: paidOn!,
    reference,
  });
}

export interface FloatForm {
  name: string;
  amountPence: number;
}

export function parseFloatForm(form: Form): Result<FloatForm> {
  const issues: Issue[] = [];
  const name = str(form, 'name');
  if (!name) issues.push(issue('name', 'name'));
  else if (name.length > 100) issues.push(issue('name', 'nameLong'));
  const amountPence = parsePounds(str(form, 'amount'), MAX_FLOAT_PENCE);
  if (amountPence === null) issues.push(issue('amount', 'amount'));
  if (issues.length) return failed(issues);
  return ok({ name, amountPence: amountPence! });
}

export interface ReconcileForm {
  countedPence: number;
  reason: string | null;
}

export function parseReconcileForm(form: Form): Result<ReconcileForm> {
  const countedPence = parsePounds(str(form, 'counted'), MAX_FLOAT_PENCE);
  const reason = str(form, 'reason') || null;
  const issues: Issue[] = [];
  if (countedPence === null) issues.push(issue('counted', 'counted'));
  if (reason && reason.length > 500) issues.push(issue('reason', 'reasonLong'));
  if (issues.length) return failed(issues);
  return ok({ countedPence: countedPence!, reason });
}

/** Why a payment is reversed: required, up to 500 characters. */
export function parseReverseForm(form: Form): Result<string> {
  const reason = str(form, 'reason');
  if (!reason) return failed([issue('reason', 'reverseReason')]);
  if (reason.length > 500) return failed([issue('reason', 'reasonLong')]);
  return ok(reason);
}

/** A top-up: more than nothing, up to £10,000. */
export function parseTopUpForm(form: Form): Result<number> {
  const pence = parsePounds(str(form, 'topUp'), MAX_FLOAT_PENCE);
  if (!pence) return failed([issue('topUp', 'topUp')]);
  return ok(pence);
}
