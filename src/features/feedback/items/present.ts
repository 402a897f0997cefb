import type { FastifyRequest } from 'fastify';
import { choices } from '#platform/validation/index.ts';
import { formatDate, formatDateTime } from '#platform/views/views.ts';
import { itemNumber } from './receive.ts';
import type { FeedbackItems } from './service.ts';
import { feedbackKinds, outcomes } from './tables.ts';
import { local } from '#platform/i18n/i18n.ts';

type Viewed = Awaited<ReturnType<FeedbackItems['viewItem']>>;

const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });

/** What an item's page shows: the words as text, the facts, the forms its status allows. */
export function itemPage(request: FastifyRequest, viewed: Viewed, today: string) {
  const { t, lang } = request;
  const { item, may } = viewed;
  const when = (d: Date | null) => (d ? formatDateTime(d, lang) : null);
  const open = ['received', 'acknowledged', 'looking', 'decided'].includes(item.status);
  const chosenThemes = viewed.themes.map((th) => th.id);
  const [dueYear, dueMonth, dueDay] = (item.dueOn ?? '').split('-');
  const overdue = (day: string | null) =>
    day && day < today ? ` — ${t('feedback:item.overdue')}` : '';
  const facts = [
    row(t('feedback:item.service'), local(lang, item.nameEn, item.nameCy)),
    row(t('feedback:item.kind'), t(`feedback:kindNames.${item.kind}`)),
    row(t('feedback:item.channel'), t(`feedback:channels.${item.channel}`)),
    row(t('feedback:item.language'), t(`feedback:languages.${item.language}`)),
    row(t('feedback:item.received'), formatDateTime(item.received_at, lang)),
    row(t('feedback:item.step'), t(`feedback:steps.${item.status}`)),
    row(t('feedback:item.urgency'), t(`feedback:urgencies.${item.urgency}`)),
    row(
      t('feedback:item.themes'),
      viewed.themes.map((th) => local(lang, th.nameEn, th.nameCy)).join(', ') ||
        t('feedback:item.none'),
    ),
    row(t('feedback:item.owner'), item.ownerName ?? t('feedback:item.nobody')),
    row(
      t('feedback:item.from'),
      viewed.personName ??
        (item.person_id ? t('feedback:item.namedHidden') : t('feedback:item.anonymous')),
    ),
    row(
      t('feedback:item.contact'),
      item.contact_encrypted
        ? t('feedback:item.contactLeft')
        : item.told_at
          ? t('feedback:item.told', { when: when(item.told_at) })
          : t('feedback:item.noContact'),
    ),
    ...(item.recorderName ? [row(t('feedback:item.recordedBy'), item.recorderName)] : []),
    ...(item.acknowledgeByDay
      ? [
          row(
            t('feedback:item.acknowledgeBy'),
            formatDate(item.acknowledgeByDay, lang) +
              (item.status === 'received' ? overdue(item.acknowledgeByDay) : ''),
          ),
        ]
      : []),
    ...(item.respondByDay
      ? [
          row(
            t('feedback:item.respondBy'),
            formatDate(item.respondByDay, lang) +
              (open && item.status !== 'decided' ? overdue(item.respondByDay) : ''),
          ),
        ]
      : []),
    ...(item.escalated_at
      ? [
          row(
            t('feedback:item.escalated'),
            `${when(item.escalated_at)} — ${t(`feedback:escalations.${item.escalated_reason ?? 'asked'}`)}`,
          ),
        ]
      : []),
    ...(item.safeguarding
      ? [row(t('feedback:item.safeguardingLead'), item.leadName ?? t('feedback:item.adminsOnly'))]
      : []),
    ...(item.mergedIntoNumber
      ? [row(t('feedback:item.mergedInto'), itemNumber(item.mergedIntoNumber))]
      : []),
  ];
  return {
    pageTitle: t('feedback:item.title', { number: itemNumber(item.number) }),
    itemId: item.id,
    version: item.version,
    body: item.body,
    bodyLang: item.language,
    facts,
    safeguarding: item.safeguarding,
    duplicates: viewed.duplicates.map((d) => ({
      id: d.id,
      text: `${itemNumber(d.number)} — ${t(`feedback:channels.${d.channel}`)}`,
    })),
    mergedInto: item.merged_into_id,
    card: item.channel === 'card',
    hasPhoto: viewed.hasPhoto,
    may: {
      triage: may.triage && open && !item.merged_into_id,
      acknowledge: may.triage && item.status === 'received',
      look: may.triage && ['received', 'acknowledged'].includes(item.status),
      decide: may.triage && open,
      publish: may.publish && item.status === 'decided',
      close: may.triage && open,
      merge: may.triage && ['received', 'acknowledged', 'looking'].includes(item.status),
      escalate: may.triage && item.kind === 'complaint' && !item.escalated_at && open,
      safeguarding: may.triage && !item.merged_into_id,
      photo: may.triage && item.channel === 'card',
    },
    kinds: choices(t, feedbackKinds, 'feedback:kindNames.', item.kind),
    urgent: item.urgency === 'urgent',
    themes: viewed.offered.map((th) => ({
      value: th.id,
      text: local(lang, th.nameEn, th.nameCy),
      checked: chosenThemes.includes(th.id),
    })),
    owners: [
      { value: '', text: t('feedback:item.nobody') },
      ...viewed.owners.map((o) => ({
        value: o.id,
        text: o.name,
        selected: o.id === item.owner_account_id,
      })),
    ],
    outcome: {
      choices: choices(t, outcomes, 'feedback:outcomeNames.', item.outcome),
      values: {
        'dueOn-day': dueDay ? String(Number(dueDay)) : '',
        'dueOn-month': dueMonth ? String(Number(dueMonth)) : '',
        'dueOn-year': dueYear ?? '',
        outcomeEn: item.outcome_en ?? '',
        outcomeCy: item.outcome_cy ?? '',
        quoteConsent: item.quote_consent ? 'yes' : '',
        quoteEn: item.quote_en ?? '',
        quoteCy: item.quote_cy ?? '',
      },
      published: item.status === 'published',
    },
  };
}

/**
 * The outcome a contributor sees of their item once it is published (null before): its title,
 * with the date it is due by, and the words in their language, the other language if missing.
 */
export function publishedOutcome(
  { t, lang }: Pick<FastifyRequest, 't' | 'lang'>,
  item: {
    status: string;
    outcome: string | null;
    dueOn: Date | string | null;
    outcomeEn: string | null;
    outcomeCy: string | null;
  },
) {
  if (item.status !== 'published' || !item.outcome) return null;
  return {
    title: t(`feedback:outcomes.${item.outcome}`, {
      date: item.dueOn ? formatDate(item.dueOn, lang) : '',
    }),
    text: lang === 'cy' ? item.outcomeCy || item.outcomeEn : item.outcomeEn || item.outcomeCy,
  };
}
