import type { TFunction } from 'i18next';
import { local } from '#platform/i18n/i18n.ts';
import { formatDate, formatDateTime } from '#platform/views/views.ts';
import { formatPence } from '../pence.ts';
import { claimNumber, type Claim, type ClaimLine } from './repository.ts';

/** What a line is, in words: the kind and, for mileage and payments, how it was worked out. */
function lineText(t: TFunction, lang: string, line: ClaimLine) {
  const kind = t(`claims:kinds.${line.kind}`);
  if (line.kind === 'mileage' && line.miles !== null && line.pencePerMile !== null)
    return `${kind}: ${t('claims:show.mileage', {
      miles: line.miles,
      vehicle: t(`claims:vehicles.${line.vehicle ?? 'car'}`),
      rate: formatPence(line.pencePerMile, lang),
    })}`;
  if (line.kind === 'involvement')
    return `${kind}: ${local(lang, line.paymentActivityEn, line.paymentActivityCy)}${
      line.unitsHundredths !== null && line.unitPence !== null
        ? ` (${t('claims:show.units', {
            units: line.unitsHundredths / 100,
            unit: t(`claims:units.${line.paymentUnit ?? 'hour'}`),
            rate: formatPence(line.unitPence, lang),
          })})`
        : ''
    }`;
  return line.description ? `${kind}: ${line.description}` : kind;
}

/** A claim's lines as table rows. */
export function lineRows(t: TFunction, lang: string, lines: ClaimLine[]) {
  return lines.map((line) => [
    { text: lineText(t, lang, line) },
    { text: t(`claims:categories.${line.category}`) },
    { text: t(`claims:receipts.${line.receipt}`) },
    { text: formatPence(line.amountPence, lang), format: 'numeric' },
  ]);
}

/** The claim's facts as summary list rows. */
export function claimRows(t: TFunction, lang: string, claim: Claim, name: string | undefined) {
  const row = (key: string, text: string) => ({
    key: { text: t(`claims:show.${key}`) },
    value: { text },
  });
  return [
    row('number', claimNumber(claim.number)),
    row('person', name ?? t('claims:hiddenName')),
    row('organisation', local(lang, claim.organisationNameEn, claim.organisationNameCy)),
    row('occurredOn', formatDate(claim.occurredOn, lang)),
    row('for', t(forKey(claim))),
    row('status', t(`claims:statuses.${claim.status}`)),
    row('madeVia', t(`claims:madeVia.${claim.madeVia}`)),
    row('advance', t(claim.isAdvance ? 'claims:show.yes' : 'claims:show.no')),
    row('expenses', formatPence(claim.expensesPence, lang)),
    row('payments', formatPence(claim.paymentsPence, lang)),
    row('total', formatPence(claim.totalPence, lang)),
  ];
}

function forKey(claim: Claim) {
  if (claim.meetingInviteeId) return 'claims:for.meeting';
  if (claim.involvementRecordId) return 'claims:for.involvement';
  if (claim.opportunityId) return 'claims:for.opportunity';
  return 'claims:for.day';
}

/** What happened to the claim and when, as far as its columns tell, oldest first. */
export function historyRows(t: TFunction, lang: string, claim: Claim) {
  const steps: [string, Date | string | null][] = [
    ['created', claim.createdAt],
    ['submitted', claim.submittedAt],
    ['returned', claim.returnedAt],
    ['approved', claim.approvedAt],
    ['paid', claim.paidAt],
    ['advanceReconciled', claim.advanceReconciledAt],
  ];
  return steps
    .filter(([, at]) => at !== null)
    .map(([step, at]) => ({
      key: { text: t(`claims:history.${step}`) },
      value: { text: formatDateTime(at!, lang) },
    }));
}
