import crypto from 'node:crypto';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import { hashToken, safeEqual } from '#platform/auth/tokens.ts';
import type { ContactService } from '../contact/index.ts';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import type { Database } from '#platform/db/database.ts';
import { createLogger } from '#platform/http/logger.ts';
import type { JobsLogger } from '#platform/jobs/types.ts';
import { lookupHash } from '../people/protected-fields.ts';
import type { SignInContact } from './schema.ts';

/** A sign-in code works for ten minutes, once, and survives five wrong guesses. */
export const CODE_LIFETIME_MS = 10 * 60_000;
export const MAX_CODE_ATTEMPTS = 5;
/** Codes a person can be sent in a window, whoever asks (on top of the per-address limit). */
export const CODES_PER_PERSON = { max: 3, windowMs: 15 * 60_000 } as const;

export type CodeCheck =
  | { outcome: 'signed_in'; personId: string }
  | { outcome: 'wrong' }
  | { outcome: 'expired' }
  | { outcome: 'used' }
  | { outcome: 'too_many' };

/** The code's hash, bound to its row: a code copied to another row is worth nothing. */
const codeHash = (codeId: string, code: string) => hashToken(`portal-code:${codeId}:${code}`);

/** Six digits, evenly spread (no modulo bias). */
const newCode = () => crypto.randomInt(0, 1_000_000).toString().padStart(6, '0');

/**
 * The people's portal: one-time sign-in codes, and the requests people make from it. Changes to
 * the record itself go through the people service (P1), with the person as the one acting.
 * Audit entries name the person as subject, no account as actor, and `details.by = 'person'`.
 */
export function createPortalService(
  deps: {
    db: Database;
    audit: AuditLog;
    keys: KeyRing;
    contact: ContactService;
    logger?: JobsLogger;
  },
  options: { logLevel?: string } = {},
) {
  const { db, audit, keys, contact } = deps;
  const logger = deps.logger ?? createLogger('portal', options.logLevel);

  const recordForPerson = (
    executor: Parameters<AuditLog['record']>[1],
    person: { id: string; organisationId: string },
    action: string,
    details: Record<string, unknown> = {},
  ) =>
    audit.record(
      {
        actorAccountId: null,
        action,
        subjectType: 'person',
        subjectId: person.id,
        organisationId: person.organisationId,
        details: { ...details, by: 'person' },
      },
      executor,
    );

  /**
   * Finds the person and, when exactly one matches, queues and sends the code (row `id`). The
   * request does not wait for it, so the visitor cannot time it.
   */
  async function deliverCode(id: string, contactInput: SignInContact) {
    const hash = lookupHash(
      keys,
      contactInput.channel === 'sms' ? 'phone' : 'email',
      contactInput.value,
    );
    const column = contactInput.channel === 'sms' ? 'phone_lookup' : 'email_lookup';
    const matches = await db
      .selectFrom('people')
      .select(['id', 'organisation_id'])
      .where(column, '=', hash)
      .where('erased_at', 'is', null)
      .limit(2)
      .execute();
    const [person] = matches;
    if (!person || matches.length > 1) return;
    const code = newCode();
    const queued = await db.transaction().execute(async (trx) => {
      // One request at a time per person: the count below cannot race another request.
      await trx
        .selectFrom('people')
        .select('id')
        .where('id', '=', person.id)
        .forUpdate()
        .executeTakeFirst();
      const recent = await trx
        .selectFrom('portal_codes')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('person_id', '=', person.id)
        .where('created_at', '>', new Date(Date.now() - CODES_PER_PERSON.windowMs))
        .executeTakeFirstOrThrow();
      if (Number(recent.n) >= CODES_PER_PERSON.max) return null;
      const message = await contact.contactPerson(trx, {
        personId: person.id,
        organisationId: person.organisation_id,
        template: 'portalCode',
        personalisation: { code },
        purpose: 'record',
        channel: contactInput.channel,
        immediate: true,
        sensitive: true,
      });
      if (message.status !== 'queued') return null;
      await trx
        .insertInto('portal_codes')
        .values({
          id,
          person_id: person.id,
          code_hash: codeHash(id, code),
          channel: contactInput.channel,
          expires_at: new Date(Date.now() + CODE_LIFETIME_MS),
        })
        .execute();
      await recordForPerson(
        trx,
        { id: person.id, organisationId: person.organisation_id },
        'portal.code_sent',
        { channel: contactInput.channel },
      );
      return { messageId: message.messageId };
    });
    if (!queued) return;
    // The person is waiting: send now, after the commit (the job would only be a fallback).
    await contact.sendNow(queued.messageId);
  }

  /** Deliveries still under way (awaited when the app closes, and by tests). */
  const deliveries = new Set<Promise<void>>();

  return {
    /**
     * Sends a sign-in code when the number or address matches exactly one person on the register,
     * through the safe-contact function (purpose 'record': about their own account). Returns the
     * id the code will have at once, whoever the contact is: the look-up, the queueing and the
     * sending start only once `answered` settles (the answer has gone), so the request does the
     * same work, in the same time, for a contact on the register, an unknown one, or one who has
     * had too many codes lately, with no delivery competing with it for the CPU or the database.
     */
    requestCode(contactInput: SignInContact, answered: Promise<unknown>): string {
      const id = crypto.randomUUID();
      const start = () => deliverCode(id, contactInput);
      const delivery = answered.then(start, start).catch((error: unknown) => {
        logger.error({ err: error }, 'a portal sign-in code could not be sent');
      });
      deliveries.add(delivery);
      void delivery.finally(() => deliveries.delete(delivery));
      return id;
    },

    /** Resolves when every code asked for so far has been sent (or has failed). */
    async settled() {
      while (deliveries.size > 0) await Promise.allSettled([...deliveries]);
    },

    /** Checks a code against the one sent for this sign-in; a right code can be used once. */
    async checkCode(codeId: string | null, code: string): Promise<CodeCheck> {
      if (!codeId) return { outcome: 'wrong' };
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('portal_codes as c')
          .innerJoin('people as p', 'p.id', 'c.person_id')
          .select([
            'c.id',
            'c.person_id',
            'c.code_hash',
            'c.attempts',
            'c.expires_at',
            'c.used_at',
            'p.organisation_id',
            'p.erased_at',
          ])
          .where('c.id', '=', codeId)
          .forUpdate()
          .executeTakeFirst();
        if (!row || row.erased_at) return { outcome: 'wrong' as const };
        if (row.used_at) return { outcome: 'used' as const };
        if (row.attempts >= MAX_CODE_ATTEMPTS) return { outcome: 'too_many' as const };
        if (row.expires_at.getTime() <= Date.now()) return { outcome: 'expired' as const };
        const person = { id: row.person_id, organisationId: row.organisation_id };
        if (!safeEqual(codeHash(row.id, code), row.code_hash)) {
          const attempts = row.attempts + 1;
          await trx
            .updateTable('portal_codes')
            .set({ attempts })
            .where('id', '=', row.id)
            .execute();
          await recordForPerson(trx, person, 'portal.sign_in_failed', { attempts });
          return attempts >= MAX_CODE_ATTEMPTS
            ? { outcome: 'too_many' as const }
            : { outcome: 'wrong' as const };
        }
        await trx
          .updateTable('portal_codes')
          .set({ used_at: new Date() })
          .where('id', '=', row.id)
          .execute();
        await recordForPerson(trx, person, 'portal.signed_in');
        return { outcome: 'signed_in' as const, personId: row.person_id };
      });
    },

    /**
     * The person's language: every message, letter and portal page from now on. Recorded as the
     * people feature records a change to the contact section.
     */
    async changeLanguage(person: { id: string; organisationId: string }, language: 'en' | 'cy') {
      await db.transaction().execute(async (trx) => {
        const before = await trx
          .selectFrom('people')
          .select('preferred_language')
          .where('id', '=', person.id)
          .where('erased_at', 'is', null)
          .forUpdate()
          .executeTakeFirst();
        if (!before || before.preferred_language === language) return;
        await trx
          .updateTable('people')
          .set({ preferred_language: language, updated_at: new Date() })
          .where('id', '=', person.id)
          .execute();
        await recordForPerson(trx, person, 'person.updated', {
          section: 'contact',
          fields: ['preferredLanguage'],
        });
      });
    },

    async recordSignOut(person: { id: string; organisationId: string }) {
      await recordForPerson(db, person, 'portal.signed_out');
    },

    /** The person downloaded everything Cyd holds about them. */
    async recordDataDownloaded(person: { id: string; organisationId: string }) {
      await recordForPerson(db, person, 'portal.data_downloaded');
    },

    /**
     * A request to be paused or removed from the register, for staff to act on (they see open
     * requests on the person's record: `openRequests`). Nothing changes on the record until then;
     * asking to be removed also withdraws consent to be contacted, at once.
     */
    async requestChange(
      person: { id: string; organisationId: string },
      kind: 'pause' | 'remove',
      note: string | null,
    ) {
      return db.transaction().execute(async (trx) => {
        const row = await trx
          .insertInto('person_requests')
          .values({ person_id: person.id, organisation_id: person.organisationId, kind, note })
          .returning('id')
          .executeTakeFirstOrThrow();
        await recordForPerson(
          trx,
          person,
          kind === 'pause' ? 'portal.pause_requested' : 'portal.removal_requested',
          { requestId: row.id, withNote: note !== null },
        );
        return row.id;
      });
    },

    /** Requests from the portal that staff have not yet dealt with, newest first. */
    openRequests(personId: string) {
      return db
        .selectFrom('person_requests')
        .select(['id', 'kind', 'note', 'created_at'])
        .where('person_id', '=', personId)
        .where('resolved_at', 'is', null)
        .orderBy('created_at', 'desc')
        .execute();
    },
  };
}

export type PortalService = ReturnType<typeof createPortalService>;
