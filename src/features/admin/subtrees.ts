import { sql } from 'kysely';
import type { Database } from '#platform/db/database.ts';

/**
 * Reads by organisation subtree, shared by the audit viewer and the outbox: a scope is the roots
 * of the subtrees an actor may read, or null for everywhere (platform administrators).
 */
export type Scope = string[] | null;

/** The row's ancestors (a uuid[] column) include one of these organisations. */
export const overlaps = (column: string, ids: string[]) =>
  sql<boolean>`${sql.ref(column)} && ${sql.val(ids)}::uuid[]`;

/**
 * The ids of the organisations in the scope and (when a filter names one) below that
 * organisation too; undefined when neither limits anything.
 */
export function organisationsWithin(db: Database, scope: Scope, organisationId?: string) {
  const subtrees = [scope, organisationId ? [organisationId] : null].filter(
    (ids): ids is string[] => ids !== null,
  );
  if (!subtrees.length) return undefined;
  let inner = db.selectFrom('organisations as s').select('s.id');
  for (const ids of subtrees) inner = inner.where(overlaps('s.ancestors', ids));
  return inner;
}

export interface OrganisationRow {
  id: string;
  ancestors: string[];
  name_en: string;
  name_cy: string;
}

/** An organisation by id, with its ancestors and names (for a filter and its authorisation). */
export function findOrganisation(db: Database, id: string): Promise<OrganisationRow | undefined> {
  return db
    .selectFrom('organisations')
    .select(['id', 'ancestors', 'name_en', 'name_cy'])
    .where('id', '=', id)
    .executeTakeFirst();
}
