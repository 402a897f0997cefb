import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/database.ts';
import type { DB } from '../db/schema.ts';

/**
 * The audit log: append-only (database triggers refuse UPDATE, DELETE and TRUNCATE, except
 * sealing) and hash-chained. An append is one INSERT and takes no lock, so audited requests never
 * queue behind each other. Shortly afterwards the sealer gives each new entry its place in the
 * chain (seq) and its hash, which covers its content and the hash of the entry before it, and
 * moves the chain head (audit_chain_head: the newest sealed entry) forward, all in one
 * transaction under the head's lock (migrations/0017_audit_sealing.sql). Verification seals
 * what is waiting, then recomputes every hash:
 *  - an edited entry no longer matches its hash;
 *  - a deleted entry breaks the link of the entry after it;
 *  - deleted newest entries no longer match the chain head.
 * What it cannot detect on its own: someone who owns the database, disables the triggers and
 * rewrites the whole chain and the head consistently, or deletes an entry in the second before
 * it is sealed. Anchors recorded outside the database (the head printed by `npm run
 * audit:verify`, kept elsewhere) catch the first: see docs/audit.md.
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
  seq: number | null;
  occurred_at: Date;
  actor_account_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  organisation_id: string | null;
  details: Record<string, unknown>;
  prev_hash: string | null;
  hash: string | null;
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

/** The hash of a row: its content chained to the hash of the row before it. */
export function hashRow(row: Omit<AuditRow, 'id' | 'seq' | 'hash'>) {
  const content = canonical({
    occurred_at: new Date(row.occurred_at).toISOString(),
    actor_account_id: row.actor_account_id,
    action: row.action,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    organisation_id: row.organisation_id,
    details: row.details,
  });
  return crypto
    .createHash('sha256')
    .update(`${row.prev_hash ?? GENESIS_HASH}\n${content}`)
    .digest('hex');
}

/** An entry as the row appended to audit_log (unsealed: no seq, no hash yet). */
export const auditRow = (entry: AuditEntry, occurredAt: Date) => ({
  occurred_at: occurredAt,
  actor_account_id: entry.actorAccountId,
  action: entry.action,
  subject_type: entry.subjectType ?? null,
  subject_id: entry.subjectId ?? null,
  organisation_id: entry.organisationId ?? null,
  details: JSON.stringify(entry.details ?? {}),
});

/**
 * Appends to the audit log; pass a transaction so the entry commits (or rolls back) with the
 * change it records. One INSERT, no lock: the sealer chains it after it commits.
 */
export async function appendAudit(db: Kysely<DB>, entry: AuditEntry): Promise<{ id: number }> {
  const appended = await db
    .insertInto('audit_log')
    // milliseconds: survives the round trip through timestamptz exactly
    .values(auditRow(entry, new Date()))
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: appended.id };
}

/**
 * Seals up to `limit` committed entries that are waiting, oldest id first, and returns how many.
 * Hashes are computed from the entries as stored, so verification recomputes exactly them.
 * Sealers on several instances take turns on the head's lock; the second finds nothing left.
 */
export async function sealAudit(db: Database, limit = 2_000): Promise<number> {
  return db.transaction().execute(async (trx) => {
    const head = await trx
      .selectFrom('audit_chain_head')
      .select(['last_seq', 'hash'])
      .forUpdate()
      .executeTakeFirstOrThrow();
    const waiting = (await trx
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', 'is', null)
      .orderBy('id')
      .limit(limit)
      .execute()) as AuditRow[];
    if (waiting.length === 0) return 0;
    let previous = head.hash;
    let seq = head.last_seq ?? 0;
    const sealed = waiting.map((row) => {
      const hash = hashRow({ ...row, prev_hash: previous });
      const link = { id: row.id, seq: (seq += 1), prevHash: previous, hash };
      previous = hash;
      return link;
    });
    await sql`
      update audit_log l set seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
      from unnest(${sealed.map((s) => s.id)}::bigint[], ${sealed.map((s) => s.seq)}::bigint[],
        ${sealed.map((s) => s.prevHash)}::text[], ${sealed.map((s) => s.hash)}::text[])
        as v(id, seq, prev_hash, hash)
      where l.id = v.id`.execute(trx);
    const last = sealed.at(-1)!;
    await trx
      .updateTable('audit_chain_head')
      .set({ last_id: last.id, last_seq: last.seq, hash: last.hash })
      .execute();
    return sealed.length;
  });
}

/** Seals everything waiting. */
export async function sealWaiting(db: Database) {
  while ((await sealAudit(db)) > 0);
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
  // Read the head first and check entries up to it: every entry up to the head had been sealed
  // when the head was read, and later seals have larger places.
  const recorded = await db
    .selectFrom('audit_chain_head')
    .select(['last_id', 'last_seq', 'hash'])
    .executeTakeFirst();
  const anchors = new Map((options.anchors ?? []).map((a) => [a.id, a.hash]));
  const upTo = recorded?.last_seq ?? 0;
  let previous = GENESIS_HASH;
  let afterSeq = 0;
  let checked = 0;
  let head: ChainLink | null = null;
  for (;;) {
    const rows = (await db
      .selectFrom('audit_log')
      .selectAll()
      .where('seq', '>', afterSeq)
      .where('seq', '<=', upTo)
      .orderBy('seq')
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
      previous = row.hash ?? GENESIS_HASH;
      afterSeq = row.seq!;
      head = { id: row.id, hash: previous };
      checked += 1;
    }
  }
  for (const id of anchors.keys()) problems.push({ kind: 'anchor_missing', id });
  if (recorded) {
    if (recorded.last_seq !== null && afterSeq < recorded.last_seq) {
      problems.push({ kind: 'missing_tail', id: recorded.last_id ?? 0 });
    } else if (
      recorded.last_id !== (head?.id ?? null) ||
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

/**
 * The audit log of one database. Each append asks for a seal soon after (once per
 * SEAL_DELAY_MS however many appends); a sweep every SWEEP_MS catches entries whose
 * transactions committed after the seal that followed them. `stop()` seals what is waiting.
 */
export function createAuditLog(db: Database, options: { sealDelayMs?: number } = {}) {
  const delay = options.sealDelayMs ?? SEAL_DELAY_MS;
  let timer: NodeJS.Timeout | undefined;
  let sealing: Promise<void> = Promise.resolve();
  let stopped = false;
  const seal = () => {
    timer = undefined;
    sealing = sealing
      .then(() => sealWaiting(db))
      .catch(() => {
        /* the database is away: the sweep tries again */
      });
    return sealing;
  };
  const soon = () => {
    if (!timer && !stopped) timer = setTimeout(() => void seal(), delay).unref();
  };
  const sweep = setInterval(soon, SWEEP_MS).unref();
  return {
    record: async (entry: AuditEntry, trx?: Kysely<DB>) => {
      const appended = await appendAudit(trx ?? db, entry);
      soon();
      return appended;
    },
    /** Seals what is waiting now (verification and the head do this first). */
    seal: async () => {
      await sealing;
      await sealWaiting(db);
    },
    verify: async (options?: VerifyOptions) => {
      await sealWaiting(db);
      return verifyAuditLog(db, options);
    },
    head: async () => {
      await sealWaiting(db);
      return chainHead(db);
    },
    async stop() {
      stopped = true;
      clearInterval(sweep);
      clearTimeout(timer);
      await sealing;
      await sealWaiting(db).catch(() => undefined);
    },
  };
}

const SEAL_DELAY_MS = 100;
const SWEEP_MS = 10_000;

export type AuditLog = ReturnType<typeof createAuditLog>;
