import type { Kysely } from 'kysely';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import type { DB, OrganisationKind, Role } from '#platform/db/schema.ts';
import { Agent, type TestApp } from './app.ts';

/** Organisation trees and signed-in staff for route tests (shared set-up). */

/** The audit entries about a subject (of one action if given), oldest first. */
export const auditAbout = (db: Kysely<DB>, subjectId: string, action?: string) =>
  db
    .selectFrom('audit_log')
    .selectAll()
    .where('subject_id', '=', subjectId)
    .$if(action !== undefined, (qb) => qb.where('action', '=', action!))
    .orderBy('id')
    .execute();

/** The audit entries appended while `work` runs, oldest first. */
export async function auditedDuring(db: Kysely<DB>, work: () => Promise<unknown>) {
  const last = await db
    .selectFrom('audit_log')
    .select('id')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  await work();
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('id', '>', last?.id ?? 0)
    .orderBy('id')
    .execute();
}

export interface TestOrganisation {
  id: string;
  /** Root first, including the organisation itself. */
  ancestors: string[];
}

/** An organisation below `parent` (or a root), with its ancestors filled in. */
export async function insertTestOrganisation(
  db: Kysely<DB>,
  options: {
    nameEn: string;
    nameCy?: string;
    kind: OrganisationKind;
    parent?: TestOrganisation | undefined;
    requiresMfa?: boolean;
  },
): Promise<TestOrganisation> {
  const row = await db
    .insertInto('organisations')
    .values({
      kind: options.kind,
      name_en: options.nameEn,
      name_cy: options.nameCy ?? `${options.nameEn} (cy)`,
      parent_id: options.parent?.id ?? null,
      ancestors: [],
      requires_mfa: options.requiresMfa ?? false,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const ancestors = [...(options.parent?.ancestors ?? []), row.id];
  await db.updateTable('organisations').set({ ancestors }).where('id', '=', row.id).execute();
  return { id: row.id, ancestors };
}

export interface TestAccount {
  email: string;
  name: string;
  language?: 'en' | 'cy';
  platformAdmin?: boolean;
  mfaRequired?: boolean;
  /** A password hash; absent leaves the column's default (no password). */
  passwordHash?: string | null;
  /** Memberships, in order. */
  roles?: { organisationId: string; role: Role }[];
}

/** A staff account with its memberships; only the given columns are set. Returns its id. */
export async function insertTestAccount(db: Kysely<DB>, account: TestAccount) {
  const row = await db
    .insertInto('accounts')
    .values({
      email: account.email,
      name: account.name,
      ...(account.passwordHash !== undefined ? { password_hash: account.passwordHash } : {}),
      ...(account.platformAdmin !== undefined ? { platform_admin: account.platformAdmin } : {}),
      ...(account.mfaRequired !== undefined ? { mfa_required: account.mfaRequired } : {}),
      ...(account.language ? { language: account.language } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const { organisationId, role } of account.roles ?? [])
    await db
      .insertInto('memberships')
      .values({ account_id: row.id, organisation_id: organisationId, role })
      .execute();
  return row.id;
}

/** A session for the account: an `Agent` carrying its cookie, the session and the actor. */
export async function signedInAs(t: TestApp, accountId: string) {
  const { sessions } = t.services;
  const session = await sessions.create({ accountId });
  const agent = new Agent(t.app);
  agent.cookies.set(SESSION_COOKIE, session.id);
  const actor = (await sessions.load(session.id))!.actor!;
  return { agent, accountId, session, actor };
}

/** A browser signed in to the people's portal as the person. */
export async function signedInPerson(t: TestApp, personId: string) {
  const session = await t.services.sessions.create({ personId });
  const agent = new Agent(t.app);
  agent.cookies.set(SESSION_COOKIE, session.id);
  return agent;
}

/** A new account (see `insertTestAccount`), signed in. */
export async function signedInAccount(t: TestApp, account: TestAccount) {
  return signedInAs(t, await insertTestAccount(t.services.db, account));
}

/**
 * A staff account holding `role` at the organisation, signed in: an `Agent` carrying its session
 * cookie, the account id, the session and the loaded actor.
 */
export async function signedInStaff(
  t: TestApp,
  role: Role,
  organisationId: string,
  account: { email: string; name: string; language?: 'en' | 'cy' },
) {
  return signedInAccount(t, { ...account, roles: [{ organisationId, role }] });
}

/**
 * A new provider, "<label> provider", and a member of its staff in `role`, signed in (e-mail
 * `<label>-<role>@test.example`): for tests that need one of each.
 */
export async function staffOfNewProvider(
  t: TestApp,
  role: Role,
  label: string,
  language?: 'en' | 'cy',
) {
  const organisation = await insertTestOrganisation(t.services.db, {
    nameEn: `${label} provider`,
    kind: 'provider',
  });
  const slug = `${label}-${role}`.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  const staff = await signedInStaff(t, role, organisation.id, {
    email: `${slug}@test.example`,
    name: `${label} ${role.replace('_', ' ')}`,
    ...(language ? { language } : {}),
  });
  return { organisation, ...staff };
}

/**
 * A test file's organisations by name and its signed-in staff: `add('Region')`,
 * `add('Provider A', 'Region')` (a root is a region, anything below a provider, unless `kind`
 * says), or several at once with `addAll({ Region: null, 'Provider A': 'Region' })`, then `signedIn('involvement_lead', 'Provider A')`. `org` holds the organisations, `ids`
 * their ids. Accounts are numbered `<label>-N@test.example`.
 */
export function organisationTree(app: () => TestApp, label: string, name = `${label} tester`) {
  const org: Record<string, TestOrganisation> = {};
  const ids: Record<string, string> = {};
  let accounts = 0;
  const add = async (
    key: string,
    parent?: string,
    options: {
      kind?: OrganisationKind;
      nameEn?: string;
      nameCy?: string;
      requiresMfa?: boolean;
    } = {},
  ) => {
    org[key] = await insertTestOrganisation(app().services.db, {
      nameEn: key,
      kind: parent ? 'provider' : 'region',
      parent: parent ? org[parent] : undefined,
      ...options,
    });
    ids[key] = org[key].id;
    return org[key];
  };
  return {
    org,
    ids,
    add,
    /** Adds each organisation in turn under its parent (null: a region at the root). */
    addAll: async (parents: Record<string, string | null>) => {
      for (const [key, parent] of Object.entries(parents)) await add(key, parent ?? undefined);
    },
    signedIn: async (role: Role, at: string, language?: 'en' | 'cy') => {
      accounts += 1;
      const { agent, accountId, actor } = await signedInStaff(app(), role, org[at]!.id, {
        email: `${label}-${String(accounts)}@test.example`,
        name: `${name} ${String(accounts)}`,
        ...(language ? { language } : {}),
      });
      return { agent, accountId, actor };
    },
  };
}
