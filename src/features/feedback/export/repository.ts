import { sql, type Kysely } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import type { DB } from '#platform/db/schema.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import { visibleTo } from '../items/repository.ts';

type Db = Kysely<DB>;

/**
 * The items of an export, read in keyset pages so that memory does not grow with the number of
 * items (the national data has a million): service by service (by name), each service's items
 * oldest first by (received_at, number), `pageSize` at a time from the service's inbox index.
 * Only the items the actor may see, by the inbox's own rule (`visibleTo`: a safeguarding item only
 * for its named lead and those holding feedback.safeguarding).
 *
 * Never read: contact details, the receipt code (it opens the item's receipt page), who gave the
 * feedback (a person on the register), who recorded or owns it, the quote.
 */

export interface ExportScope {
  /** The organisation chosen: its items and those of every service below it. */
  organisationId: string;
  /** Received at or after this moment, and before `until`. */
  from: Date;
  until: Date;
  /** The language of the themes (the rest is translated by the writer). */
  language: Language;
}

export type ExportRow = Awaited<ReturnType<typeof exportPage>>[number];

/** Yields the items the actor may see in the scope, service by service. */
export async function* exportRows(
  db: Db,
  actor: Actor,
  scope: ExportScope,
  pageSize = 2000,
): AsyncGenerator<ExportRow> {
  for (const service of await servicesWithItems(db, scope)) {
    let after: ExportRow | null = null;
    for (;;) {
      const page: ExportRow[] = await exportPage(db, actor, service.id, scope, after, pageSize);
      yield* page;
      if (page.length < pageSize) break;
      after = page[page.length - 1]!;
    }
  }
}

/** The organisation and those below it that received items in the period, by name. */
function servicesWithItems(db: Db, scope: ExportScope) {
  return db
    .selectFrom('organisations as o')
    .select('o.id')
    .where(sql<boolean>`o.ancestors @> array[${scope.organisationId}]::uuid[]`)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('feedback_items as f')
          .select(sql`1`.as('one'))
          .whereRef('f.organisation_id', '=', 'o.id')
          .where('f.received_at', '>=', scope.from)
          .where('f.received_at', '<', scope.until),
      ),
    )
    .orderBy(
      scope.language === 'cy' ? sql`coalesce(nullif(o.name_cy, ''), o.name_en)` : 'o.name_en',
    )
    .orderBy('o.id')
    .execute();
}

/** One page of a service's items after `after` (its received_at, exactly, and number). */
function exportPage(
  db: Db,
  actor: Actor,
  serviceId: string,
  scope: ExportScope,
  after: { cursor: string; number: number } | null,
  pageSize: number,
) {
  const theme = sql.ref(scope.language === 'cy' ? 't.name_cy' : 't.name_en');
  let query = db
    .selectFrom('feedback_items as f')
    .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
    .leftJoin('feedback_items as kept', 'kept.id', 'f.merged_into_id')
    .select([
      'f.number',
      // the moment to the microsecond, for the next page (a Date keeps milliseconds only)
      sql<string>`f.received_at::text`.as('cursor'),
      'f.received_at as receivedAt',
      'f.channel',
      'f.kind',
      'f.status',
      'o.name_en as nameEn',
      'o.name_cy as nameCy',
      (eb) =>
        eb
          .selectFrom('feedback_item_themes as it')
          .innerJoin('feedback_themes as t', 't.id', 'it.theme_id')
          .select(sql<string>`string_agg(${theme}, '; ' order by ${theme})`.as('names'))
          .whereRef('it.item_id', '=', 'f.id')
          .as('themes'),
      'f.urgency',
      'f.language',
      'f.body',
      'f.safeguarding',
      'kept.number as mergedInto',
      'f.outcome',
      sql<string | null>`f.outcome_due_on::text`.as('doneBy'),
      'f.outcome_en as outcomeEn',
      'f.outcome_cy as outcomeCy',
      'f.published_at as publishedAt',
      sql<string | null>`f.acknowledge_by::text`.as('acknowledgeBy'),
      sql<string | null>`f.respond_by::text`.as('respondBy'),
      'f.escalated_at as escalatedAt',
      'f.escalated_reason as escalatedReason',
    ])
    .where('f.organisation_id', '=', serviceId)
    .where(visibleTo(actor))
    .where('f.received_at', '>=', scope.from)
    .where('f.received_at', '<', scope.until)
    .orderBy('f.received_at')
    .orderBy('f.number')
    .limit(pageSize);
  if (after) {
    query = query.where(
      sql<boolean>`(f.received_at, f.number) > (${after.cursor}::timestamptz, ${after.number})`,
    );
  }
  return query.execute();
}
