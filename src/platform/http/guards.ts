import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor, PortalPerson } from '../auth/sessions.ts';
import { can, canAnywhere, type OrganisationRef, type Permission } from '../permissions/policy.ts';
import { HttpError } from './errors.ts';

/** preHandler: a signed-in staff account is required; others go to the sign-in page. */
export async function requireActor(request: FastifyRequest, reply: FastifyReply) {
  if (!request.actor) {
    await reply.redirect('/sign-in', 303);
    return reply;
  }
  if (request.session?.data.mfaSetupRequired === true && !request.url.startsWith('/account/mfa')) {
    await reply.redirect('/account/mfa/set-up', 303);
    return reply;
  }
  return undefined;
}

/** Route options for staff pages: `app.get(url, guarded, handler)`. */
export const guarded = { preHandler: requireActor };

/** The signed-in actor (after requireActor). */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new HttpError(404);
  return request.actor;
}

/**
 * Checks a permission at an organisation. An organisation the actor cannot even see answers
 * 404 (its existence is not disclosed); one it can see but not act on answers 403.
 */
export function authorise(
  request: FastifyRequest,
  permission: Permission,
  organisation: OrganisationRef,
) {
  const actor = actorOf(request);
  if (can(actor, permission, organisation)) return actor;
  throw new HttpError(can(actor, 'organisation.view', organisation) ? 403 : 404);
}

/** For pages that list across organisations: the actor must hold the permission somewhere. */
export function authoriseAnywhere(request: FastifyRequest, permission: Permission) {
  const actor = actorOf(request);
  if (!canAnywhere(actor, permission)) throw new HttpError(403);
  return actor;
}

/**
 * preHandler for the people's portal: a person signed in with a one-time code is required.
 * Anyone else — a visitor, or a staff account (staff sessions carry no person) — goes to the
 * portal's sign-in page. requireActor, in turn, never lets a person in.
 */
export async function requirePerson(request: FastifyRequest, reply: FastifyReply) {
  if (!request.person || request.actor) {
    await reply.redirect('/portal/sign-in', 303);
    return reply;
  }
  return undefined;
}

/** Route options for the portal's pages: `app.get(url, personGuarded, handler)`. */
export const personGuarded = { preHandler: requirePerson };

/** The signed-in person (after requirePerson). */
export function personOf(request: FastifyRequest): PortalPerson {
  if (!request.person) throw new HttpError(404);
  return request.person;
}
