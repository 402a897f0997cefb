import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';

/**
 * The lines of the claims paid in a period at an organisation and its descendants, read in keyset
 * pages (claim number, line position) so that memory does not grow with the number of rows. (The
 * platform's dialect has no cursor — pg-cursor is not installed — so Kysely's `.stream()` is not
 * available.) There is no cost centre in the schema: the organisation's name stands for it.
 */

export interface ExportScope {
  organisationId: string;
  /** YYYY-MM-DD, inclusive, on the payment's day. */
  from: string;
  to: string;
}

export interface ExportRow {
  claimNumber: number;
  position: number;
  paidOn: string;
  organisationName: string;
  personId: string;
  personName: string;
  category: 'expense' | 'payment';
  kind: string;
  activity: string | null;
  amountPence: number;
  vatPence: number | null;
}

/**
 * The lines (`l`) of the claims (`c`) paid (`p`) in the scope's period at its organisation (`o`)
 * or a descendant: what the finance exports and their totals read.
 */
export function paidLinesIn(db: Kysely<DB>, scope: ExportScope) {
  return db
    .selectFrom('money_payments as p')
    .innerJoin('money_claims as c', 'c.id', 'p.claim_id')
    .innerJoin('money_claim_lines as l', 'l.claim_id', 'c.id')
    .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
    .where('p.kind', '=', 'payment')
    .where('p.paid_on', '>=', scope.from)
    .where('p.paid_on', '<=', scope.to)
    .where((eb) =>
      eb.or([
        eb('o.id', '=', scope.organisationId),
        sql<boolean>`${scope.organisationId}::uuid = any(o.ancestors)`,
      ]),
    );
}

/** Yields the rows in claim number and line order, `pageSize` rows read at a time. */
export async function* streamExportRows(
  db: Kysely<DB>,
  scope: ExportScope,
  pageSize = 2000,
): AsyncGenerator<ExportRow> {
  let after: { claimNumber: number; position: number } | null = null;
  for (;;) {
    const page: ExportRow[] = await exportPage(db, scope, after, pageSize);
    yield* page;
    if (page.length < pageSize) return;
    after = page[page.length - 1]!;
  }
}

function exportPage(
  db: Kysely<DB>,
  scope: ExportScope,
  after: { claimNumber: number; position: number } | null,
  pageSize: number,
) {
  let query = paidLinesIn(db, scope)
    .innerJoin('people as pe', 'pe.id', 'c.person_id')
    .select([
      'c.number as claimNumber',
      'l.position',
      'p.paid_on as paidOn',
      'o.name_en as organisationName',
      'c.person_id as personId',
      'pe.display_name as personName',
      'l.category',
      'l.kind',
      'l.payment_activity_en as activity',
      'l.amount_pence as amountPence',
      'l.vat_pence as vatPence',
    ])
    .orderBy('c.number')
    .orderBy('l.position')
    .limit(pageSize);
  if (after) {
    query = query.where((eb) =>
      eb.or([
        eb('c.number', '>', after.claimNumber),
        eb.and([eb('c.number', '=', after.claimNumber), eb('l.position', '>', after.position)]),
      ]),
    );
  }
  return query.execute();
}
