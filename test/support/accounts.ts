import type { FastifyInstance, InjectOptions } from 'fastify';
import { generate } from 'otplib';
import { Agent, type TestApp } from './app.ts';
import { insertTestAccount, insertTestOrganisation, type TestOrganisation } from './fixture.ts';
import { hashPassword } from '#platform/auth/passwords.ts';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import type { Role } from '#platform/db/schema.ts';
import { decrypt } from '#platform/crypto/encryption.ts';

/**
 * Test helpers for signing in with a password: accounts with credentials, rate-limit-safe agents,
 * TOTP codes, the outbox and the audit rows. Organisations and accounts come from `fixture.ts`.
 */

export const PASSWORD = 'correct horse battery staple';

let ipCounter = 0;

/**
 * A browser-like client with its own IP address, so the per-IP rate limits of one test do
 * not spill into another.
 */
export function agentFor(
  t: TestApp,
  ip = `10.0.${Math.floor(++ipCounter / 250)}.${ipCounter % 250}`,
) {
  const app = t.app;
  const proxy = {
    inject: (options: InjectOptions) => app.inject({ ...options, remoteAddress: ip }),
  } as unknown as FastifyInstance;
  return new Agent(proxy);
}

/** A region, or a provider below `parent` (see `insertTestOrganisation`). */
export const createOrganisation = (
  t: TestApp,
  name: string,
  parent?: TestOrganisation,
  requiresMfa = false,
) =>
  insertTestOrganisation(t.services.db, {
    kind: parent ? 'provider' : 'region',
    nameEn: name,
    parent,
    requiresMfa,
  });

let accountCounter = 0;
const passwordHash = hashPassword(PASSWORD);

export async function createAccount(
  t: TestApp,
  options: {
    email?: string;
    name?: string;
    roles?: { organisationId: string; role: Role }[];
    platformAdmin?: boolean;
    mfaRequired?: boolean;
    password?: string | null;
    language?: 'en' | 'cy';
  } = {},
) {
  accountCounter += 1;
  const email = options.email ?? `person-${accountCounter}-${Date.now()}@test.example`;
  const id = await insertTestAccount(t.services.db, {
    email,
    name: options.name ?? `Person ${accountCounter}`,
    passwordHash:
      options.password === null
        ? null
        : options.password
          ? await hashPassword(options.password)
          : await passwordHash,
    platformAdmin: options.platformAdmin ?? false,
    mfaRequired: options.mfaRequired ?? false,
    language: options.language ?? 'en',
    roles: options.roles ?? [],
  });
  return { id, email };
}

/** Signs an agent in with e-mail and password (no MFA step expected). */
export async function signIn(t: TestApp, email: string, password = PASSWORD) {
  const agent = agentFor(t);
  await agent.get('/sign-in');
  const response = await agent.post('/sign-in', { email, password });
  if (response.statusCode !== 303) throw new Error(`sign-in failed: ${response.statusCode}`);
  return agent;
}

export const sessionCookie = (agent: Agent) => agent.cookies.get(SESSION_COOKIE);

/** The current TOTP code for an account whose MFA is set up. */
export async function currentCode(t: TestApp, accountId: string, offsetSteps = 0) {
  const row = await t.services.db
    .selectFrom('accounts')
    .select('totp_secret')
    .where('id', '=', accountId)
    .executeTakeFirstOrThrow();
  const secret = decrypt(
    row.totp_secret!,
    t.config.encryptionKey,
    `accounts.totp_secret:${accountId}`,
  );
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30 });
}

/** The last message the outbox holds for an address. */
export async function lastMessageTo(t: TestApp, address: string) {
  return t.services.db
    .selectFrom('outbox_messages')
    .selectAll()
    .where('recipient', '=', address)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The path of the first Cyd link in a message body. */
export function linkIn(body: string, publicUrl: string) {
  const match = new RegExp(`${publicUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/\\S+)`).exec(body);
  if (!match) throw new Error('No link in the message');
  return match[1]!;
}

export async function auditActions(t: TestApp, subjectId: string) {
  const rows = await t.services.db
    .selectFrom('audit_log')
    .select(['action', 'actor_account_id', 'details', 'organisation_id'])
    .where('subject_id', '=', subjectId)
    .orderBy('id')
    .execute();
  return rows;
}
