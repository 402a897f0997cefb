import { z } from 'zod';
import { failed, ok, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import type { InboxInput, SettingsInput } from './service.ts';
import { trimmedField as text } from '#platform/validation/form.ts';

export const organisationParams = z.object({ organisationId: z.guid() });
export const themeParams = z.object({ organisationId: z.guid(), themeId: z.guid() });
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export const nations = ['england-and-wales', 'scotland', 'northern-ireland'] as const;
export type Nation = (typeof nations)[number];

/** A service's inbox: its short link code, text keyword (optional) and whether it is open. */
export function parseInbox(form: Form): Result<InboxInput> {
  const issues: Issue[] = [];
  const code = text(form, 'code').toLowerCase();
  const keyword = text(form, 'keyword').toUpperCase();
  if (!/^[a-hjkmnp-z2-9]{5,8}$/.test(code))
    issues.push({ field: 'code', message: 'feedback:errors.code' });
  if (keyword && !/^[A-Z][A-Z0-9]{2,19}$/.test(keyword))
    issues.push({ field: 'keyword', message: 'feedback:errors.keyword' });
  if (issues.length) return failed(issues);
  return ok({ code, keyword: keyword || null, enabled: text(form, 'enabled') !== 'no' });
}

const days = (form: Form, field: string, max: number, issues: Issue[]) => {
  const value = Number(text(form, field));
  if (!Number.isInteger(value) || value < 1 || value > max)
    issues.push({ field, message: `feedback:errors.${field}` });
  return value;
};

/** The settings: timescales in working days, nation, commissioner and safeguarding lead. */
export function parseSettings(form: Form): Result<SettingsInput> {
  const issues: Issue[] = [];
  const acknowledgeDays = days(form, 'acknowledgeDays', 30, issues);
  const respondDays = days(form, 'respondDays', 120, issues);
  if (!issues.length && respondDays < acknowledgeDays)
    issues.push({ field: 'respondDays', message: 'feedback:errors.respondBeforeAcknowledge' });
  const nation = nations.find((n) => n === text(form, 'nation'));
  if (!nation) issues.push({ field: 'nation', message: 'feedback:errors.nation' });
  const optionalId = (field: string) => {
    const value = text(form, field);
    if (!value) return null;
    if (!z.guid().safeParse(value).success)
      issues.push({ field, message: 'feedback:errors.choose' });
    return value;
  };
  const commissionerOrganisationId = optionalId('commissioner');
  const safeguardingLeadId = optionalId('lead');
  if (issues.length) return failed(issues);
  return ok({
    acknowledgeDays,
    respondDays,
    nation: nation!,
    commissionerOrganisationId,
    safeguardingLeadId,
  });
}

/** A theme's names in both languages. */
export function parseTheme(form: Form): Result<{ nameEn: string; nameCy: string }> {
  const issues: Issue[] = [];
  const nameEn = text(form, 'nameEn');
  const nameCy = text(form, 'nameCy');
  for (const [field, value] of [
    ['nameEn', nameEn],
    ['nameCy', nameCy],
  ] as const)
    if (!value || value.length > 80) issues.push({ field, message: `feedback:errors.${field}` });
  if (issues.length) return failed(issues);
  return ok({ nameEn, nameCy });
}
