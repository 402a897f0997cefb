import type { Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { DB } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, type Permission } from '#platform/permissions/policy.ts';
import type { MeetingKind } from './tables.ts';

/**
 * Reaching a meeting, for every meetings feature: the meeting with its organisation's place in
 * the tree, and one rule — 404 when the actor may not see the meeting's organisation's meetings,
 * 403 when they may see it but not do this.
 */

/** Meetings joined to their organisation (`m`, `o`). */
export const meetingsWithOrganisation = (db: Kysely<DB>) =>
  db.selectFrom('meetings as m').innerJoin('organisations as o', 'o.id', 'm.organisation_id');

/** What every meeting page shows and checks: add a feature's own columns after these. */
export const meetingColumns = [
  'm.id',
  'm.organisation_id as organisationId',
  'o.ancestors',
  'm.kind',
  'm.title_en as titleEn',
  'm.title_cy as titleCy',
  'm.starts_at as startsAt',
  'm.ends_at as endsAt',
  'm.status',
] as const;

/** A meeting as `meetingColumns` read it; a feature's own row type extends this. */
export interface MeetingRow {
  id: string;
  organisationId: string;
  ancestors: string[];
  kind: MeetingKind;
  titleEn: string;
  titleCy: string;
  startsAt: Date;
  endsAt: Date;
  status: 'planned' | 'cancelled';
}

/** The meeting if the actor holds `permission` at its organisation; else 404 or 403. */
export function authoriseMeeting<T extends { organisationId: string; ancestors: string[] }>(
  actor: Actor,
  meeting: T | undefined,
  permission: Permission,
): T {
  if (!meeting) throw new HttpError(404);
  const organisation = { id: meeting.organisationId, ancestors: meeting.ancestors };
  if (can(actor, permission, organisation)) return meeting;
  throw new HttpError(can(actor, 'meeting.view', organisation) ? 403 : 404);
}

/** May the actor do this at the meeting's organisation? (what a page offers) */
export const mayAt = (
  actor: Actor,
  meeting: { organisationId: string; ancestors: string[] },
  permission: Permission,
) => can(actor, permission, { id: meeting.organisationId, ancestors: meeting.ancestors });

/** Records a change to a meeting in the audit log, in the caller's transaction. */
export const meetingAudit =
  (audit: AuditLog) =>
  (
    trx: Kysely<DB>,
    actor: Actor,
    action: string,
    meeting: { id: string; organisationId: string },
    details: Record<string, unknown>,
  ) =>
    audit.record(
      {
        actorAccountId: actor.id,
        action,
        subjectType: 'meeting',
        subjectId: meeting.id,
        organisationId: meeting.organisationId,
        details,
      },
      trx,
    );
