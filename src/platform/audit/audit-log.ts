import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';

/** Serialises appends so each row's prev_hash is the hash of the row before it. */
const AUDIT_CHAIN_LOCK = 7_340_071;
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditEntry {
  actorAccountId: string | null;
  /** verb.noun, e.g. account.signed_in, organisation.updated, person.viewed */
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  organisationId?: string | null;
  /** Never personal data: ids, field names, counts. */
  details?: Record<string, unknown>;
}

export interface AuditRow {
  id: number;
  occurred_at: Date;
  actor_account_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  organisation_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value instanceof Date ? value.toISOString() : value);
}

/** The hash of a row: its content chained to the hash of the row before it. */
export function hashRow(row: Omit<AuditRow, 'id' | 'hash'>) {
  const content = canonical({
    occurred_at: new Date(row.occurred_at).toISOString(),
    actor_account_id: row.actor_account_id,
    action: row.action,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    organisation_id: row.organisation_id,
    details: row.details,
  });
  return crypto.createHash('sha256').update(`${row.prev_hash}\n${content}`).digest('hex');
}

/** Appends to the audit log; pass a transaction so the entry commits with the change it records. */
export async function appendAudit(db: Kysely<DB>, entry: AuditEntry) {
  const write = async (trx: Kysely<DB>) => {
    await sql`select pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
    const last = await trx
      .selectFrom('audit_log')
      .select('hash')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    // microsecond precision survives the round trip through timestamptz
    const occurredAt = new Date(Math.floor(Date.now()));
    const row = {
      occurred_at: occurredAt,
      actor_account_id: entry.actorAccountId,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId ?? null,
      organisation_id: entry.organisationId ?? null,
      details: entry.details ?? {},
      prev_hash: last?.hash ?? GENESIS_HASH,
    };
    await trx
      .insertInto('audit_log')
      .values({ ...row, details: JSON.stringify(row.details), hash: hashRow(row) })
      .execute();
  };
  if (db.isTransaction) await write(db);
  else await db.transaction().execute(write);
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  problems: { id: number; problem: 'edited' | 'broken_chain' }[];
}

/** Recomputes the chain: an edited row fails its hash, a deleted one breaks the link after it. */
export async function verifyAuditLog(db: Database, batchSize = 5_000): Promise<VerifyResult> {
  const problems: VerifyResult['problems'] = [];
  let previous = GENESIS_HASH;
  let afterId = 0;
  let checked = 0;
  for (;;) {
    const rows = (await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(batchSize)
      .execute()) as AuditRow[];
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prev_hash !== previous) problems.push({ id: row.id, problem: 'broken_chain' });
      if (hashRow(row) !== row.hash) problems.push({ id: row.id, problem: 'edited' });
      previous = row.hash;
      afterId = row.id;
      checked += 1;
    }
  }
  return { ok: problems.length === 0, checked, problems };
}

export function createAuditLog(db: Database) {
  return {
    record: (entry: AuditEntry, trx?: Kysely<DB>) => appendAudit(trx ?? db, entry),
    verify: () => verifyAuditLog(db),
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
