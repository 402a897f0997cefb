import crypto from 'node:crypto';
import type { Services } from '#platform/modules/contract.ts';
import type { Actor } from '#platform/auth/sessions.ts';

/**
 * What the involvement features' authorisation matrix rows share (their `authz.ts` files): who
 * may act where, rows for pages not about one organisation, and an account to prepare targets.
 */

export { anywhereAs, overSubtree, unscoped } from '#platform/permissions/matrix.ts';

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
