import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';

/**
 * The audit log: append-only (database triggers refuse UPDATE, DELETE and TRUNCATE) and
 * hash-chained. Each entry's hash covers its content and the hash of the entry before it;
 * the chain head (audit_chain_head) holds the newest entry's id and hash and moves forward in
 * the same statement as each append. Verification recomputes every hash:
 *  - an edited entry no longer matches its hash;
 *  - a deleted entry breaks the link of the entry after it;
 *  - deleted newest entries no longer match the chain head.
 * What it cannot detect on its own: someone who owns the database, disables the triggers and
 * rewrites the whole chain and the head consistently. Anchors recorded outside the database
 * (the head printed by `npm run audit:verify`, kept elsewhere) catch that: see docs/audit.md.
 */

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
  return JSON.stringify(value instanceof Date ? value.toISOString() : value) ?? 'null';
}

/**
 * What the details will read as after a round trip through jsonb: hashing this (not the
 * caller's object) keeps Dates, undefined array items and the like from failing verification.
 */
function asStored(details: Record<string, unknown> | undefined): Record<string, unknown> {
  return JSON.parse(JSON.stringify(details ?? {})) as Record<string, unknown>;
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

/**
 * Appends to the audit log; pass a transaction so the entry commits (or rolls back) with the
 * change it records. Costs two statements inside a caller's transaction.
 */
export async function appendAudit(db: Kysely<DB>, entry: AuditEntry): Promise<{ id: number }> {
  const write = async (trx: Kysely<DB>) => {
    // Locks the head: concurrent appends queue here, and after the wait PostgreSQL returns the
    // head as the previous append committed it (under REPEATABLE READ it raises instead).
    const head = await trx
      .selectFrom('audit_chain_head')
      .select('hash')
      .forUpdate()
      .executeTakeFirstOrThrow();
    const row = {
      // milliseconds: survives the round trip through timestamptz exactly
      occurred_at: new Date(),
      actor_account_id: entry.actorAccountId,
      action: entry.action,
      subject_type: entry.subjectType ?? null,
      subject_id: entry.subjectId ?? null,
      organisation_id: entry.organisationId ?? null,
      details: asStored(entry.details),
      prev_hash: head.hash,
    };
    const appended = await trx
      .with('appended', (qb) =>
        qb
          .insertInto('audit_log')
          .values({ ...row, details: JSON.stringify(row.details), hash: hashRow(row) })
          .returning(['id', 'hash']),
      )
      .updateTable('audit_chain_head')
      .from('appended')
      .set((eb) => ({ last_id: eb.ref('appended.id'), hash: eb.ref('appended.hash') }))
      .returning('appended.id')
      .executeTakeFirstOrThrow();
    return { id: appended.id };
  };
  return db.isTransaction ? write(db) : db.transaction().execute(write);
}

export interface ChainLink {
  id: number;
  hash: string;
}

export type AuditProblem =
  /** The entry's content no longer matches its hash. */
  | { kind: 'edited'; id: number }
  /** The entry does not link to the one before it: an entry before it was deleted or changed. */
  | { kind: 'broken_chain'; id: number }
  /** The chain head names a newer entry than the newest there is: the newest were deleted. */
  | { kind: 'missing_tail'; id: number }
  /** The newest entry is not the one the chain head records. */
  | { kind: 'head_mismatch'; id: number | null }
  /** An anchor recorded earlier names an entry that no longer exists. */
  | { kind: 'anchor_missing'; id: number }
  /** An anchor recorded earlier names an entry whose hash has changed. */
  | { kind: 'anchor_mismatch'; id: number };

export interface VerifyResult {
  ok: boolean;
  /** Entries checked. */
  checked: number;
  /** The newest entry checked (null when the log is empty). */
  head: ChainLink | null;
  problems: AuditProblem[];
}

export interface VerifyOptions {
  /** Heads recorded earlier outside the database: each must still be in the chain, unchanged. */
  anchors?: ChainLink[];
  batchSize?: number;
}

/** Recomputes the whole chain; see the comment at the top of this file for what it detects. */
export async function verifyAuditLog(
  db: Database,
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const batchSize = options.batchSize ?? 5_000;
  const problems: AuditProblem[] = [];
  // Read the head first and check entries up to it: later appends have larger ids, and every
  // entry up to the head had committed when the head was read.
  const recorded = await db
    .selectFrom('audit_chain_head')
    .select(['last_id', 'hash'])
    .executeTakeFirst();
  const anchors = new Map((options.anchors ?? []).map((a) => [a.id, a.hash]));
  const upTo = Math.max(recorded?.last_id ?? 0, ...anchors.keys());
  let previous = GENESIS_HASH;
  let afterId = 0;
  let checked = 0;
  let head: ChainLink | null = null;
  for (;;) {
    const rows = (await db
      .selectFrom('audit_log')
      .selectAll()
      .where('id', '>', afterId)
      .where('id', '<=', upTo)
      .orderBy('id')
      .limit(batchSize)
      .execute()) as AuditRow[];
    if (rows.length === 0) break;
    for (const row of rows) {
      if (row.prev_hash !== previous) problems.push({ kind: 'broken_chain', id: row.id });
      if (hashRow(row) !== row.hash) problems.push({ kind: 'edited', id: row.id });
      const anchored = anchors.get(row.id);
      if (anchored !== undefined) {
        if (anchored !== row.hash) problems.push({ kind: 'anchor_mismatch', id: row.id });
        anchors.delete(row.id);
      }
      previous = row.hash;
      afterId = row.id;
      head = { id: row.id, hash: row.hash };
      checked += 1;
    }
  }
  for (const id of anchors.keys()) problems.push({ kind: 'anchor_missing', id });
  if (recorded) {
    const recordedId = recorded.last_id;
    if (recordedId !== null && (head === null || head.id < recordedId)) {
      problems.push({ kind: 'missing_tail', id: recordedId });
    } else if (
      recordedId !== (head?.id ?? null) ||
      recorded.hash !== (head?.hash ?? GENESIS_HASH)
    ) {
      problems.push({ kind: 'head_mismatch', id: head?.id ?? null });
    }
  }
  return { ok: problems.length === 0, checked, head, problems };
}

/** The newest entry as the chain head records it: print it, keep it elsewhere, check it later. */
export async function chainHead(db: Database): Promise<ChainLink | null> {
  const row = await db
    .selectFrom('audit_chain_head')
    .select(['last_id', 'hash'])
    .executeTakeFirst();
  return row?.last_id == null ? null : { id: row.last_id, hash: row.hash };
}

/** Parses anchors written as `<id>:<hash>` (the form audit:verify prints). */
export function parseAnchor(text: string): ChainLink | null {
  const match = /^#?(\d{1,18}):([0-9a-f]{64})$/i.exec(text.trim());
  return match ? { id: Number(match[1]), hash: match[2]!.toLowerCase() } : null;
}

export function createAuditLog(db: Database) {
  return {
    record: (entry: AuditEntry, trx?: Kysely<DB>) => appendAudit(trx ?? db, entry),
    verify: (options?: VerifyOptions) => verifyAuditLog(db, options),
    head: () => chainHead(db),
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
