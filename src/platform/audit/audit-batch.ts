import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { auditRow, type AuditEntry } from './audit-log.ts';

const CHUNK = 500;

/**
 * Appends many entries to the audit log inside the caller's transaction, in a few statements
 * instead of one per entry (an import audits every person it creates). Like appendAudit, it
 * takes no lock: the sealer chains the entries, in id order, once the transaction commits.
 */
export async function appendAuditBatch(trx: Kysely<DB>, entries: AuditEntry[]) {
  if (entries.length === 0) return;
  if (!trx.isTransaction) throw new Error('appendAuditBatch needs a transaction');
  const occurredAt = new Date();
  const rows = entries.map((entry) => auditRow(entry, occurredAt));
  for (let i = 0; i < rows.length; i += CHUNK)
    await trx
      .insertInto('audit_log')
      .values(rows.slice(i, i + CHUNK))
      .execute();
}
