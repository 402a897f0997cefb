import type { TFunction } from 'i18next';
import type { Form } from '#platform/validation/index.ts';
import { dayFields } from '../forms.ts';
import { formatPence, poundsField } from '../pence.ts';
import { formatDate } from '#platform/views/views.ts';
import type { ChoiceRecord, PaymentChoice, ProfileRecord } from './repository.ts';

/** Staff pages speak of "them", the portal of "you". */
export type Mode = 'staff' | 'portal';

/** The choice in words: "Bank transfer", "A charity instead: Shelter Cymru", "Less: half". */
export function choiceText(t: TFunction, lang: string, choice: PaymentChoice) {
  const method = t(`choices:methods.${choice.method}`);
  if (choice.method === 'charity' && choice.charityName)
    return t('choices:summary.charity', { method, charity: choice.charityName });
  if (choice.method === 'lower_amount')
    return t('choices:summary.lower', {
      method,
      amount:
        choice.lowerAmountPence !== null
          ? formatPence(choice.lowerAmountPence, lang)
          : t('choices:summary.share', { percent: String(choice.lowerSharePercent ?? 0) }),
    });
  return method;
}

/** Summary list rows of the payment choice. */
export function choiceRows(t: TFunction, lang: string, mode: Mode, choice: ChoiceRecord) {
  return [
    { key: { text: t(`choices:${mode}.choiceKey`) }, value: { text: choiceText(t, lang, choice) } },
    {
      key: { text: t('choices:summary.updated') },
      value: {
        text: choice.updatedByName
          ? t('choices:summary.updatedBy', {
              date: formatDate(choice.updatedAt, lang),
              name: choice.updatedByName,
            })
          : t(`choices:${mode}.updatedBySelf`, { date: formatDate(choice.updatedAt, lang) }),
      },
    },
  ];
}

/** Summary list rows of the benefit information and the consent it was recorded with. */
export function profileRows(t: TFunction, lang: string, mode: Mode, profile: ProfileRecord) {
  const benefitNames = profile.benefits.map((b) => t(`thresholds:benefits.${b}`));
  return [
    {
      key: { text: t(`choices:${mode}.benefitsKey`) },
      value: {
        text: benefitNames.length ? benefitNames.join(', ') : t('choices:summary.noBenefits'),
      },
    },
    {
      key: { text: t(`choices:${mode}.limitKey`) },
      value: {
        text:
          profile.limitPence !== null && profile.limitPeriod
            ? t(`choices:per.${profile.limitPeriod}`, {
                amount: formatPence(profile.limitPence, lang),
              })
            : t('choices:summary.noLimit'),
      },
    },
    {
      key: { text: t('choices:summary.consent') },
      value: {
        text: t(
          profile.consentRecordedByName
            ? 'choices:summary.consentBy'
            : 'choices:summary.consentSelf',
          {
            date: formatDate(profile.consentOn, lang),
            how: t(`choices:consentWays.${profile.consentHow}`),
            name: profile.consentRecordedByName ?? '',
          },
        ),
      },
    },
  ];
}

/** The choice form's values from what is recorded. */
export function choiceValues(choice: PaymentChoice | undefined): Form {
  if (!choice) return {};
  return {
    method: choice.method,
    charityName: choice.charityName ?? '',
    lowerAmount: poundsField(choice.lowerAmountPence),
    lowerShare: choice.lowerSharePercent === null ? '' : String(choice.lowerSharePercent),
  };
}

/** The benefit form's values from what is recorded (consent is given afresh each time). */
export function profileValues(profile: ProfileRecord | undefined, today: string): Form {
  const consentDay = dayFields('consentOn', today);
  if (!profile) return consentDay;
  return {
    ...consentDay,
    benefits: profile.benefits,
    limit: poundsField(profile.limitPence),
    limitPeriod: profile.limitPeriod ?? '',
  };
}
