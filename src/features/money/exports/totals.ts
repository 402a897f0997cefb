import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { csvLine } from '#platform/exports/cells.ts';
import { paidLinesIn, type ExportScope } from './repository.ts';

/**
 * The totals of a period's paid lines by organisation, category and activity (or kind, for
 * expenses), as CSV: one grouped query, a row per group.
 */
export async function writeFinanceTotalsCsv(
  db: Kysely<DB>,
  scope: ExportScope,
  write: (chunk: string) => Promise<void> | void,
): Promise<number> {
  const rows = await paidLinesIn(db, scope)
    .select([
      'o.name_en as organisation',
      'l.category',
      sql<string>`coalesce(l.payment_activity_en, l.kind)`.as('activity'),
      sql<string>`sum(l.amount_pence)::bigint`.as('pence'),
      sql<number>`count(*)::int`.as('lines'),
    ])
    .groupBy(['o.name_en', 'l.category', sql`coalesce(l.payment_activity_en, l.kind)`])
    .orderBy('o.name_en')
    .orderBy('l.category')
    .orderBy(sql`coalesce(l.payment_activity_en, l.kind)`)
    .execute();
  await write(csvLine(['organisation', 'category', 'activity_or_kind', 'lines', 'amount_pence']));
  for (const row of rows)
    await write(
      csvLine([row.organisation, row.category, row.activity, row.lines, Number(row.pence)]),
    );
  return rows.length;
}
