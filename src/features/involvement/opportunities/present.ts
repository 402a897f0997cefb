import type { TFunction } from 'i18next';
import { rungKey } from '../tables.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import type { OpportunityInput, StepName } from './schema.ts';

/** Presentation helpers shared by the staff and public pages. */

export const inLanguage = (lang: Language, en: string | null, cy: string | null) =>
  (lang === 'cy' ? cy : en) ?? '';

/** Where the error summary links for fields whose first input has another id. */
export const errorAnchors = {
  opensOn: 'opensOn-day',
  closingDate: 'closingDate-day',
  startsOn: 'startsOn-day',
};

/** The answers as summary-list rows (details page, check page, public page). */
export function detailRows(
  t: TFunction,
  lang: Language,
  o: Partial<OpportunityInput>,
  options: { changeHref?: (step: StepName) => string; internal?: boolean } = {},
) {
  const rows: {
    key: { text: string };
    value: { text?: string; html?: string };
    actions?: object;
  }[] = [];
  const add = (step: StepName, key: string, text: string, internal = false) => {
    if (internal && !options.internal) return;
    rows.push({
      key: { text: t(`opportunities:summary.${key}`) },
      value: { text: text || t('common:none') },
      ...(options.changeHref
        ? {
            actions: {
              items: [
                {
                  href: options.changeHref(step),
                  text: t('common:actions.change'),
                  visuallyHiddenText: t(`opportunities:summary.${key}`),
                },
              ],
            },
          }
        : {}),
    });
  };
  const both = (en: string | null | undefined, cy: string | null | undefined) =>
    options.internal
      ? [en, cy].filter(Boolean).join(' / ')
      : inLanguage(lang, en ?? null, cy ?? null);
  const date = (value: string | Date | null | undefined, withTime = false) =>
    value
      ? new Intl.DateTimeFormat(lang === 'cy' ? 'cy-GB' : 'en-GB', {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'Europe/London',
          ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
        }).format(new Date(value))
      : '';
  if (options.internal) {
    add('about', 'titleEn', o.titleEn ?? '');
    add('about', 'titleCy', o.titleCy ?? '');
  }
  add('about', 'description', both(o.descriptionEn, o.descriptionCy));
  if (o.rung)
    add(
      'ladder',
      'rung',
      `${t(`involvement:rungs.${rungKey(o.rung)}.name`)} — ${t(`involvement:rungs.${rungKey(o.rung)}.explanation`)}`,
    );
  if (o.level)
    add(
      'ladder',
      'level',
      `${t(`involvement:levels.${o.level}.name`)} — ${t(`involvement:levels.${o.level}.explanation`)}`,
    );
  if (o.ntaScope && o.ntaMode)
    add(
      'ladder',
      'nta',
      `${t(`involvement:ntaScopes.${o.ntaScope}`)} × ${t(`involvement:ntaModes.${o.ntaMode}`)}`,
    );
  if (o.method) add('ladder', 'method', t(`involvement:methods.${o.method}`));
  if (o.audiences)
    add(
      'audience',
      'audiences',
      o.audiences.length
        ? o.audiences.map((k) => t(`people:kinds.${k}`)).join(', ')
        : t('opportunities:summary.everyone'),
    );
  if (o.closedGroupEn || o.closedGroupCy)
    add('audience', 'closedGroup', both(o.closedGroupEn, o.closedGroupCy));
  if (o.welshMedium !== undefined)
    add('audience', 'welshMedium', o.welshMedium ? t('common:yes') : t('common:no'));
  if (o.attendance) {
    add('when', 'opensOn', date(o.opensOn));
    add('when', 'closingDate', date(o.closingDate));
    add(
      'when',
      'startsAt',
      o.startsAt
        ? `${date(o.startsAt, true)}${o.endsAt ? ` – ${date(o.endsAt, true).split(', ').at(-1) ?? ''}` : ''}`
        : '',
    );
    add('when', 'attendance', t(`involvement:attendances.${o.attendance}`));
    add('when', 'location', both(o.locationEn, o.locationCy));
  }
  if (o.payment) {
    add('commitment', 'timeCommitment', both(o.timeCommitmentEn, o.timeCommitmentCy));
    add(
      'commitment',
      'expectedHours',
      o.expectedHours ? t('opportunities:summary.hours', { count: o.expectedHours }) : '',
    );
    add(
      'commitment',
      'skillsNeeded',
      (o.skillsNeeded ?? []).map((s) => t(`people:skills.${s}`)).join(', '),
    );
    add(
      'commitment',
      'trainingNeeded',
      (o.trainingNeeded ?? []).map((s) => t(`people:trainings.${s}`)).join(', '),
    );
    add('commitment', 'payment', t(`involvement:payments.${o.payment}`));
    add('commitment', 'paymentDetails', both(o.paymentDetailsEn, o.paymentDetailsCy));
    add('commitment', 'accessibility', both(o.accessibilityEn, o.accessibilityCy));
  }
  if (o.places) {
    add('places', 'places', String(o.places));
    add('places', 'backups', String(o.backups ?? 0), true);
    add('places', 'public', o.public ? t('common:yes') : t('common:no'), true);
  }
  return rows;
}
