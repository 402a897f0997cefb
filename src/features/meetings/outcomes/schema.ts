import { z } from 'zod';
import type { Form } from '#platform/validation/index.ts';
import { parseDayMonthYear } from '#platform/validation/dates.ts';
import { issuesOf, ok, failed, type Issue, type Result } from '#platform/validation/index.ts';
import { outcomeKinds } from '../tables.ts';
import type { OutcomeInput } from './service.ts';

const text = (field: string) =>
  z
    .string({ error: `outcomes:errors.${field}` })
    .trim()
    .min(1, `outcomes:errors.${field}`)
    .max(1000, 'outcomes:errors.tooLong');

const outcomeSchema = z.object({
  kind: z.enum(outcomeKinds, { error: 'outcomes:errors.kind' }),
  textEn: text('textEn'),
  textCy: text('textCy'),
  ownerAccountId: z
    .string()
    .optional()
    .transform((v) => v || null)
    .pipe(z.guid({ error: 'outcomes:errors.owner' }).nullable()),
});

const str = (form: Form, key: string) => {
  const value = form[key];
  return typeof value === 'string' ? value : '';
};

/** A decision or an action from the form; an action's due date from its three boxes. */
export function parseOutcomeForm(form: Form): Result<OutcomeInput> {
  const parsed = outcomeSchema.safeParse(form);
  const issues: Issue[] = parsed.success ? [] : issuesOf(parsed.error);
  const [day, month, year] = ['dueOn-day', 'dueOn-month', 'dueOn-year'].map((k) => str(form, k));
  const typed = Boolean(day!.trim() || month!.trim() || year!.trim());
  const dueOn = typed ? parseDayMonthYear(day!, month!, year!) : null;
  if (typed && !dueOn) issues.push({ field: 'dueOn', message: 'outcomes:errors.dueOn' });
  if (!parsed.success || issues.length) return failed(issues);
  return ok({ ...parsed.data, dueOn: parsed.data.kind === 'action' ? dueOn : null });
}
