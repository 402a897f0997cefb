import { z } from 'zod';
import { failed, ok, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import { parsePounds } from '../pence.ts';
import type { ThresholdInput } from './repository.ts';
import { benefits, thresholdPeriods, type Benefit, type ThresholdPeriod } from './tables.ts';

/** Validation of the thresholds pages. Messages are translation keys (namespace `thresholds`). */

export const yearQuery = z.object({
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
});

/** How a threshold is expressed: an amount over a period, or a rate in per cent. */
export const thresholdKinds = ['amount', 'percent'] as const;

const str = (form: Form, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value.normalize('NFC').trim() : '';
};

const oneOf = <T extends string>(values: readonly T[], value: string): value is T =>
  (values as readonly string[]).includes(value);

/** The largest amount a threshold may hold: £100,000 (pence). */
const MAX_AMOUNT = 10_000_000;

/** The threshold form: every bad field explained, nothing kept unless all of it is good. */
export function parseThresholdForm(form: Form): Result<ThresholdInput> {
  const issues: Issue[] = [];
  const fail = (field: string, key: string) =>
    issues.push({ field, message: `thresholds:errors.${key}` });

  const yearText = str(form, 'taxYear');
  const taxYear = /^\d{4}$/.test(yearText) ? Number(yearText) : NaN;
  if (!yearText) fail('taxYear', 'taxYearMissing');
  else if (!(taxYear >= 2000 && taxYear <= 2100)) fail('taxYear', 'taxYear');

  const benefit = str(form, 'benefit');
  if (!oneOf(benefits, benefit)) fail('benefit', 'benefit');

  const code = str(form, 'code').toLowerCase();
  if (!/^[a-z][a-z0-9_]{1,59}$/.test(code)) fail('code', 'code');

  const nameEn = str(form, 'nameEn');
  const nameCy = str(form, 'nameCy');
  if (!nameEn || nameEn.length > 150) fail('nameEn', 'nameEn');
  if (!nameCy || nameCy.length > 150) fail('nameCy', 'nameCy');

  const kind = str(form, 'kind');
  let amountPence: number | null = null;
  let period: ThresholdPeriod | null = null;
  let percent: number | null = null;
  if (kind === 'amount') {
    amountPence = parsePounds(str(form, 'amount'), MAX_AMOUNT);
    if (amountPence === null) fail('amount', 'amount');
    const chosen = str(form, 'period');
    if (oneOf(thresholdPeriods, chosen)) period = chosen;
    else fail('period', 'period');
  } else if (kind === 'percent') {
    const text = str(form, 'percent').replace(/%$/, '').trim();
    percent = /^\d{1,3}$/.test(text) && Number(text) <= 100 ? Number(text) : null;
    if (percent === null) fail('percent', 'percent');
  } else fail('kind', 'kind');

  const sourceNote = str(form, 'sourceNote');
  if (!sourceNote) fail('sourceNote', 'sourceNoteMissing');
  else if (sourceNote.length > 500) fail('sourceNote', 'sourceNoteLong');

  if (issues.length) return failed(issues);
  return ok({
    taxYear,
    benefit: benefit as Benefit,
    code,
    nameEn,
    nameCy,
    amountPence,
    period,
    percent,
    sourceNote,
  });
}
