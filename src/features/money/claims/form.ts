import type { FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import { formErrors, type Form, type Issue } from '#platform/validation/index.ts';
import { dayFields } from '../forms.ts';
import { formatPence } from '../pence.ts';
import type { PaymentRate } from '../rates/repository.ts';
import { rateKey } from './lines.ts';
import { purposeItems, type Purposes } from './purposes.ts';
import type { ClaimLine } from './repository.ts';
import { LINE_ROWS } from './schema.ts';
import { expenseKinds } from './tables.ts';

/**
 * The staff claim form's model (new.njk), for a new claim and for changing one: what it is for,
 * the day, whether it is an advance and up to six lines, each with its kinds (expenses, then
 * the payment rates offered), the values typed and the errors.
 */
export function claimFormModel(
  request: FastifyRequest,
  options: {
    paymentRates: PaymentRate[];
    purposes: Purposes;
    values: Form;
    issues?: Issue[] | undefined;
    /** A changed claim's own purpose, offered even when no longer listed. */
    keptPurpose?: string;
  },
) {
  const { t, lang } = request;
  const { values } = options;
  const errors = formErrors(t, options.issues ?? [], {
    occurredOn: 'occurredOn-day',
    for: 'for',
  });
  const value = (field: string) => (typeof values[field] === 'string' ? values[field] : '');
  const kinds = [
    ...expenseKinds.map((k) => ({ value: k, text: t(`claims:kinds.${k}`) })),
    ...options.paymentRates.map((r) => ({
      value: `rate:${rateKey(r)}`,
      text: t('claims:new.rate', {
        activity: lang === 'cy' ? r.activityCy || r.activityEn : r.activityEn,
        unit: t(`claims:units.${r.unit}`),
        amount: formatPence(r.amountPence, lang),
      }),
    })),
  ];
  return {
    values,
    errors: errors.fields,
    errorList: errors.errorList,
    purposes: purposeItems(t, lang, options.purposes, value('for'), options.keptPurpose),
    lines: Array.from({ length: LINE_ROWS }, (_, i) => {
      const n = i + 1;
      return {
        n,
        error: errors.fields[`line-${n}`],
        kinds: [
          { value: '', text: t('claims:new.choose') },
          ...kinds.map((k) => ({ ...k, selected: value(`kind-${n}`) === k.value })),
        ],
        vehicles: vehicleItems(t, value(`vehicle-${n}`)),
        amount: value(`amount-${n}`),
        miles: value(`miles-${n}`),
        units: value(`units-${n}`),
        reason: value(`reason-${n}`),
      };
    }),
  };
}

/** A claim line's vehicle choices (for miles), the one typed selected. */
export const vehicleItems = (t: TFunction, typed: string) =>
  (['car', 'motorbike', 'bicycle'] as const).map((v) => ({
    value: v,
    text: t(`claims:vehicles.${v}`),
    selected: typed === v,
  }));

/** A claim's day (YYYY-MM-DD) as the form's three fields. */
export const dayValues = (day: string): Form => dayFields('occurredOn', day);

/** A claim's lines as the form's values, so that changing a claim starts from what it says. */
export function lineValues(lines: ClaimLine[]): Form {
  const values: Form = {};
  lines.slice(0, LINE_ROWS).forEach((line, i) => {
    const n = i + 1;
    if (line.kind === 'involvement') {
      values[`kind-${n}`] = `rate:${rateKey({
        unit: line.paymentUnit ?? 'hour',
        activityEn: line.paymentActivityEn ?? '',
      })}`;
      values[`units-${n}`] = String((line.unitsHundredths ?? 0) / 100);
    } else if (line.kind === 'mileage') {
      values[`kind-${n}`] = 'mileage';
      values[`miles-${n}`] = String(line.miles ?? '');
      values[`vehicle-${n}`] = line.vehicle ?? 'car';
    } else {
      values[`kind-${n}`] = line.kind;
      values[`amount-${n}`] = (line.amountPence / 100).toFixed(2);
      values[`reason-${n}`] = line.reason ?? '';
    }
  });
  return values;
}
