import type { TFunction } from 'i18next';
import { formatDate } from '#platform/views/views.ts';
import { claimNumber } from '../claims/repository.ts';
import { formatPence } from '../pence.ts';
import { taxYearName } from '../thresholds/tax-year.ts';
import type { Statement, StatementPeriod } from './repository.ts';

/** One line of a statement in words, for the page, the PDF and the letter alike. */
export interface StatementLine {
  paidOn: string;
  claim: string;
  organisation: string;
  method: string;
  expenses: string;
  payment: string;
}

/** A statement in the reader's language: what the page, the PDF and the letter show. */
export interface StatementText {
  title: string;
  period: string;
  lines: StatementLine[];
  totals: { expenses: string; payment: string; all: string };
  empty: boolean;
}

/** "Tax year 2025 to 2026" or "1 May 2026 to 31 July 2026". */
export function periodName(
  t: TFunction,
  lang: string,
  period: StatementPeriod,
  statement: Statement,
) {
  return 'taxYear' in period
    ? t('statements:taxYear', { year: taxYearName(t, period.taxYear) })
    : t('statements:range', {
        from: formatDate(statement.from, lang),
        to: formatDate(statement.to, lang),
      });
}

export function statementText(
  t: TFunction,
  lang: string,
  period: StatementPeriod,
  statement: Statement,
): StatementText {
  const money = (pence: number) => formatPence(pence, lang);
  return {
    title: t('statements:title'),
    period: periodName(t, lang, period, statement),
    lines: statement.rows.map((row) => ({
      paidOn: formatDate(row.paidOn, lang),
      claim:
        row.kind === 'reversal'
          ? t('statements:reversal', { claim: claimNumber(row.claimNumber) })
          : claimNumber(row.claimNumber),
      organisation: lang === 'cy' ? row.organisationCy || row.organisationEn : row.organisationEn,
      method: t(`payments:methods.${row.method}`),
      expenses: money(row.expensesPence),
      payment: money(row.paymentPence),
    })),
    totals: {
      expenses: money(statement.totals.expensesPence),
      payment: money(statement.totals.paymentPence),
      all: money(statement.totals.expensesPence + statement.totals.paymentPence),
    },
    empty: statement.rows.length === 0,
  };
}

/** The statement's table for govukTable. */
export function statementTable(t: TFunction, text: StatementText) {
  return {
    head: [
      { text: t('statements:columns.paidOn') },
      { text: t('statements:columns.claim') },
      { text: t('statements:columns.organisation') },
      { text: t('statements:columns.method') },
      { text: t('statements:columns.expenses'), format: 'numeric' },
      { text: t('statements:columns.payment'), format: 'numeric' },
    ],
    rows: [
      ...text.lines.map((line) => [
        { text: line.paidOn },
        { text: line.claim },
        { text: line.organisation },
        { text: line.method },
        { text: line.expenses, format: 'numeric' },
        { text: line.payment, format: 'numeric' },
      ]),
      [
        { text: t('statements:columns.total'), colspan: 4, classes: 'govuk-!-font-weight-bold' },
        { text: text.totals.expenses, format: 'numeric', classes: 'govuk-!-font-weight-bold' },
        { text: text.totals.payment, format: 'numeric', classes: 'govuk-!-font-weight-bold' },
      ],
    ],
  };
}
