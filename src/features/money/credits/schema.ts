import { z } from 'zod';
import { failed, ok, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import { parseCredits } from './credits.ts';
import type { OfferInput, SchemeInput } from './repository.ts';

/** Validation of the time credit forms. Messages are translation keys (namespace `credits`). */

export const organisationParams = z.object({ organisationId: z.guid() });
export const offerParams = z.object({ organisationId: z.guid(), offerId: z.guid() });
export const personParams = z.object({ organisationId: z.guid(), personId: z.guid() });
export const entryParams = personParams.extend({ entryId: z.guid() });
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

const str = (form: Form, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value.normalize('NFC').trim() : '';
};
const guid = z.guid();
const isGuid = (text: string) => guid.safeParse(text).success;

/** A reason: optional unless required, at most 300 characters. */
function reasonOf(form: Form, issues: Issue[], required: boolean) {
  const reason = str(form, 'reason');
  if (required && !reason) issues.push({ field: 'reason', message: 'credits:errors.reason' });
  if (reason.length > 300) issues.push({ field: 'reason', message: 'credits:errors.reasonLong' });
  return reason || null;
}

/** An amount of credits over zero, whole or half, up to 1,000. */
function amountOf(form: Form, issues: Issue[]) {
  const amount = parseCredits(str(form, 'amount'));
  if (amount === null || amount === 0)
    issues.push({ field: 'amount', message: 'credits:errors.amount' });
  return amount ?? 0;
}

export function parseSchemeForm(form: Form): Result<SchemeInput> {
  const issues: Issue[] = [];
  const enabled = str(form, 'enabled');
  if (enabled !== 'yes' && enabled !== 'no')
    issues.push({ field: 'enabled', message: 'credits:errors.enabled' });
  const perHour = parseCredits(str(form, 'creditsPerHour'), 1000);
  if (perHour === null || perHour < 50)
    issues.push({ field: 'creditsPerHour', message: 'credits:errors.creditsPerHour' });
  const below = parseCredits(str(form, 'minBalance') || '0', 100_00);
  if (below === null) issues.push({ field: 'minBalance', message: 'credits:errors.minBalance' });
  const allowed = form.allowed;
  const list = Array.isArray(allowed) ? allowed : allowed ? [allowed] : [];
  if (issues.length) return failed(issues);
  return ok({
    enabled: enabled === 'yes',
    creditsPerHour: perHour!,
    transfersAllowed: list.includes('transfers'),
    donationsAllowed: list.includes('donations'),
    minBalance: -below! || 0,
  });
}

export function parseOfferForm(form: Form): Result<OfferInput> {
  const issues: Issue[] = [];
  const titleEn = str(form, 'titleEn');
  const titleCy = str(form, 'titleCy');
  if (!titleEn || titleEn.length > 150)
    issues.push({ field: 'titleEn', message: 'credits:errors.titleEn' });
  if (!titleCy || titleCy.length > 150)
    issues.push({ field: 'titleCy', message: 'credits:errors.titleCy' });
  const cost = parseCredits(str(form, 'cost'));
  if (cost === null || cost === 0) issues.push({ field: 'cost', message: 'credits:errors.cost' });
  const status = str(form, 'status') || 'active';
  if (status !== 'active' && status !== 'retired')
    issues.push({ field: 'status', message: 'credits:errors.status' });
  if (issues.length) return failed(issues);
  return ok({ titleEn, titleCy, cost: cost!, retired: status === 'retired' });
}

/** An id chosen on a form (a radio or a hidden field), or an issue on that field. */
export function parseChoice(form: Form, field: string, message: string): Result<string> {
  const value = str(form, field);
  return isGuid(value) ? ok(value) : failed([{ field, message }]);
}

export function parseTransferForm(form: Form) {
  const issues: Issue[] = [];
  const toPersonId = str(form, 'toPersonId');
  if (!isGuid(toPersonId)) issues.push({ field: 'toPersonId', message: 'credits:errors.toPerson' });
  const amount = amountOf(form, issues);
  const reason = reasonOf(form, issues, false);
  return issues.length ? failed(issues) : ok({ toPersonId, amount, reason });
}

export function parseDonateForm(form: Form) {
  const issues: Issue[] = [];
  const amount = amountOf(form, issues);
  const reason = reasonOf(form, issues, false);
  return issues.length ? failed(issues) : ok({ amount, reason });
}

export function parseAdjustForm(form: Form) {
  const issues: Issue[] = [];
  const direction = str(form, 'direction');
  if (direction !== 'add' && direction !== 'remove')
    issues.push({ field: 'direction', message: 'credits:errors.direction' });
  const amount = amountOf(form, issues);
  const reason = reasonOf(form, issues, true) ?? '';
  if (issues.length) return failed(issues);
  return ok({ amount: direction === 'remove' ? -amount : amount, reason });
}

export function parseReverseForm(form: Form) {
  const issues: Issue[] = [];
  const reason = reasonOf(form, issues, true) ?? '';
  return issues.length ? failed(issues) : ok({ reason });
}
