import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Actor } from '../auth/sessions.ts';
import type { DB } from '../db/schema.ts';
import { HttpError } from '../http/errors.ts';
import { can, type Permission } from './policy.ts';

/**
 * The organisation a page is asked about, when the actor holds the permission there; 404
 * otherwise, so that an organisation outside the actor's scope is not disclosed.
 */
export async function organisationInScope(
  db: Kysely<DB>,
  actor: Actor,
  permission: Permission,
  id: string,
) {
  const row = await db
    .selectFrom('organisations')
    .select(['id', 'name_en as nameEn', 'name_cy as nameCy', 'ancestors'])
    .where('id', '=', id)
    .executeTakeFirst();
  if (!row || !can(actor, permission, row)) throw new HttpError(404);
  return row;
}

/**
 * SQL: the organisation (`alias`, by default `o`: the organisations table) is in the subtrees of
 * a permission's scope (`scopeOf`): null is everywhere, an empty scope nowhere.
 */
export function inSubtrees(scope: readonly string[] | null, alias = 'o'): RawBuilder<boolean> {
  if (scope === null) return sql<boolean>`true`;
  if (scope.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${sql.ref(`${alias}.ancestors`)} && ${sql.val(scope)}::uuid[]`;
}

/**
 * SQL on `o` (organisations): the first rows of a breakdown by organisation. The children of
 * the organisation chosen; without one, the top of the scope (its roots not below another of
 * its roots), or the top-level organisations for a scope of everywhere (null).
 */
export function breakdownTop(chosen: { id: string } | null | undefined, scope: string[] | null) {
  if (chosen) return sql<boolean>`o.parent_id = ${chosen.id}`;
  if (scope === null) return sql<boolean>`o.parent_id is null`;
  return sql<boolean>`o.id = any(${sql.val(scope)}::uuid[])
    and not (o.ancestors[1:array_length(o.ancestors, 1) - 1] && ${sql.val(scope)}::uuid[])`;
}

/**
 * SQL: the row's organisation (`column`, e.g. `m.organisation_id`) is `organisationId` or one
 * below it. The organisations' ids come first, so the rows are read through the column's index.
 */
export const atOrBelow = (column: string, organisationId: string) =>
  sql<boolean>`${sql.ref(column)} = any(array(select o.id from organisations o
    where o.ancestors @> array[${organisationId}]::uuid[]))`;
