import { sql, type InferResult } from 'kysely';
import type { Database } from '../db/database.ts';
import type { Role } from '../db/schema.ts';
import { hashToken, randomToken } from './tokens.ts';

export const SESSION_COOKIE = '__Host-cyd-session';

export interface Membership {
  organisationId: string;
  role: Role;
  /** The organisation's ancestors, root first, including itself. */
  ancestors: string[];
}

export interface Actor {
  id: string;
  name: string;
  email: string;
  language: 'en' | 'cy';
  platformAdmin: boolean;
  mfaEnabled: boolean;
  memberships: Membership[];
}

/** A person on the register signed in to the people's portal (never a staff account). */
export interface PortalPerson {
  id: string;
  displayName: string;
  language: 'en' | 'cy';
  status: 'active' | 'paused' | 'moved_on';
  organisationId: string;
}

export interface Session {
  id: string;
  csrfToken: string;
  accountId: string | null;
  pendingAccountId: string | null;
  /** The person of a portal session (sessions.person_id); a session is staff or person, never both. */
  personId: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
  lastSeenAt: Date;
  actor: Actor | null;
  person: PortalPerson | null;
}

export interface SessionTimeouts {
  idleMs: number;
  absoluteMs: number;
}

/** Only touch last_seen_at this often, to keep a page to one session query. */
const TOUCH_EVERY_MS = 60_000;

/** Server-side sessions in PostgreSQL: ids are 192-bit random, stored hashed. */
export function createSessionStore(db: Database, timeouts: SessionTimeouts) {
  // The session's query runs on every page: its SQL is made once, and each page gives it the
  // hash of its session id (Kysely's building and compiling was ~3 % of a list page's CPU).
  const sessionQuery = (idHash: string) =>
    db
      .selectFrom('sessions as s')
      .leftJoin('accounts as a', (join) =>
        join.onRef('a.id', '=', 's.account_id').on('a.disabled_at', 'is', null),
      )
      .leftJoin('people as p', (join) =>
        join.onRef('p.id', '=', 's.person_id').on('p.erased_at', 'is', null),
      )
      .select([
        's.csrf_token',
        's.account_id',
        's.pending_account_id',
        's.person_id',
        'p.id as person_ref_id',
        'p.display_name as person_name',
        'p.preferred_language as person_language',
        'p.status as person_status',
        'p.organisation_id as person_organisation_id',
        's.data',
        's.created_at',
        's.last_seen_at',
        's.expires_at',
        'a.id as actor_id',
        'a.name',
        'a.email',
        'a.language',
        'a.platform_admin',
        'a.mfa_enabled_at',
        sql<Membership[] | null>`(
          select json_agg(json_build_object('organisationId', m.organisation_id, 'role', m.role, 'ancestors', o.ancestors))
          from memberships m join organisations o on o.id = m.organisation_id and o.archived_at is null
          where m.account_id = a.id)`.as('memberships'),
      ])
      .where('s.id_hash', '=', idHash);
  const compiled = sessionQuery('').compile();
  if (compiled.parameters.length !== 1) throw new Error('The session query takes one parameter');

  async function load(id: string): Promise<Session | null> {
    const {
      rows: [row],
    } = await db.executeQuery<InferResult<ReturnType<typeof sessionQuery>>[number]>({
      ...compiled,
      parameters: [hashToken(id)],
    });
    if (!row) return null;
    const now = Date.now();
    const expired =
      row.expires_at.getTime() <= now || row.last_seen_at.getTime() + timeouts.idleMs <= now;
    // a signed-in session whose account was disabled (or removed) has ended
    // ... and so has a portal session whose person was erased
    if (expired || (row.account_id && !row.actor_id) || (row.person_id && !row.person_ref_id)) {
      await destroy(id);
      return null;
    }
    if (now - row.last_seen_at.getTime() > TOUCH_EVERY_MS) {
      await db
        .updateTable('sessions')
        .set({ last_seen_at: new Date(now) })
        .where('id_hash', '=', hashToken(id))
        .execute();
    }
    return {
      id,
      csrfToken: row.csrf_token,
      accountId: row.account_id,
      pendingAccountId: row.pending_account_id,
      personId: row.person_id,
      data: row.data,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      actor: row.actor_id
        ? {
            id: row.actor_id,
            name: row.name!,
            email: row.email!,
            language: row.language!,
            platformAdmin: row.platform_admin!,
            mfaEnabled: row.mfa_enabled_at !== null,
            memberships: row.memberships ?? [],
          }
        : null,
      person: row.person_ref_id
        ? {
            id: row.person_ref_id,
            displayName: row.person_name!,
            language: row.person_language!,
            status: row.person_status!,
            organisationId: row.person_organisation_id!,
          }
        : null,
    };
  }

  async function create(
    fields: {
      accountId?: string | null;
      pendingAccountId?: string | null;
      personId?: string | null;
      data?: Record<string, unknown>;
    } = {},
  ): Promise<Session> {
    const id = randomToken(24);
    const csrfToken = randomToken(24);
    const now = new Date();
    await db
      .insertInto('sessions')
      .values({
        id_hash: hashToken(id),
        csrf_token: csrfToken,
        account_id: fields.accountId ?? null,
        pending_account_id: fields.pendingAccountId ?? null,
        person_id: fields.personId ?? null,
        data: JSON.stringify(fields.data ?? {}),
        expires_at: new Date(now.getTime() + timeouts.absoluteMs),
      })
      .execute();
    return {
      id,
      csrfToken,
      accountId: fields.accountId ?? null,
      pendingAccountId: fields.pendingAccountId ?? null,
      personId: fields.personId ?? null,
      data: fields.data ?? {},
      createdAt: now,
      lastSeenAt: now,
      actor: null,
      person: null,
    };
  }

  async function destroy(id: string) {
    await db.deleteFrom('sessions').where('id_hash', '=', hashToken(id)).execute();
  }

  async function saveData(id: string, data: Record<string, unknown>) {
    await db
      .updateTable('sessions')
      .set({ data: JSON.stringify(data) })
      .where('id_hash', '=', hashToken(id))
      .execute();
  }

  /**
   * Changes some keys of a session's data in one statement (`remove` first, then `set`), so two
   * requests of the same session at once (two tabs) do not overwrite each other's keys.
   */
  async function patchData(id: string, set: Record<string, unknown>, remove: string[] = []) {
    await db
      .updateTable('sessions')
      .set({
        data: sql`(data - ${sql.val(remove)}::text[]) || ${JSON.stringify(set)}::jsonb`,
      })
      .where('id_hash', '=', hashToken(id))
      .execute();
  }

  /** Ends every session of an account: on disabling, password change and sign-out everywhere. */
  async function destroyForAccount(accountId: string) {
    await db
      .deleteFrom('sessions')
      .where((eb) =>
        eb.or([eb('account_id', '=', accountId), eb('pending_account_id', '=', accountId)]),
      )
      .execute();
  }

  /** Ends every portal session of a person: on erasure, and when they sign out everywhere. */
  async function destroyForPerson(personId: string) {
    await db.deleteFrom('sessions').where('person_id', '=', personId).execute();
  }

  async function deleteExpired(now = new Date()) {
    const idleCutoff = new Date(now.getTime() - timeouts.idleMs);
    const result = await db
      .deleteFrom('sessions')
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleCutoff)]))
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  return {
    load,
    create,
    destroy,
    saveData,
    patchData,
    destroyForAccount,
    destroyForPerson,
    deleteExpired,
  };
}

export type SessionStore = ReturnType<typeof createSessionStore>;
