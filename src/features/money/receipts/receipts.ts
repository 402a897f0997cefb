import type { Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import type { ReceiptMediaType } from '../claims/tables.ts';

/** The largest receipt kept: a phone's photo fits; the database's check says the same. */
export const MAX_RECEIPT_BYTES = 10 * 1024 * 1024;

/**
 * Keeps a receipt for one line of a claim and marks the line's receipt uploaded (a receipt
 * already seen by staff stays so); audited against the person, without the file.
 */
export async function saveReceipt(
  db: Database,
  audit: AuditLog,
  receipt: {
    claim: { id: string; organisationId: string; personId: string };
    lineId: string;
    mediaType: ReceiptMediaType;
    content: Buffer;
    by: { accountId: string | null; via: 'portal' | 'staff' };
  },
) {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('money_receipts')
      .values({
        line_id: receipt.lineId,
        media_type: receipt.mediaType,
        byte_size: receipt.content.length,
        content: receipt.content,
        uploaded_by: receipt.by.accountId,
        uploaded_via: receipt.by.via,
      })
      .execute();
    await trx
      .updateTable('money_claim_lines')
      .set({ receipt: 'uploaded' })
      .where('id', '=', receipt.lineId)
      .where('receipt', 'in', ['needed', 'not_needed'])
      .execute();
    await audit.record(
      {
        actorAccountId: receipt.by.accountId,
        action: 'money.receipt_uploaded',
        subjectType: 'person',
        subjectId: receipt.claim.personId,
        organisationId: receipt.claim.organisationId,
        details: {
          claimId: receipt.claim.id,
          lineId: receipt.lineId,
          mediaType: receipt.mediaType,
          bytes: receipt.content.length,
          via: receipt.by.via,
        },
      },
      trx,
    );
  });
}

/** The newest receipt of a line of the claim (undefined: none). */
export function latestReceipt(db: Kysely<DB>, claimId: string, lineId: string) {
  return db
    .selectFrom('money_receipts as r')
    .innerJoin('money_claim_lines as l', 'l.id', 'r.line_id')
    .select(['r.id', 'r.media_type as mediaType', 'r.content', 'r.uploaded_at as uploadedAt'])
    .where('r.line_id', '=', lineId)
    .where('l.claim_id', '=', claimId)
    .orderBy('r.uploaded_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

const extensions: Record<ReceiptMediaType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
  'application/pdf': 'pdf',
};

/** Headers for a receipt sent as a download: not sniffed, sandboxed, never cached. */
export const receiptHeaders = (
  mediaType: ReceiptMediaType,
  claimNumber: string,
  position: number,
) => ({
  'content-type': mediaType,
  'content-disposition': `attachment; filename="receipt-${claimNumber}-${String(position)}.${extensions[mediaType]}"`,
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; sandbox",
  'cache-control': 'private, no-store',
});
