import crypto from 'node:crypto';
import type { Insertable } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Database } from '#platform/db/database.ts';
import { complaintDeadlines } from '../deadlines/deadlines.ts';
import type { FeedbackItemsTable } from './tables.ts';

/** The encryption context of contact details left with feedback. */
export const CONTACT_CONTEXT = 'feedback contact';

/** Receipt codes: 8 of these (no 0/O, 1/I/L look-alikes), about 40 bits. */
const RECEIPT_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

export function receiptCode() {
  const bytes = crypto.randomBytes(8);
  return Array.from(bytes, (b) => RECEIPT_ALPHABET[b % RECEIPT_ALPHABET.length]).join('');
}

/** F-000123. */
export const itemNumber = (number: number) => `F-${String(number).padStart(6, '0')}`;

const duplicate = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';

export type NewItem = Omit<
  Insertable<FeedbackItemsTable>,
  'receipt_code' | 'acknowledge_by' | 'respond_by'
>;

/**
 * Puts an item in its service's inbox, from any channel: a fresh receipt code, a complaint's
 * deadlines from the service's timescales, audited as `feedback.received` (no one named: the
 * channel, the kind and whether contact details were left). Its id, number and receipt code.
 */
export async function receiveItem(
  deps: { db: Database; audit: AuditLog },
  item: NewItem,
  actorAccountId: string | null,
) {
  for (let attempt = 0; ; attempt += 1) {
    const code = receiptCode();
    try {
      return await deps.db.transaction().execute(async (trx) => {
        const deadlines =
          item.kind === 'complaint'
            ? await complaintDeadlines(trx, item.organisation_id, new Date())
            : {};
        const row = await trx
          .insertInto('feedback_items')
          .values({ ...item, ...deadlines, receipt_code: code, recorded_by: actorAccountId })
          .returning(['id', 'number'])
          .executeTakeFirstOrThrow();
        await deps.audit.record(
          {
            actorAccountId,
            action: 'feedback.received',
            subjectType: 'feedback_item',
            subjectId: row.id,
            organisationId: item.organisation_id,
            details: {
              number: itemNumber(row.number),
              channel: item.channel,
              kind: item.kind,
              contact: Boolean(item.contact_encrypted),
              named: Boolean(item.person_id),
            },
          },
          trx,
        );
        return { ...row, receiptCode: code };
      });
    } catch (error) {
      if (!duplicate(error) || attempt >= 3) throw error;
    }
  }
}
