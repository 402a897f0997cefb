import type { TFunction } from 'i18next';

/**
 * The GOV.UK pagination component's parameters for page `page` of `pageCount`: the first and
 * last pages, the pages either side of this one, and ellipses between. `null` for a single page.
 * `href(n)` builds the address of page n (keeping the list's filters); `label` is the
 * translation key naming the list for screen readers (its landmark).
 */
export function pagination(
  t: TFunction,
  href: (n: number) => string,
  page: number,
  pageCount: number,
  label = 'common:pagination.label',
) {
  if (pageCount <= 1) return null;
  const numbers = [
    ...new Set([1, page - 1, page, page + 1, pageCount].filter((n) => n >= 1 && n <= pageCount)),
  ].sort((a, b) => a - b);
  const items = numbers.flatMap((n, i) => [
    ...(i > 0 && n - numbers[i - 1]! > 1 ? [{ ellipsis: true }] : []),
    {
      number: n,
      href: href(n),
      current: n === page,
      visuallyHiddenText: t('common:pagination.pageNumber', { number: n }),
    },
  ]);
  return {
    landmarkLabel: t(label),
    items,
    previous: page > 1 ? { href: href(page - 1), text: t('common:pagination.previous') } : null,
    next: page < pageCount ? { href: href(page + 1), text: t('common:pagination.next') } : null,
  };
}

/** The address of page n of a list at `base`, keeping its filters (`params`); page 1 has none. */
export const pageHref = (base: string, params: Record<string, string>) => (n: number) => {
  const query = new URLSearchParams({ ...params, ...(n > 1 ? { page: String(n) } : {}) });
  const text = query.toString();
  return text ? `${base}?${text}` : base;
};

/**
 * A newest-first page read around a cursor, from rows fetched one beyond the page (`size + 1`)
 * before or after it: the rows to show and the ids to page newer and older from (null: none).
 */
export function aroundCursor<T extends { id: unknown }>(
  rows: T[],
  cursor: { before?: unknown; after?: unknown },
  size: number,
): { shown: T[]; newer: T['id'] | null; older: T['id'] | null } {
  // one more than a page tells whether there is another page in that direction
  const more = rows.length > size;
  const shown = cursor.after !== undefined ? rows.slice(-size) : rows.slice(0, size);
  const newer =
    shown.length && (cursor.after !== undefined ? more : cursor.before !== undefined)
      ? shown[0]!.id
      : null;
  const older = shown.length && (cursor.after !== undefined || more) ? shown.at(-1)!.id : null;
  return { shown, newer, older };
}
