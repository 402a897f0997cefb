import { sql, type Selectable } from 'kysely';
import type { Database } from '#platform/db/database.ts';
import type { OutboxMessagesTable } from '#platform/db/schema.ts';
import {
  findOrganisation,
  organisationsWithin,
  type OrganisationRow,
  type Scope,
} from '../subtrees.ts';
import type { Channel } from '#platform/notify/notifier.ts';

/**
 * Reads of the outbox. The scope is the roots of the organisation subtrees whose messages the
 * actor may read, or null for everywhere (platform administrators); messages with no
 * organisation are only in the "everywhere" scope.
 */
export { findOrganisation, type OrganisationRow, type Scope };

export interface MessageFilters {
  channel?: Channel | undefined;
  /** An organisation: its messages and those of the organisations below it. */
  organisationId?: string | undefined;
}

/** Keyset pagination on (created_at, id): messages older than `before`, or newer than `after`. */
export interface PageCursor {
  before?: string | undefined;
  after?: string | undefined;
}

/** A message as sent, with the organisation it was sent for. */
export interface MessageRow extends Selectable<OutboxMessagesTable> {
  organisation_name_en: string | null;
  organisation_name_cy: string | null;
  organisation_ancestors: string[] | null;
}

function selectMessages(db: Database) {
  return db
    .selectFrom('outbox_messages as m')
    .leftJoin('organisations as o', 'o.id', 'm.organisation_id')
    .select([
      'm.id',
      'm.organisation_id',
      'o.name_en as organisation_name_en',
      'o.name_cy as organisation_name_cy',
      'o.ancestors as organisation_ancestors',
      'm.channel',
      'm.recipient',
      'm.language',
      'm.template',
      'm.subject',
      'm.body',
      'm.reference',
      'm.created_at',
    ]);
}

export async function listMessages(
  db: Database,
  scope: Scope,
  filters: MessageFilters,
  cursor: PageCursor,
  limit: number,
): Promise<MessageRow[]> {
  let query = selectMessages(db);
  const within = organisationsWithin(db, scope, filters.organisationId);
  if (within) query = query.where('m.organisation_id', 'in', within);
  if (filters.channel) query = query.where('m.channel', '=', filters.channel);
  const at = (id: string) =>
    sql`(select c.created_at, c.id from outbox_messages c where c.id = ${id})`;
  if (cursor.after !== undefined) {
    const rows = await query
      .where(sql<boolean>`(m.created_at, m.id) > ${at(cursor.after)}`)
      .orderBy('m.created_at', 'asc')
      .orderBy('m.id', 'asc')
      .limit(limit)
      .execute();
    return rows.reverse();
  }
  if (cursor.before !== undefined)
    query = query.where(sql<boolean>`(m.created_at, m.id) < ${at(cursor.before)}`);
  return query.orderBy('m.created_at', 'desc').orderBy('m.id', 'desc').limit(limit).execute();
}

export function findMessage(db: Database, id: string): Promise<MessageRow | undefined> {
  return selectMessages(db).where('m.id', '=', id).executeTakeFirst();
}
