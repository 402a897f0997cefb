import type { TFunction } from 'i18next';
import type { Form } from '#platform/validation/index.ts';
import { formatPence, poundsField } from '../pence.ts';
import type { Threshold } from './repository.ts';

/** A threshold's figure in words: "£195.50 a week", "55%". */
export function thresholdValue(
  t: TFunction,
  lang: string,
  threshold: Pick<Threshold, 'amountPence' | 'period' | 'percent'>,
) {
  if (threshold.amountPence !== null && threshold.period)
    return t(`thresholds:per.${threshold.period}`, {
      amount: formatPence(threshold.amountPence, lang),
    });
  return t('thresholds:percentValue', { percent: String(threshold.percent ?? 0) });
}

/** A threshold's name in the reader's language. */
export const thresholdName = (lang: string, threshold: Pick<Threshold, 'nameEn' | 'nameCy'>) =>
  lang === 'cy' ? threshold.nameCy || threshold.nameEn : threshold.nameEn;

/** The form's values from a threshold (to change it), or for a new one in a tax year. */
export function thresholdFormValues(threshold: Threshold | undefined, taxYear: number): Form {
  if (!threshold) return { taxYear: String(taxYear), kind: 'amount' };
  return {
    taxYear: String(threshold.taxYear),
    benefit: threshold.benefit,
    code: threshold.code,
    nameEn: threshold.nameEn,
    nameCy: threshold.nameCy,
    kind: threshold.percent === null ? 'amount' : 'percent',
    amount: poundsField(threshold.amountPence),
    period: threshold.period ?? '',
    percent: threshold.percent === null ? '' : String(threshold.percent),
    sourceNote: threshold.sourceNote,
  };
}
