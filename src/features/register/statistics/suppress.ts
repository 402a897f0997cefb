/**
 * Statistical disclosure control for the register's de-identified counts.
 *
 * The rule (docs/register-statistics.md):
 * 1. Primary suppression: any count from 1 to 4 is never shown ("fewer than 5"). Zero is shown:
 *    "nobody" in a cell does not identify anyone.
 * 2. The total of the table: if it is from 1 to 4, it and every non-zero cell are suppressed.
 * 3. Secondary suppression: when exactly one cell of a table is suppressed, the total and the
 *    other cells would give it away (total − the rest), so the smallest other non-zero cell is
 *    suppressed too (the first of equals). With two or more suppressed cells, only their sum can
 *    be worked out, never any one of them.
 *
 * Each table is protected on its own; filters that differ by a few people (one organisation
 * and its parent) are a residual risk, reduced because only organisations (never people) can
 * be chosen and every table of every organisation follows the same rule.
 */
export const THRESHOLD = 5;

export interface Count<K extends string = string> {
  key: K;
  count: number;
}

export type Suppression = 'primary' | 'secondary' | null;

export interface ShownCount<K extends string = string> {
  key: K;
  /** null when suppressed */
  count: number | null;
  suppressed: Suppression;
}

export interface SuppressedTable<K extends string = string> {
  cells: ShownCount<K>[];
  /** The table's total (null when suppressed). */
  total: number | null;
  totalSuppressed: boolean;
}

const small = (n: number) => n > 0 && n < THRESHOLD;

/**
 * Applies the rule to one table. `total` defaults to the sum of the cells; pass the number of
 * people for tables whose cells overlap (one person may be willing to do several things).
 */
export function suppress<K extends string>(
  counts: readonly Count<K>[],
  options: { total?: number } = {},
): SuppressedTable<K> {
  const total = options.total ?? counts.reduce((sum, c) => sum + c.count, 0);
  const marks: Suppression[] = counts.map((c) => (small(c.count) ? 'primary' : null));
  const totalSuppressed = small(total);
  if (totalSuppressed) {
    counts.forEach((c, i) => {
      if (c.count > 0 && marks[i] === null) marks[i] = 'secondary';
    });
  }
  if (marks.filter((m) => m !== null).length === 1) {
    let smallest = -1;
    counts.forEach((c, i) => {
      if (marks[i] !== null || c.count === 0) return;
      if (smallest === -1 || c.count < counts[smallest]!.count) smallest = i;
    });
    if (smallest !== -1) marks[smallest] = 'secondary';
  }
  return {
    cells: counts.map((c, i) => ({
      key: c.key,
      count: marks[i] ? null : c.count,
      suppressed: marks[i]!,
    })),
    total: totalSuppressed ? null : total,
    totalSuppressed,
  };
}
