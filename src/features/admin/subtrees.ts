import { sql } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, type Permission } from '#platform/permissions/policy.ts';

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

/** 404 unless the actor can see the organisation; 403 unless it holds the permission there. */
export function authoriseAt(
  actor: Actor,
  permission: Permission,
  organisation: { id: string; ancestors: string[] },
) {
  if (can(actor, permission, organisation)) return;
  throw new HttpError(can(actor, 'organisation.view', organisation) ? 403 : 404);
}

/**
 * Whether the actor may read a row kept for an organisation (an audit entry, a message): a row
 * of no organisation is for platform administrators only; others as `authoriseAt` says.
 */
export function authoriseRow(
  actor: Actor,
  permission: Permission,
  row: { organisation_id: string | null; organisation_ancestors: string[] | null },
) {
  if (row.organisation_id === null || row.organisation_ancestors === null) {
    if (!actor.platformAdmin) throw new HttpError(404);
  } else
    authoriseAt(actor, permission, {
      id: row.organisation_id,
      ancestors: row.organisation_ancestors,
    });
}
