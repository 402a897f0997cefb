import type { TFunction } from 'i18next';
import { formatDate, formatDateTime } from '#platform/views/views.ts';
import type { CheckResult, CheckStatus, Finding } from './rules.ts';

/** Tag colours for each status (govuk-frontend tag modifiers). */
const TAG: Record<CheckStatus, string> = {
  met: 'govuk-tag--green',
  warning: 'govuk-tag--red',
  overridden: 'govuk-tag--blue',
  pending: 'govuk-tag--grey',
  not_applicable: 'govuk-tag--grey',
};

/** A finding in words: dates, days and needs put into the reader's language. */
function findingText(t: TFunction, lang: string, finding: Finding) {
  const values: Record<string, string | number> = { ...finding.values, name: finding.name ?? '' };
  const raw = finding.values ?? {};
  if (typeof raw.due === 'string') values.due = formatDate(raw.due, lang);
  for (const key of ['days', 'before', 'after'] as const)
    if (typeof raw[key] === 'number') values[key] = t('proofing:days', { count: raw[key] });
  if (typeof raw.count === 'number') values.papers = t('proofing:papers', { count: raw.count });
  if (typeof raw.needs === 'string')
    values.needs = raw.needs
      .split(',')
      .map((need) => t(`people:venueNeeds.${need}`).toLowerCase())
      .join(', ');
  // names and reasons are the register's words, shown as typed (i18next escapes nothing in
  // Cyd: the template escapes them)
  return t(`proofing:findings.${finding.key}`, values);
}

/** The checklist as the template shows it. */
export function checklistView(t: TFunction, lang: string, results: readonly CheckResult[]) {
  const checks = results.map((result) => ({
    check: result.check,
    status: result.status,
    title: t(`proofing:checks.${result.check}.title`),
    why: t(`proofing:checks.${result.check}.why`),
    tag: { text: t(`proofing:statuses.${result.status}`), classes: TAG[result.status] },
    findings: result.findings.map((finding) => ({
      text: findingText(t, lang, finding),
      warning: result.status === 'warning' || result.status === 'overridden',
      inviteeId: finding.inviteeId ?? '',
      override: finding.override && {
        ...finding.override,
        text: t('proofing:override.recorded', { reason: finding.override.reason }),
        when: t('proofing:override.by', { date: formatDateTime(finding.override.createdAt, lang) }),
      },
    })),
  }));
  const open = checks.reduce(
    (sum, c) => sum + c.findings.filter((f) => f.warning && !f.override).length,
    0,
  );
  return { checks, open };
}
