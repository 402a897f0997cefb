import type { Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import { actorIdOf, canManagePerson, isPerson, viewerOf, type Who } from './access.ts';
import { decryptPerson } from './person-view.ts';
import * as repository from '../repository.ts';

export interface PeopleDependencies {
  db: Database;
  audit: AuditLog;
  keys: KeyRing;
}

/** Loads a person for a change: 404 if invisible, 403 if visible but not the viewer's. */
async function lockForChange(trx: Kysely<DB>, who: Who, id: string) {
  const locked = await repository.lockPerson(trx, viewerOf(who), id);
  if (!locked || locked.erasedAt) throw new HttpError(404);
  if (!canManagePerson(who, locked)) throw new HttpError(403);
  return locked;
}
type LockedPerson = Awaited<ReturnType<typeof lockForChange>>;

/** What every command of the people service shares: transactions, loading and the audit. */
export function peopleContext({ db, audit, keys }: PeopleDependencies) {
  return {
    db,
    keys,

    /** Runs `work` in the caller's transaction if there is one, else in a new one. */
    inTransaction: <T>(trx: Kysely<DB> | undefined, work: (trx: Kysely<DB>) => Promise<T>) =>
      trx?.isTransaction ? work(trx) : db.transaction().execute(work),

    decrypt: (record: repository.PersonRecord, who: Who) => decryptPerson(keys, record, who),

    /** Runs a change to a person's record in one transaction, with the person's row locked. */
    changing: <T>(
      who: Who,
      id: string,
      work: (trx: Kysely<DB>, locked: LockedPerson) => Promise<T>,
    ) =>
      db.transaction().execute(async (trx) => {
        const locked = await lockForChange(trx, who, id);
        return work(trx, locked);
      }),

    /** Records an audit entry about the person, inside the command's transaction. */
    record: (
      trx: Kysely<DB>,
      who: Who,
      action: string,
      person: { id: string; organisationId: string },
      details: Record<string, unknown> = {},
    ) =>
      audit.record(
        {
          actorAccountId: actorIdOf(who),
          action,
          subjectType: 'person',
          subjectId: person.id,
          organisationId: person.organisationId,
          details: isPerson(who) ? { ...details, by: 'person' } : details,
        },
        trx,
      ),
  };
}

export type PeopleContext = ReturnType<typeof peopleContext>;
