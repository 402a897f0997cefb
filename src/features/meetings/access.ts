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

/** What a list of meetings shows of each (from `meetings as m` with `venues as v` left-joined). */
export const listedMeetingColumns = [
  'm.id',
  'm.kind',
  'm.title_en as titleEn',
  'm.title_cy as titleCy',
  'm.starts_at as startsAt',
  'm.ends_at as endsAt',
  'm.attendance_mode as attendanceMode',
  'v.name as venueName',
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

/** A meeting as `meetingColumns` read it; undefined when there is none. */
export const findMeetingRow = (db: Kysely<DB>, id: string): Promise<MeetingRow | undefined> =>
  meetingsWithOrganisation(db).select(meetingColumns).where('m.id', '=', id).executeTakeFirst();

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

/**
 * Enabled staff accounts with a role at one of `organisationIds` (a meeting's organisation and
 * those above it: its `ancestors`), as `a`; the caller narrows, orders and limits.
 */
export const staffAt = (db: Kysely<DB>, organisationIds: readonly string[]) =>
  db
    .selectFrom('accounts as a')
    .select(['a.id', 'a.name'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('memberships as ms')
          .select('ms.account_id')
          .whereRef('ms.account_id', '=', 'a.id')
          .where('ms.organisation_id', 'in', [...organisationIds]),
      ),
    )
    .where('a.disabled_at', 'is', null);

/** A meeting's invitees (`i`) with a staff invitee's account (`a`, joined when there is one). */
export const inviteesWithAccounts = (db: Kysely<DB>) =>
  db.selectFrom('meeting_invitees as i').leftJoin('accounts as a', 'a.id', 'i.account_id');

/** Who an invitee is (people's names come from the register): add a feature's own columns. */
export const inviteeNameColumns = [
  'i.id',
  'i.person_id as personId',
  'a.name as accountName',
  'i.guest_name as guestName',
] as const;

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
