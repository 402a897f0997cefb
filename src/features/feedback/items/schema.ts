import { z } from 'zod';
import { parseDayMonthYear } from '#platform/validation/dates.ts';
import { failed, ok, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import type { Decision } from '../loop/service.ts';
import type { InboxFilter } from './repository.ts';
import type { Triage } from './service.ts';
import { feedbackKinds, feedbackStatuses, outcomes } from './tables.ts';

export const itemParams = z.object({ itemId: z.guid() });

export const versionForm = z.object({ version: z.coerce.number().int().min(1) });

export const inboxQuery = z.object({
  status: z
    .enum(['open', 'all', ...feedbackStatuses])
    .catch('open')
    .default('open'),
  kind: z.enum(feedbackKinds).nullable().catch(null).default(null),
  service: z.guid().nullable().catch(null).default(null),
  mine: z
    .literal('yes')
    .nullable()
    .catch(null)
    .default(null)
    .transform((v) => v === 'yes'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export const toFilter = (q: z.infer<typeof inboxQuery>): InboxFilter => ({
  status: q.status,
  kind: q.kind,
  organisationId: q.service,
  mine: q.mine,
});

const text = (form: Form, field: string) => {
  const value = form[field];
  return typeof value === 'string' ? value.replace(/\r\n/g, '\n').trim() : '';
};
const list = (form: Form, field: string) => {
  const value = form[field];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
};
const guid = z.guid();

/** The triage form: kind, urgency, themes, owner. */
export function parseTriage(form: Form): Result<Triage> {
  const kind = feedbackKinds.find((k) => k === text(form, 'kind'));
  const urgency = text(form, 'urgency') === 'urgent' ? 'urgent' : 'normal';
  const themeIds = list(form, 'themes').filter((id) => guid.safeParse(id).success);
  const owner = text(form, 'owner');
  if (!kind) return failed([{ field: 'kind', message: 'feedback:errors.kind' }]);
  if (owner && !guid.safeParse(owner).success)
    return failed([{ field: 'owner', message: 'feedback:errors.owner' }]);
  return ok({ kind, urgency, themeIds: [...new Set(themeIds)], ownerAccountId: owner || null });
}

export const MAX_OUTCOME = 2000;
export const MAX_QUOTE = 500;

/** The outcome form: which, by when for "will do", the words in both languages, a quote. */
export function parseDecision(form: Form, today: string): Result<Decision> {
  const issues: Issue[] = [];
  const outcome = outcomes.find((o) => o === text(form, 'outcome'));
  if (!outcome) issues.push({ field: 'outcome', message: 'feedback:errors.outcome' });
  let dueOn: string | null = null;
  if (outcome === 'will_do') {
    dueOn = parseDayMonthYear(
      text(form, 'dueOn-day'),
      text(form, 'dueOn-month'),
      text(form, 'dueOn-year'),
    );
    if (!dueOn || dueOn < today) issues.push({ field: 'dueOn', message: 'feedback:errors.dueOn' });
  }
  const words = (field: string, max: number, required: boolean) => {
    const value = text(form, field);
    if (required && !value) issues.push({ field, message: `feedback:errors.${field}` });
    else if (value.length > max) issues.push({ field, message: `feedback:errors.${field}Long` });
    return value;
  };
  const outcomeEn = words('outcomeEn', MAX_OUTCOME, true);
  const outcomeCy = words('outcomeCy', MAX_OUTCOME, true);
  const quoteConsent = text(form, 'quoteConsent') === 'yes';
  const quoteEn = words('quoteEn', MAX_QUOTE, false);
  const quoteCy = words('quoteCy', MAX_QUOTE, false);
  if (quoteConsent && !quoteEn && !quoteCy)
    issues.push({ field: 'quoteEn', message: 'feedback:errors.quote' });
  if (issues.length) return failed(issues);
  return ok({
    outcome: outcome!,
    dueOn,
    outcomeEn,
    outcomeCy,
    quoteConsent,
    quoteEn: quoteEn || null,
    quoteCy: quoteCy || null,
  });
}

/** An item number as typed: F-000123, f123 or 123. */
export function parseItemNumber(value: unknown) {
  if (typeof value !== 'string') return null;
  const match = /^\s*(?:F-?)?0*(\d{1,9})\s*$/i.exec(value);
  return match ? Number(match[1]) : null;
}
