import { sql, type SelectQueryBuilder } from 'kysely';

/** Money's lists (claims, approvals, batches, rates, time credits) show this many rows a page. */
export const PAGE_SIZE = 25;

/** How many rows come before page `page` (counted from 1). */
export const offsetOf = (page: number) => (page - 1) * PAGE_SIZE;

/** How many pages `total` rows fill: one when there are none. */
export const pageCountOf = (total: number) => Math.max(1, Math.ceil(total / PAGE_SIZE));

/**
 * Page `page` of a list and how many rows it has in all, asked together: `rows` selects and
 * orders the rows from `base` (the tables and conditions the count uses too).
 */
export async function pageOf<DB, TB extends keyof DB, O, Row>(
  base: SelectQueryBuilder<DB, TB, O>,
  rows: (base: SelectQueryBuilder<DB, TB, O>) => SelectQueryBuilder<DB, TB, Row>,
  page: number,
) {
  const [found, count] = await Promise.all([
    rows(base).limit(PAGE_SIZE).offset(offsetOf(page)).execute(),
    base
      .select(sql<number>`count(*)::int`.as('n'))
      .$castTo<{ n: number }>()
      .executeTakeFirstOrThrow(),
  ]);
  const total = count.n;
  return { rows: found, total, page, pageCount: pageCountOf(total) };
}
