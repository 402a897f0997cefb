import type { TFunction } from 'i18next';
import { rungs } from './tables.ts';

/** Items for a rung filter's select: `any` first, then each rung by its number and name. */
export const rungFilterItems = (t: TFunction, any: string, chosen: number | undefined) => [
  { value: '', text: any },
  ...rungs.map((key, i) => ({
    value: String(i + 1),
    text: t(`involvement:rungs.${key}.name`),
    selected: chosen === i + 1,
  })),
];
