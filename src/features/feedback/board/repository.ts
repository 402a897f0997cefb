import { sql, type RawBuilder } from 'kysely';
import type { Database } from '#platform/db/database.ts';
import type { FeedbackKind, Outcome } from '../items/tables.ts';

/** A board's items a page. */
export const PAGE_SIZE = 20;

/** Whose items a board shows: one service, or every service at or below an organisation. */
export type Within = { service: string } | { area: string };

const within = (where: Within): RawBuilder<boolean> =>
  'service' in where
    ? sql<boolean>`f.organisation_id = ${where.service}`
    : sql<boolean>`f.organisation_id in (select s.id from organisations s
        where s.ancestors @> array[${where.area}]::uuid[])`;

/** What a board may show: published, never a safeguarding item, never one merged into another. */
const onBoard = sql<boolean>`f.status = 'published' and f.published_at is not null
  and not f.safeguarding and f.merged_into_id is null`;

/** An organisation's names by id. */
export function findArea(db: Database, id: string) {
  return db
    .selectFrom('organisations')
    .select(['id', 'name_en as nameEn', 'name_cy as nameCy'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export interface SummaryRow {
  /** `all`: every item on the board; `recent`: the last 12 months; then by outcome, by theme. */
  by: 'all' | 'recent' | 'outcome' | 'theme';
  key: string | null;
  nameEn: string | null;
  nameCy: string | null;
  count: number;
}

/**
 * One query for a board's numbers: how many items it has in all (for its pages), and in the
 * last 12 months in all, by outcome and by theme.
 */
export async function boardSummary(db: Database, where: Within): Promise<SummaryRow[]> {
  const { rows } = await sql<SummaryRow>`
    with shown as materialized (
      select f.id, f.outcome, f.published_at >= now() - interval '12 months' as recent
      from feedback_items f
      where ${within(where)} and ${onBoard}
    )
    select 'all' as by, null as key, null as "nameEn", null as "nameCy", count(*)::int as count
      from shown
    union all
    select 'recent', null, null, null, count(*)::int from shown where recent
    union all
    select 'outcome', s.outcome, null, null, count(*)::int
      from shown s where s.recent and s.outcome is not null group by s.outcome
    union all
    select 'theme', t.id::text, t.name_en, t.name_cy, count(*)::int
      from shown s
      join feedback_item_themes it on it.item_id = s.id
      join feedback_themes t on t.id = it.theme_id
      where s.recent
      group by t.id`.execute(db);
  return rows;
}

export interface BoardItem {
  id: string;
  kind: FeedbackKind;
  outcome: Outcome | null;
  outcomeDueOn: string | null;
  outcomeEn: string | null;
  outcomeCy: string | null;
  /** The redacted quote, only when the contributor consented (null otherwise). */
  quoteEn: string | null;
  quoteCy: string | null;
  publishedAt: Date;
  serviceEn: string;
  serviceCy: string;
  /** The service's board code, when it has an open inbox. */
  code: string | null;
  themes: { en: string; cy: string }[];
}

/**
 * A page of a board's items, newest published first. Never the body, the contact details or the
 * person: only what was published, and the quote only with consent. The page's ids are found
 * first (from the index alone, when there is one that covers the board), then only those rows
 * are read.
 */
export function boardItems(
  db: Database,
  where: Within,
  page: { limit: number; offset: number },
): Promise<BoardItem[]> {
  const ids = db
    .selectFrom('feedback_items as f')
    .select('f.id')
    .where(within(where))
    .where(onBoard)
    .orderBy('f.published_at', 'desc')
    .orderBy('f.id', 'desc')
    .limit(page.limit)
    .offset(page.offset);
  return db
    .selectFrom(ids.as('page'))
    .innerJoin('feedback_items as f', 'f.id', 'page.id')
    .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
    .leftJoin('feedback_inboxes as i', (join) =>
      join.onRef('i.organisation_id', '=', 'f.organisation_id').on('i.enabled', '=', true),
    )
    .select((eb) => [
      'f.id',
      'f.kind',
      'f.outcome',
      'f.outcome_due_on as outcomeDueOn',
      'f.outcome_en as outcomeEn',
      'f.outcome_cy as outcomeCy',
      sql<string | null>`case when f.quote_consent then f.quote_en end`.as('quoteEn'),
      sql<string | null>`case when f.quote_consent then f.quote_cy end`.as('quoteCy'),
      'f.published_at as publishedAt',
      'o.name_en as serviceEn',
      'o.name_cy as serviceCy',
      'i.code',
      eb
        .selectFrom('feedback_item_themes as it')
        .innerJoin('feedback_themes as t', 't.id', 'it.theme_id')
        .whereRef('it.item_id', '=', 'f.id')
        .select(
          sql<{ en: string; cy: string }[]>`coalesce(json_agg(json_build_object(
            'en', t.name_en, 'cy', t.name_cy) order by t.name_en), '[]')`.as('themes'),
        )
        .as('themes'),
    ])
    .orderBy('f.published_at', 'desc')
    .orderBy('f.id', 'desc')
    .execute() as Promise<BoardItem[]>;
}
