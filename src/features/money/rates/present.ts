import type { TFunction } from 'i18next';
import { local } from '#platform/i18n/i18n.ts';
import { dayFields } from '../forms.ts';
import { formatPence, poundsField } from '../pence.ts';
import type { RateRules, RateVersion } from './repository.ts';
import { amountFields, paymentRows } from './schema.ts';
import type { Form } from '#platform/validation/index.ts';

/** The rules of a version as summary list rows, in the reader's language. */
export function ruleRows(t: TFunction, lang: string, rules: RateRules) {
  const money = (pence: number) => formatPence(pence, lang);
  const perMile = (pence: number) => t('rates:perMile', { amount: money(pence) });
  const row = (key: string, text: string) => ({
    key: { text: t(`rates:rules.${key}`) },
    value: { text },
  });
  return [
    row('mileageCar', perMile(rules.mileageCarPpm)),
    row('mileageMotorbike', perMile(rules.mileageMotorbikePpm)),
    row('mileageBicycle', perMile(rules.mileageBicyclePpm)),
    row('publicTransport', t(rules.publicTransportAtCost ? 'rates:atCost' : 'rates:notPaid')),
    row('taxi', t(rules.taxiWithReason ? 'rates:taxiWithReason' : 'rates:notPaid')),
    row('subsistenceCap', t('rates:perDay', { amount: money(rules.subsistenceCapPence) })),
    row('childcareCap', t('rates:perDay', { amount: money(rules.childcareCapPence) })),
    row('replacementCareCap', t('rates:perDay', { amount: money(rules.replacementCareCapPence) })),
    row('phoneData', t('rates:perClaim', { amount: money(rules.phoneDataPence) })),
    row('receiptAbove', money(rules.receiptAbovePence)),
  ];
}

/** A version's involvement payment rates as table rows. */
export function paymentRateRows(
  t: TFunction,
  lang: string,
  version: Pick<RateVersion, 'paymentRates'>,
) {
  return version.paymentRates.map((rate) => [
    { text: local(lang, rate.activityEn, rate.activityCy) },
    { text: t(`rates:units.${rate.unit}`) },
    { text: formatPence(rate.amountPence, lang), format: 'numeric' },
  ]);
}

/** The form's values from the rates in force (a new version starts from them), or empty. */
export function formValues(version: RateVersion | undefined, today: string): Form {
  const values: Form = {
    ...dayFields('effectiveFrom', today),
    publicTransportAtCost: 'yes',
    taxiWithReason: 'yes',
  };
  if (!version) return values;
  for (const [field, { rule }] of Object.entries(amountFields))
    values[field] = poundsField(version[rule]);
  values.publicTransportAtCost = version.publicTransportAtCost ? 'yes' : '';
  values.taxiWithReason = version.taxiWithReason ? 'yes' : '';
  version.paymentRates.forEach((rate, i) => {
    values[`activityEn-${i + 1}`] = rate.activityEn;
    values[`activityCy-${i + 1}`] = rate.activityCy;
    values[`unit-${i + 1}`] = rate.unit;
    values[`amount-${i + 1}`] = poundsField(rate.amountPence);
  });
  values.rows = String(paymentRows(version.paymentRates.length));
  return values;
}
