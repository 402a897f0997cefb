import type { Kysely } from 'kysely';
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
