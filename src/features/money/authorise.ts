import type { Kysely } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import type { DB } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import type { Services } from '#platform/modules/contract.ts';
import { can, type Permission } from '#platform/permissions/policy.ts';
import { authoriseAt, findOrganisation } from '#features/admin';

/**
 * The organisation if the actor holds `permission` there: 404 when there is none, and 403 when
 * the actor may see it without the permission, else 404 (`authoriseAt`). Money's services check
 * each organisation (or the organisation of a claim, batch or meeting) with it.
 */
export async function organisationWhere(
  db: Kysely<DB>,
  actor: Actor,
  organisationId: string,
  permission: Permission,
) {
  const organisation = await findOrganisation(db, organisationId);
  if (!organisation) throw new HttpError(404);
  authoriseAt(actor, permission, organisation);
  return organisation;
}

/**
 * The person, read through the register (which audits the read as `person.viewed` with
 * `section`), if the actor may see their whole record (else 404) and holds `permission` at one of
 * their organisations (else 403).
 */
export async function personWhere(
  findPerson: Services['people']['findPersonForActor'],
  actor: Actor,
  personId: string,
  permission: 'money.view' | 'money.claim',
  section: string,
) {
  const person = await findPerson(actor, personId, { section });
  if (person.access !== 'full') throw new HttpError(404);
  if (!can(actor, permission, { id: person.organisationId, ancestors: person.scopeIds }))
    throw new HttpError(403);
  return person;
}
