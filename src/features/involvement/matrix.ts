import crypto from 'node:crypto';
import type { Services } from '#app/services.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Role } from '#platform/db/schema.ts';
import {
  everywhere,
  subtree,
  type Access,
  type MatrixRequest,
  type MatrixRow,
} from '#platform/permissions/matrix.ts';

/**
 * What the involvement features' authorisation matrix rows share (their `authz.ts` files): who
 * may act where, rows for pages not about one organisation, and an account to prepare targets.
 */

/** Platform administrators everywhere; the roles given over their organisation's subtree. */
export const overSubtree = (...roles: Role[]): Access => ({
  platform_admin: everywhere,
  ...Object.fromEntries(roles.map((role) => [role, subtree])),
});

/** Pages not about one organisation: platform administrators and the roles given. */
export const anywhereAs = (...roles: Role[]): Access => ({
  platform_admin: ['own'],
  ...Object.fromEntries(roles.map((role) => [role, ['own']])),
});

/**
 * A row for a route not about one organisation, requested at its own path ("GET /panels");
 * `request` adds a form or another url.
 */
export function unscoped(
  route: string,
  access: Access,
  request: Partial<MatrixRequest> = {},
): MatrixRow {
  const [method, url] = route.split(' ') as ['GET' | 'POST', string];
  return { route, access, organisationScoped: false, request: () => ({ method, url, ...request }) };
}

const setUpActors = new WeakMap<object, Promise<Actor>>();

/** A platform administrator that prepares matrix targets (one per app under test). */
export function matrixSetUpActor(services: Services): Promise<Actor> {
  let actor = setUpActors.get(services);
  if (!actor) {
    const email = `matrix-involvement-${crypto.randomUUID()}@test.example`;
    actor = services.db
      .insertInto('accounts')
      .values({ email, name: 'Matrix set-up', platform_admin: true })
      .returning('id')
      .executeTakeFirstOrThrow()
      .then(({ id }) => ({
        id,
        name: 'Matrix set-up',
        email,
        language: 'en' as const,
        platformAdmin: true,
        mfaEnabled: true,
        memberships: [],
      }));
    setUpActors.set(services, actor);
  }
  return actor;
}
