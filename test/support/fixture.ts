import type { Kysely } from 'kysely';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import type { DB, OrganisationKind, Role } from '#platform/db/schema.ts';
import { Agent, type TestApp } from './app.ts';

/** Organisation trees and signed-in staff for route tests (shared set-up). */

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
  const { db, sessions } = t.services;
  const row = await db
    .insertInto('accounts')
    .values({
      email: account.email,
      name: account.name,
      ...(account.language ? { language: account.language } : {}),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('memberships')
    .values({ account_id: row.id, organisation_id: organisationId, role })
    .execute();
  const session = await sessions.create({ accountId: row.id });
  const agent = new Agent(t.app);
  agent.cookies.set(SESSION_COOKIE, session.id);
  const actor = (await sessions.load(session.id))!.actor!;
  return { agent, accountId: row.id, session, actor };
}
