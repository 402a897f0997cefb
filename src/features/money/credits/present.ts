import type { FastifyRequest } from 'fastify';
import { local } from '#platform/i18n/i18n.ts';
import type { TFunction } from 'i18next';
import { formatDate } from '#platform/views/views.ts';
import { formatCredits } from './credits.ts';
import type { Entry, Offer, Scheme } from './repository.ts';

/** How time credit pages put things into words, in either language. */

export const view = (name: string) => `money/credits/views/${name}.njk`;

export const base = (organisationId: string) => `/money/credits/${organisationId}`;

/** "3 credits", "1.5 credits", "1 credit" (Welsh plural forms from the count). */
export const credits = (t: TFunction, hundredths: number) =>
  t('credits:amount', {
    count: Math.abs(hundredths) === 100 ? 1 : 2,
    amount: formatCredits(hundredths),
  });

/** The offers as radio items (title, its cost as the hint), the one `chosen` checked. */
export const offerItems = (request: FastifyRequest, offers: readonly Offer[], chosen: unknown) =>
  offers.map((o) => ({
    value: o.id,
    text: local(request.lang, o.titleEn, o.titleCy),
    hint: { text: credits(request.t, o.cost) },
    checked: chosen === o.id,
  }));

/** What an entry was, in words: earned for involvement, spent on an offer, from or to someone. */
function entryText(
  t: TFunction,
  request: FastifyRequest,
  e: Entry & { counterpartName?: string | null },
) {
  const base = t(`credits:kinds.${e.kind}`);
  if (e.kind === 'spent' && e.offerTitleEn)
    return t('credits:ledger.spentOn', {
      offer: local(request.lang, e.offerTitleEn, e.offerTitleCy),
    });
  if (e.kind === 'transfer_in' || e.kind === 'transfer_out') {
    const key = e.kind === 'transfer_in' ? 'from' : 'to';
    return e.counterpartName
      ? t(`credits:ledger.${key}`, { name: e.counterpartName })
      : t(`credits:ledger.${key}Someone`);
  }
  return base;
}

export function entryRow(
  request: FastifyRequest,
  e: Entry & { counterpartName?: string | null },
  staff: boolean,
) {
  const { t, lang } = request;
  return {
    id: e.id,
    date: formatDate(e.occurredOn, lang),
    what: entryText(t, request, e),
    reason: e.reason,
    amount: `${e.amount > 0 ? '+' : ''}${formatCredits(e.amount)}`,
    balance: formatCredits(e.balanceAfter),
    reversed: e.reversedBy !== null,
    by: staff
      ? e.recordedVia === 'portal'
        ? t('credits:ledger.byPerson')
        : (e.recordedByName ?? '')
      : '',
  };
}

/** The scheme's rules as summary list rows. */
export function schemeRows(t: TFunction, scheme: Scheme) {
  const yesNo = (v: boolean) => t(v ? 'credits:yes' : 'credits:no');
  return [
    {
      key: { text: t('credits:scheme.enabled') },
      value: { text: t(scheme.enabled ? 'credits:scheme.on' : 'credits:scheme.off') },
    },
    {
      key: { text: t('credits:scheme.perHour') },
      value: { text: credits(t, scheme.creditsPerHour) },
    },
    {
      key: { text: t('credits:scheme.transfers') },
      value: { text: yesNo(scheme.transfersAllowed) },
    },
    {
      key: { text: t('credits:scheme.donations') },
      value: { text: yesNo(scheme.donationsAllowed) },
    },
    {
      key: { text: t('credits:scheme.minBalance') },
      value: {
        text:
          scheme.minBalance === 0
            ? t('credits:scheme.neverNegative')
            : t('credits:scheme.downTo', { amount: formatCredits(scheme.minBalance) }),
      },
    },
  ];
}
