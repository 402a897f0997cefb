import type { TFunction } from 'i18next';
import { formatDate } from '#platform/views/views.ts';
import { outcomes } from '../items/tables.ts';
import type { BoardItem, SummaryRow } from './repository.ts';

/** Counts below this are never shown on a board: "fewer than 5" (zero too). */
export const THRESHOLD = 5;

/** A count as a board shows it: the number, or "fewer than 5" below the threshold. */
export const shownCount = (t: TFunction, count: number) =>
  count < THRESHOLD ? t('board:counts.fewerThan5') : count.toLocaleString('en-GB');

/** Text kept in both languages, in the reader's (the other when it has none). */
export const inLanguage = (lang: string, en: string | null, cy: string | null) =>
  (lang === 'cy' ? cy || en : en || cy) ?? '';

/**
 * A board's numbers for the last 12 months, suppressed: the total, each outcome (all three,
 * always) and each theme used, largest first.
 */
export function presentSummary(t: TFunction, lang: string, rows: SummaryRow[]) {
  const count = (by: SummaryRow['by'], key: string | null = null) =>
    rows.find((r) => r.by === by && r.key === key)?.count ?? 0;
  return {
    total: shownCount(t, count('recent')),
    outcomes: outcomes.map((outcome) => ({
      name: t(`feedback:outcomeNames.${outcome}`),
      count: shownCount(t, count('outcome', outcome)),
    })),
    themes: rows
      .filter((r) => r.by === 'theme')
      .sort(
        (a, b) =>
          b.count - a.count ||
          inLanguage(lang, a.nameEn, a.nameCy).localeCompare(inLanguage(lang, b.nameEn, b.nameCy)),
      )
      .map((r) => ({
        name: inLanguage(lang, r.nameEn, r.nameCy),
        count: shownCount(t, r.count),
      })),
  };
}

/** The heading of a published outcome: done; will do, by the day; can't do. */
export function outcomeHeading(t: TFunction, lang: string, item: BoardItem) {
  if (!item.outcome) return '';
  return t(`feedback:outcomes.${item.outcome}`, {
    date: item.outcomeDueOn ? formatDate(item.outcomeDueOn, lang) : '',
  });
}

/** An item as a board shows it, in the reader's language (all of it is text, never HTML). */
export function presentItem(t: TFunction, lang: string, item: BoardItem) {
  const text = inLanguage(lang, item.outcomeEn, item.outcomeCy);
  return {
    kind: t(`feedback:kinds.${item.kind}`),
    themes: item.themes.map((theme) => inLanguage(lang, theme.en, theme.cy)),
    heading: outcomeHeading(t, lang, item),
    text,
    paragraphs: text.split(/\s*\n\s*/).filter((p) => p.trim()),
    quote: inLanguage(lang, item.quoteEn, item.quoteCy) || null,
    published: formatDate(item.publishedAt, lang),
    service: inLanguage(lang, item.serviceEn, item.serviceCy),
    board: item.code ? `/you-said-we-did/${item.code}` : null,
  };
}

export type ShownItem = ReturnType<typeof presentItem>;

/**
 * Cuts text to about `max` characters at a word, with an ellipsis (for a poster): never in the
 * middle of a letter with its accents.
 */
export function shorten(text: string, max: number) {
  const flat = text.replace(/\s+/g, ' ').trim();
  const letters = Array.from(new Intl.Segmenter().segment(flat), (s) => s.segment);
  if (letters.length <= max) return flat;
  const cut = letters.slice(0, max).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, '')}…`;
}

/** An address as printed on a poster: without its scheme or a trailing slash. */
export const printedLink = (url: string) => url.replace(/^https?:\/\//, '').replace(/\/+$/, '');
