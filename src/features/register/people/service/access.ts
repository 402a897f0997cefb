import type { Actor } from '#platform/auth/sessions.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import type { Viewer } from '../repository.ts';

/**
 * Who may see and change a person's record: staff by organisation scope, commissioners by
 * consent, a person by being themselves.
 */

/** Someone signed in to the people's portal, acting on their own record. */
export interface PortalPerson {
  personId: string;
}
/** Who is acting: a staff account, or the person themselves. */
export type Who = Actor | PortalPerson;
export const isPerson = (who: Who): who is PortalPerson => 'personId' in who;

/** How much of a record the viewer sees. */
export type Access = 'full' | 'consented' | 'self';

/** The audit log's actor: the staff account, or none when the person acts themselves. */
export const actorIdOf = (who: Who) => (isPerson(who) ? null : who.id);

export function viewerOf(who: Who): Viewer {
  if (isPerson(who)) return { view: [], consented: [], self: who.personId };
  return {
    view: scopeOf(who, 'person.view'),
    consented: scopeOf(who, 'person.view_consented') ?? [],
  };
}

const overlaps = (a: string[], b: string[]) => a.some((x) => b.includes(x));

/** May `who` change this person's record? */
export function canManagePerson(who: Who, person: { id: string; scopeIds: string[] }) {
  if (isPerson(who)) return who.personId === person.id;
  return holdsForPerson(who, 'person.manage', person);
}

/** Does a staff member hold the permission at one of the person's organisations? */
export function holdsForPerson(
  who: Who,
  permission: 'person.manage' | 'person.rights' | 'equality.record',
  person: { scopeIds: string[] },
) {
  if (isPerson(who)) return false;
  const scope = scopeOf(who, permission);
  return scope === null || overlaps(person.scopeIds, scope);
}

export function accessOf(who: Who, person: { id: string; scopeIds: string[] }): Access {
  if (isPerson(who)) return 'self';
  const scope = scopeOf(who, 'person.view');
  return scope === null || overlaps(person.scopeIds, scope) ? 'full' : 'consented';
}
