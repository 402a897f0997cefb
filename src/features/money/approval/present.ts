import type { FastifyRequest } from 'fastify';
import { local } from '#platform/i18n/i18n.ts';
import type { TFunction } from 'i18next';
import { formatDate } from '#platform/views/views.ts';
import { formatPence } from '../pence.ts';
import type { BenefitCheck } from '../benefits/check.ts';

export const view = (name: string) => `money/approval/views/${name}.njk`;

/** The benefit check in words: totals, and each limit the payment would cross. */
export function checkText(request: FastifyRequest, check: BenefitCheck) {
  const { t, lang } = request;
  const money = (p: number) => formatPence(p, lang);
  return {
    day: formatDate(check.day, lang),
    totals: (['week', 'month', 'year'] as const).map((period) => ({
      period: t(`approval:check.periods.${period}`),
      before: money(check.before[period]),
      after: money(check.after[period]),
    })),
    crossed: check.crossed.map((c) =>
      t(c.alreadyOver ? 'approval:check.alreadyOver' : 'approval:check.crosses', {
        name: local(request.lang, c.nameEn, c.nameCy),
        amount: money(c.amountPence),
        period: t(`approval:check.per.${c.period}`),
      }),
    ),
  };
}

export const outcomeText = (t: TFunction, outcome: string) => t(`approval:outcomes.${outcome}`);
