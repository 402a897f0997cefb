import type { Actor } from '../auth/sessions.ts';
import type { Role } from '../db/schema.ts';

/**
 * Declarative rows of the authorisation matrix (test/authz/matrix.test.ts runs them against
 * the running app). Each feature declares a row for every route it registers, in
 * src/features/<feature>/authz.ts.
 */
export type ActorKind = 'platform_admin' | Role;
export const actorKinds: ActorKind[] = [
  'platform_admin',
  'organisation_admin',
  'commissioner',
  'involvement_lead',
  'staff',
  'viewer',
];

/**
 * Where the target organisation sits relative to the actor's own organisation:
 * own (the same), parent (the actor's organisation is above the target), child (the
 * actor's organisation is below the target), unrelated (another branch of the tree).
 */
export type Relationship = 'own' | 'parent' | 'child' | 'unrelated';
export const relationships: Relationship[] = ['own', 'parent', 'child', 'unrelated'];

export interface MatrixFixture {
  /** Organisation ids by relationship to the actors' organisation. */
  organisations: Record<Relationship, string>;
  /** Creates a throwaway staff account with a membership at the organisation (for rows that change or disable one). */
  createStaffAccount(organisationId: string): Promise<string>;
  /** Runs SQL-free helpers a feature needs to prepare a target (e.g. a record to archive). */
  services: unknown;
  /** A platform administrator to prepare targets through services (the same one every time). */
  setUpActor(): Promise<Actor>;
}

export interface MatrixRequest {
  method: 'GET' | 'POST';
  url: string;
  form?: Record<string, string | string[]>;
}

export type Access =
  /** Anyone, signed in or not. */
  | 'public'
  /** Any signed-in staff account, whatever its roles. */
  | 'signed-in'
  /** Only a person signed in to the people's portal: never a visitor or a staff account. */
  | 'person'
  /** Only the actor kinds listed, at the relationships listed. */
  | Partial<Record<ActorKind, Relationship[]>>;

export interface MatrixRow {
  /** "METHOD /path/:param" exactly as registered with Fastify. */
  route: string;
  access: Access;
  /** Builds the request for a target organisation (prepare any record the route needs). */
  request(fixture: MatrixFixture, target: string): Promise<MatrixRequest> | MatrixRequest;
  /** Routes not about one organisation run once per actor, with the actor's own organisation. */
  organisationScoped?: boolean;
}

/** Every relationship: the platform administrator's and commissioners' reach. */
export const everywhere: Relationship[] = ['own', 'parent', 'child', 'unrelated'];
/** The actor's organisation and those below it. */
export const subtree: Relationship[] = ['own', 'parent'];

/** Platform administrators everywhere; the roles given over their organisation's subtree. */
export const overSubtree = (...roles: readonly Role[]): Access => ({
  platform_admin: everywhere,
  ...Object.fromEntries(roles.map((role) => [role, subtree])),
});

/** Pages not about one organisation (a list, a start page): platform administrators and the roles given. */
export const anywhereAs = (...roles: readonly Role[]): Access => ({
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

/** Builds something a row needs at the target organisation (a url, a record to act on). */
type AtTarget<T> = (fixture: MatrixFixture, target: string) => T | Promise<T>;

/**
 * A row for a route about one organisation: the method comes from the route ("POST /x/:id"),
 * `url` gives the address at the target (preparing any record it names), `form` is posted with it.
 */
export function scoped(
  route: string,
  access: Access,
  url: AtTarget<string>,
  form?: MatrixRequest['form'],
): MatrixRow {
  const method = route.split(' ')[0] as MatrixRequest['method'];
  return {
    route,
    access,
    request: async (fixture, target) => ({ method, url: await url(fixture, target), form }),
  };
}

/**
 * A portal page, for the person signed in to the portal only (the matrix person belongs to the
 * actors' own organisation): `url` gives the address there, or the row is requested at its own path.
 */
export function personal(
  route: string,
  url?: AtTarget<string>,
  form?: MatrixRequest['form'],
): MatrixRow {
  if (!url) return unscoped(route, 'person', { form });
  const row = scoped(route, 'person', url, form);
  return {
    ...row,
    organisationScoped: false,
    request: (fixture) => row.request(fixture, fixture.organisations.own),
  };
}
