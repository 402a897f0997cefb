import type { AuditRow } from '#platform/audit/audit-log.ts';
import type { Database } from '#platform/db/database.ts';
import {
  findOrganisation,
  organisationsWithin,
  type OrganisationRow,
  overlaps,
  type Scope,
} from '../subtrees.ts';

/**
 * Reads of the audit log for the viewer. Every query takes the actor's scope: the roots of
 * the organisation subtrees whose entries it may read, or null for everywhere (platform
 * administrators). Entries with no organisation are only in the "everywhere" scope.
 */
export { findOrganisation, type OrganisationRow, type Scope };

export interface EntryFilters {
  action?: string | undefined;
  actorId?: string | undefined;
  /** An organisation: its entries and those of the organisations below it. */
  organisationId?: string | undefined;
  subjectType?: string | undefined;
  subjectId?: string | undefined;
  /** Inclusive. */
  from?: Date | undefined;
  /** Exclusive. */
  to?: Date | undefined;
}

/** Keyset pagination on id: entries older than `before`, or newer than `after`. */
export interface PageCursor {
  before?: number | undefined;
  after?: number | undefined;
}

export interface EntryListRow {
  id: number;
  occurred_at: Date;
  actor_account_id: string | null;
  actor_name: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  organisation_id: string | null;
  organisation_name_en: string | null;
  organisation_name_cy: string | null;
}

export async function listEntries(
  db: Database,
  scope: Scope,
  filters: EntryFilters,
  cursor: PageCursor,
  limit: number,
): Promise<EntryListRow[]> {
  let query = db
    .selectFrom('audit_log as l')
    .leftJoin('accounts as a', 'a.id', 'l.actor_account_id')
    .leftJoin('organisations as o', 'o.id', 'l.organisation_id')
    .select([
      'l.id',
      'l.occurred_at',
      'l.actor_account_id',
      'a.name as actor_name',
      'l.action',
      'l.subject_type',
      'l.subject_id',
      'l.organisation_id',
      'o.name_en as organisation_name_en',
      'o.name_cy as organisation_name_cy',
    ]);
  // entries whose organisation lies in every one of these subtrees
  const within = organisationsWithin(db, scope, filters.organisationId);
  if (within) query = query.where('l.organisation_id', 'in', within);
  if (filters.action) query = query.where('l.action', '=', filters.action);
  if (filters.actorId) query = query.where('l.actor_account_id', '=', filters.actorId);
  if (filters.subjectType) query = query.where('l.subject_type', '=', filters.subjectType);
  if (filters.subjectId) query = query.where('l.subject_id', '=', filters.subjectId);
  if (filters.from) query = query.where('l.occurred_at', '>=', filters.from);
  if (filters.to) query = query.where('l.occurred_at', '<', filters.to);
  if (cursor.after !== undefined) {
    const rows = await query
      .where('l.id', '>', cursor.after)
      .orderBy('l.id', 'asc')
      .limit(limit)
      .execute();
    return rows.reverse();
  }
  if (cursor.before !== undefined) query = query.where('l.id', '<', cursor.before);
  return query.orderBy('l.id', 'desc').limit(limit).execute();
}

export interface EntryRow extends AuditRow {
  actor_name: string | null;
  organisation_name_en: string | null;
  organisation_name_cy: string | null;
  organisation_ancestors: string[] | null;
  /** The hash of the entry before this one (null for the first entry). */
  previous_hash: string | null;
}

export async function findEntry(db: Database, id: number): Promise<EntryRow | undefined> {
  const row = await db
    .selectFrom('audit_log as l')
    .leftJoin('accounts as a', 'a.id', 'l.actor_account_id')
    .leftJoin('organisations as o', 'o.id', 'l.organisation_id')
    .selectAll('l')
    .select((eb) => [
      'a.name as actor_name',
      'o.name_en as organisation_name_en',
      'o.name_cy as organisation_name_cy',
      'o.ancestors as organisation_ancestors',
      eb
        .selectFrom('audit_log as p')
        .select('p.hash')
        .whereRef('p.seq', '<', 'l.seq')
        .orderBy('p.seq', 'desc')
        .limit(1)
        .as('previous_hash'),
    ])
    .where('l.id', '=', id)
    .executeTakeFirst();
  return row;
}

/** Organisations in scope, by name, for the filter's list (at most `limit`). */
export function organisationsInScope(
  db: Database,
  scope: Scope,
  lang: 'en' | 'cy',
  limit: number,
): Promise<OrganisationRow[]> {
  let query = db.selectFrom('organisations').select(['id', 'ancestors', 'name_en', 'name_cy']);
  if (scope) query = query.where(overlaps('ancestors', scope));
  return query
    .orderBy(lang === 'cy' ? 'name_cy' : 'name_en')
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * The account with this e-mail address, if the scope reaches it: for an organisation
 * administrator, an account with a role somewhere in their subtrees (so the answer says
 * nothing about accounts elsewhere).
 */
export async function findAccountIdByEmail(
  db: Database,
  scope: Scope,
  email: string,
): Promise<string | undefined> {
  let query = db.selectFrom('accounts').select('accounts.id').where('email', '=', email);
  if (scope)
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships as m')
          .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
          .select('m.account_id')
          .whereRef('m.account_id', '=', 'accounts.id')
          .where(overlaps('o.ancestors', scope)),
      ),
    );
  return (await query.executeTakeFirst())?.id;
}
