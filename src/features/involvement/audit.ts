import type { Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { DB } from '#platform/db/schema.ts';

/**
 * Records changes to one kind of thing the involvement features run (an election, a panel): each
 * entry is about the thing, or about a subject within it (a person) with the thing's id in its
 * details under `idKey`.
 */
export function auditRecorder(audit: AuditLog, subjectType: string, idKey: string) {
  return (
    trx: Kysely<DB>,
    actor: Actor | null,
    action: string,
    thing: { id: string; organisationId: string },
    details: Record<string, unknown> = {},
    subject?: { type: string; id: string },
  ) =>
    audit.record(
      {
        actorAccountId: actor?.id ?? null,
        action,
        subjectType: subject?.type ?? subjectType,
        subjectId: subject?.id ?? thing.id,
        organisationId: thing.organisationId,
        details: subject ? { [idKey]: thing.id, ...details } : details,
      },
      trx,
    );
}
