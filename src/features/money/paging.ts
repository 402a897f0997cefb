/** Money's lists (claims, approvals, batches, rates, time credits) show this many rows a page. */
export const PAGE_SIZE = 25;

/** How many rows come before page `page` (counted from 1). */
export const offsetOf = (page: number) => (page - 1) * PAGE_SIZE;

/** How many pages `total` rows fill: one when there are none. */
export const pageCountOf = (total: number) => Math.max(1, Math.ceil(total / PAGE_SIZE));
