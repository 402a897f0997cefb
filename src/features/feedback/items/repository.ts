import { sql, type Kysely } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import type { DB, Role } from '#platform/db/schema.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import { feedbackStatuses, type FeedbackKind, type FeedbackStatus } from './tables.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

type Db = Kysely<DB>;

export const PAGE_SIZE = 25;
/** Lists count at most this many (and say "more than"): a count of a million rows is not cheap. */
export const COUNT_CAP = 10_000;

/** The loop's open steps: not yet published or closed. */
export const openStatuses = ['received', 'acknowledged', 'looking', 'decided'] as const;

/**
 * The items (`feedback_items as f` joined to `organisations as o`) an actor may see: those of the
 * services where they hold feedback.view; a safeguarding item only if they are its named lead or
 * hold feedback.safeguarding there (administrators).
 */
export const visibleTo = (actor: Actor) => visibleWith(viewerOf(actor));

/** What decides which items an actor may see: their scopes and who they are. */
export type Viewer = {
  id: string;
  view: readonly string[] | null;
  safeguarding: readonly string[] | null;
};

export const viewerOf = (actor: Actor): Viewer => ({
  id: actor.id,
  view: scopeOf(actor, 'feedback.view'),
  safeguarding: scopeOf(actor, 'feedback.safeguarding'),
});

/** `visibleTo`, from the viewer's scopes and id. */
export const visibleWith = ({ id, view, safeguarding }: Viewer) =>
  sql<boolean>`(${inSubtrees(view)} and (not f.safeguarding
    or f.safeguarding_lead_id = ${id} or ${inSubtrees(safeguarding)}))`;

export interface InboxFilter {
  status: 'open' | 'all' | FeedbackStatus;
  kind: FeedbackKind | null;
  organisationId: string | null;
  mine: boolean;
}

/**
 * Up to this page, the inbox's page is found service by service and step by step; further on,
 * over all the items at once (see `inboxQueries`).
 */
const PAGES_BY_SERVICE = 10;

/**
 * The inbox's two queries: a page of the items the actor may see, newest first, with the filter
 * applied, and their count stopped at COUNT_CAP + 1 (the national bench explains them).
 *
 * The first pages are found service by service and step by step (`feedback_items_inbox_idx`:
 * one service's items at one step, newest first), taking from each at most as many as the pages
 * up to this one hold: a region's first page reads a few thousand index entries rather than
 * every item of the region. Deeper pages read that many from every service, which costs more than
 * reading all the items once, so they do that.
 */
export function inboxQueries(db: Db, actor: Actor, filter: InboxFilter, page: number) {
  const statuses: readonly FeedbackStatus[] =
    filter.status === 'open'
      ? openStatuses
      : filter.status === 'all'
        ? feedbackStatuses
        : [filter.status];
  const inService = (id: string) => sql<boolean>`o.ancestors @> array[${id}]::uuid[]`;
  let base = db
    .selectFrom('feedback_items as f')
    .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
    .where(visibleTo(actor))
    .where('f.merged_into_id', 'is', null);
  if (filter.status !== 'all') base = base.where('f.status', 'in', statuses);
  if (filter.kind) base = base.where('f.kind', '=', filter.kind);
  if (filter.organisationId) base = base.where(inService(filter.organisationId));
  if (filter.mine) base = base.where('f.owner_account_id', '=', actor.id);

  let byService = db
    .selectFrom('organisations as o')
    .where(inSubtrees(scopeOf(actor, 'feedback.view')));
  if (filter.organisationId) byService = byService.where(inService(filter.organisationId));
  // the page's items by their numbers (the inbox index holds all a service-and-step scan needs)
  const newest =
    page > PAGES_BY_SERVICE
      ? base.select(['f.number', 'f.received_at', 'o.name_en', 'o.name_cy'])
      : byService
          .innerJoinLateral(
            sql<{ status: FeedbackStatus }>`unnest(${sql.val(statuses)}::text[])`.as<'s'>(
              sql`s(status)`,
            ),
            (join) => join.onTrue(),
          )
          .innerJoinLateral(
            (eb) => {
              let items = eb
                .selectFrom('feedback_items as f')
                .select(['f.number', 'f.received_at'])
                .whereRef('f.organisation_id', '=', 'o.id')
                .whereRef('f.status', '=', 's.status')
                .where(visibleTo(actor))
                .where('f.merged_into_id', 'is', null);
              if (filter.kind) items = items.where('f.kind', '=', filter.kind);
              if (filter.mine) items = items.where('f.owner_account_id', '=', actor.id);
              return items
                .orderBy('f.received_at', 'desc')
                .orderBy('f.number', 'desc')
                .limit(page * PAGE_SIZE)
                .as('f');
            },
            (join) => join.onTrue(),
          )
          .select(['f.number', 'f.received_at', 'o.name_en', 'o.name_cy']);
  // then what the page shows of them, and their owners' names (one lookup each)
  const rows = db
    .selectFrom(
      newest
        .orderBy('f.received_at', 'desc')
        .orderBy('f.number', 'desc')
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .as('p'),
    )
    .innerJoin('feedback_items as i', 'i.number', 'p.number')
    .select([
      'i.id',
      'i.number',
      'i.kind',
      'i.channel',
      'i.status',
      'i.urgency',
      'i.safeguarding',
      'i.received_at as receivedAt',
      sql<string | null>`i.acknowledge_by::text`.as('acknowledgeBy'),
      sql<string | null>`i.respond_by::text`.as('respondBy'),
      'i.escalated_at as escalatedAt',
      sql<string>`left(i.body, 120)`.as('excerpt'),
      'p.name_en as nameEn',
      'p.name_cy as nameCy',
      (eb) =>
        eb
          .selectFrom('accounts as a')
          .select('a.name')
          .whereRef('a.id', '=', 'i.owner_account_id')
          .as('owner'),
    ])
    .orderBy('p.received_at', 'desc')
    .orderBy('p.number', 'desc');
  const count = db
    .selectFrom(
      base
        .select(sql`1`.as('one'))
        .limit(COUNT_CAP + 1)
        .as('capped'),
    )
    .select(sql<number>`count(*)::int`.as('n'));
  // the count rides along with the page's rows (run once, as an init plan): one statement, one
  // round trip; a page past the end has no row to carry it, and asks `count` alone
  return { rows: rows.select(count.as('counted')).$narrowType<{ counted: number }>(), count };
}

/** A page of the inbox: the items the actor may see, newest first, with the filter applied. */
export async function inboxPage(db: Db, actor: Actor, filter: InboxFilter, page: number) {
  const queries = inboxQueries(db, actor, filter, page);
  const rows = await queries.rows.execute();
  const counted =
    rows[0]?.counted ?? (page === 1 ? 0 : (await queries.count.executeTakeFirstOrThrow()).n);
  const total = Math.min(counted, COUNT_CAP);
  return {
    rows,
    total,
    capped: counted > COUNT_CAP,
    page,
    pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
  };
}
export type InboxRow = Awaited<ReturnType<typeof inboxPage>>['rows'][number];

/** An item with its service (undefined: none). */
export function findItem(db: Db, id: string) {
  return db
    .selectFrom('feedback_items as f')
    .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
    .leftJoin('accounts as owner', 'owner.id', 'f.owner_account_id')
    .leftJoin('accounts as recorder', 'recorder.id', 'f.recorded_by')
    .leftJoin('accounts as lead', 'lead.id', 'f.safeguarding_lead_id')
    .leftJoin('feedback_items as into', 'into.id', 'f.merged_into_id')
    .selectAll('f')
    .select([
      sql<string | null>`f.outcome_due_on::text`.as('dueOn'),
      sql<string | null>`f.acknowledge_by::text`.as('acknowledgeByDay'),
      sql<string | null>`f.respond_by::text`.as('respondByDay'),
      'o.ancestors',
      'o.name_en as nameEn',
      'o.name_cy as nameCy',
      'owner.name as ownerName',
      'recorder.name as recorderName',
      'lead.name as leadName',
      'into.number as mergedIntoNumber',
    ])
    .where('f.id', '=', id)
    .executeTakeFirst();
}
export type ItemRow = NonNullable<Awaited<ReturnType<typeof findItem>>>;

/** An open (enabled) inbox and its service's names. */
export interface Inbox {
  organisationId: string;
  code: string;
  keyword: string | null;
  nameEn: string;
  nameCy: string;
}

/**
 * An open inbox by its short link code (the public form, the board), its text keyword (texted
 * feedback) or its organisation (the posters).
 */
export function findInbox(
  db: Db,
  by: { code: string } | { keyword: string } | { organisationId: string },
): Promise<Inbox | undefined> {
  const [column, value] =
    'code' in by
      ? (['i.code', by.code] as const)
      : 'keyword' in by
        ? (['i.keyword', by.keyword] as const)
        : (['i.organisation_id', by.organisationId] as const);
  return db
    .selectFrom('feedback_inboxes as i')
    .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
    .select([
      'i.organisation_id as organisationId',
      'i.code',
      'i.keyword',
      'o.name_en as nameEn',
      'o.name_cy as nameCy',
    ])
    .where(column, '=', value)
    .where('i.enabled', '=', true)
    .executeTakeFirst();
}

/** An item of a service by its number (for merging a duplicate). */
export function itemByNumber(db: Db, organisationId: string, number: number) {
  return db
    .selectFrom('feedback_items')
    .select(['id', 'number', 'merged_into_id as mergedIntoId', 'safeguarding'])
    .where('organisation_id', '=', organisationId)
    .where('number', '=', number)
    .executeTakeFirst();
}

/** The items merged into this one, as duplicates. */
export function duplicatesOf(db: Db, itemId: string) {
  return db
    .selectFrom('feedback_items')
    .select(['id', 'number', 'channel', 'received_at as receivedAt'])
    .where('merged_into_id', '=', itemId)
    .orderBy('number')
    .execute();
}

/** The item's themes. */
export function themesOf(db: Db, itemId: string) {
  return db
    .selectFrom('feedback_item_themes as it')
    .innerJoin('feedback_themes as t', 't.id', 'it.theme_id')
    .select(['t.id', 't.name_en as nameEn', 't.name_cy as nameCy'])
    .where('it.item_id', '=', itemId)
    .orderBy('t.name_en')
    .execute();
}

/** The themes (`t`) offered to a service: its own, its organisations' above it, and everyone's. */
function offeredThemes(db: Db, ancestors: readonly string[]) {
  return db
    .selectFrom('feedback_themes as t')
    .where((eb) =>
      eb.or([
        eb('t.organisation_id', 'is', null),
        eb('t.organisation_id', '=', eb.fn.any(eb.val([...ancestors]))),
      ]),
    )
    .where('t.archived_at', 'is', null);
}

/** The themes offered to a service, by name. */
export function themesOffered(db: Db, ancestors: readonly string[]) {
  return offeredThemes(db, ancestors)
    .select(['t.id', 't.name_en as nameEn', 't.name_cy as nameCy'])
    .orderBy('t.name_en')
    .execute();
}

/** The accounts (`a`) holding one of the roles at a service or above it (not disabled). */
function withRoles(db: Db, ancestors: readonly string[], roles: readonly Role[]) {
  return db
    .selectFrom('accounts as a')
    .where('a.disabled_at', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships as m')
          .select(sql`1`.as('one'))
          .whereRef('m.account_id', '=', 'a.id')
          .where('m.organisation_id', '=', eb.fn.any(eb.val([...ancestors])))
          .where('m.role', 'in', [...roles]),
      ),
    );
}

/** Accounts that may own an item at a service: holding one of the roles there or above. */
export function accountsWithRoles(db: Db, ancestors: readonly string[], roles: readonly Role[]) {
  return withRoles(db, ancestors, roles)
    .select(['a.id', 'a.name', 'a.email', 'a.language'])
    .orderBy('a.name')
    .limit(200)
    .execute();
}

/**
 * Whether what a form chose is offered at a service, in one query: every theme among those
 * offered (`themesOffered`), and the account, if any, one holding one of the roles there or above
 * (as `accountsWithRoles`).
 */
export async function offeredAt(
  db: Db,
  ancestors: readonly string[],
  chosen: { themeIds?: readonly string[]; account?: { id: string; roles: readonly Role[] } },
) {
  const themeIds = [...(chosen.themeIds ?? [])];
  const { account } = chosen;
  const found = await db
    .selectNoFrom((eb) => [
      offeredThemes(db, ancestors)
        .where('t.id', '=', eb.fn.any(eb.val(themeIds)))
        .select(sql<number>`count(*)::int`.as('n'))
        .as('themes'),
      account
        ? eb
            .exists(
              withRoles(db, ancestors, account.roles).where('a.id', '=', account.id).select('a.id'),
            )
            .as('account')
        : sql<boolean>`true`.as('account'),
    ])
    .executeTakeFirstOrThrow();
  return found.themes === themeIds.length && found.account;
}
