import { z } from 'zod';
import { failed, ok, type Form, type Issue } from '#platform/validation/index.ts';
import { parsePounds } from '../pence.ts';
import { paymentOutcomes, type PaymentOutcome } from '../claims/tables.ts';

export const claimParams = z.object({ claimId: z.guid() });
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

const str = (form: Form, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value.normalize('NFC').trim() : '';
};

export interface Decision {
  outcome: PaymentOutcome | null;
  lowerAmountPence: number | null;
  charityName: string | null;
}

/** The choice for the involvement payment (none for a claim of expenses only). */
export function parseDecision(form: Form, hasPayment: boolean, paymentPence: number) {
  if (!hasPayment)
    return ok<Decision>({ outcome: null, lowerAmountPence: null, charityName: null });
  const issues: Issue[] = [];
  const outcome = paymentOutcomes.find((o) => o === str(form, 'outcome'));
  if (!outcome) issues.push({ field: 'outcome', message: 'approval:errors.outcome' });
  let lowerAmountPence: number | null = null;
  let charityName: string | null = null;
  if (outcome === 'lower_amount') {
    lowerAmountPence = parsePounds(str(form, 'lowerAmount'));
    if (lowerAmountPence === null || lowerAmountPence < 0 || lowerAmountPence >= paymentPence)
      issues.push({ field: 'lowerAmount', message: 'approval:errors.lowerAmount' });
  }
  if (outcome === 'charity') {
    charityName = str(form, 'charityName');
    if (!charityName || charityName.length > 150)
      issues.push({ field: 'charityName', message: 'approval:errors.charityName' });
  }
  return issues.length
    ? failed<Decision>(issues)
    : ok<Decision>({ outcome: outcome!, lowerAmountPence, charityName });
}

/** A reason to return a claim: 1 to 500 characters. */
export function parseReturn(form: Form) {
  const reason = str(form, 'reason');
  if (!reason || reason.length > 500)
    return failed<string>([{ field: 'reason', message: 'approval:errors.reason' }]);
  return ok(reason);
}
