import crypto from 'node:crypto';
import { sql } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import { encrypt, type KeyRing } from '#platform/crypto/encryption.ts';
import type { Database } from '#platform/db/database.ts';
import { CONTACT_CONTEXT, receiveItem } from '../items/receive.ts';
import { findInbox } from '../items/repository.ts';
import type { FeedbackKind } from '../items/tables.ts';

/** Flood control: this many submissions from one client address to one inbox in the window. */
export const RATE = { max: 5, windowMinutes: 15 } as const;

export interface AnonymousFeedback {
  kind: FeedbackKind;
  body: string;
  language: 'en' | 'cy';
  /** A phone number or e-mail address to be told the outcome (encrypted), or none. */
  contact: string | null;
}

/**
 * The public side of feedback (issue 12 items 1 and 5): a service's anonymous form reached from
 * its poster's short link, and looking an item up by its receipt code. Nothing identifies the
 * contributor: no account, no session, no network address stored — only a keyed hash of the
 * address and inbox for the rate window, deleted when the window has passed.
 */
export function createPublicFeedback(deps: { db: Database; audit: AuditLog; keys: KeyRing }) {
  const { db, audit, keys } = deps;
  const key = Buffer.isBuffer(keys) ? keys : keys[0];
  if (!key) throw new Error('No encryption key');
  const rateSecret = crypto.createHmac('sha256', key).update('cyd feedback rate v1').digest();

  return {
    /** An open inbox by its short link code, with its service's names. */
    inboxByCode(code: string) {
      return findInbox(db, { code });
    },

    /**
     * Counts a submission from `clientAddress` to the inbox in the current window; false when
     * it is over the limit. Windows older than the limit are deleted as it goes.
     */
    async takeRate(clientAddress: string, code: string) {
      const hashed = crypto
        .createHmac('sha256', rateSecret)
        .update(`${clientAddress}\0${code}`)
        .digest('base64url');
      const window = sql`make_interval(mins => ${RATE.windowMinutes})`;
      const { rows } = await sql<{ count: number }>`
        insert into feedback_rate_windows as w (key, count) values (${hashed}, 1)
        on conflict (key) do update set
          count = case when w.window_started_at < now() - ${window} then 1 else w.count + 1 end,
          window_started_at = case when w.window_started_at < now() - ${window}
            then now() else w.window_started_at end
        returning count`.execute(db);
      await sql`delete from feedback_rate_windows where key in (select key
        from feedback_rate_windows where window_started_at < now() - ${window} limit 100)`.execute(
        db,
      );
      return (rows[0]?.count ?? 1) <= RATE.max;
    },

    /** Saves an anonymous item in the inbox; its receipt code. */
    async submit(organisationId: string, feedback: AnonymousFeedback) {
      const item = await receiveItem(
        { db, audit },
        {
          organisation_id: organisationId,
          channel: 'web',
          kind: feedback.kind,
          body: feedback.body,
          language: feedback.language,
          contact_encrypted: feedback.contact
            ? encrypt(feedback.contact, keys, CONTACT_CONTEXT)
            : null,
        },
        null,
      );
      return item.receiptCode;
    },

    /** What a contributor may see of their item by its receipt code: where it is, the outcome. */
    lookUp(code: string) {
      return db
        .selectFrom('feedback_items as f')
        .innerJoin('organisations as o', 'o.id', 'f.organisation_id')
        .select([
          'f.number',
          'f.kind',
          'f.status',
          'f.received_at as receivedAt',
          'f.outcome',
          'f.outcome_due_on as outcomeDueOn',
          'f.outcome_en as outcomeEn',
          'f.outcome_cy as outcomeCy',
          'f.escalated_at as escalatedAt',
          'o.name_en as nameEn',
          'o.name_cy as nameCy',
        ])
        .where('f.receipt_code', '=', code)
        .executeTakeFirst();
    },
  };
}

export type PublicFeedback = ReturnType<typeof createPublicFeedback>;
