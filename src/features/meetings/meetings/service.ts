import { HttpError } from '#platform/http/errors.ts';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { can, scopeOf } from '#platform/permissions/policy.ts';
import { listMeetings, scheduleMeeting, venuesFor, type MeetingDraft } from './repository.ts';

export interface MeetingsDependencies {
  db: Database;
  audit: AuditLog;
}

/**
 * Meetings, staff side: the list (meeting.view) and scheduling (meeting.manage). An organisation
 * the actor cannot see is 404; one they see but may not manage meetings at is 403. Every change
 * is one transaction with its audit entry.
 */
export function createMeetingsService({ db, audit }: MeetingsDependencies) {
  async function organisationFor(actor: Actor, organisationId: string) {
    const organisation = await db
      .selectFrom('organisations')
      .select(['id', 'ancestors'])
      .where('id', '=', organisationId)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    if (!organisation || !can(actor, 'meeting.view', organisation)) throw new HttpError(404);
    if (!can(actor, 'meeting.manage', organisation)) throw new HttpError(403);
    return organisation;
  }

  return {
    /** One page of the meetings the actor may see (no names of people). */
    listMeetings(actor: Actor, when: 'upcoming' | 'past', page: number, now?: Date) {
      return listMeetings(db, scopeOf(actor, 'meeting.view'), {
        when,
        page,
        ...(now ? { now } : {}),
      });
    },

    /** Venues a meeting of the organisation may be held at. */
    async venuesFor(actor: Actor, organisationId: string) {
      await organisationFor(actor, organisationId);
      return venuesFor(db, organisationId);
    },

    /** Schedules a meeting or a series (audited: meeting.scheduled, one entry per meeting). */
    async scheduleMeeting(actor: Actor, organisationId: string, draft: MeetingDraft, now?: Date) {
      await organisationFor(actor, organisationId);
      return scheduleMeeting(
        db,
        organisationId,
        actor.id,
        draft,
        now,
        async (trx, ids, seriesId) => {
          for (const id of ids)
            await audit.record(
              {
                actorAccountId: actor.id,
                action: 'meeting.scheduled',
                subjectType: 'meeting',
                subjectId: id,
                organisationId,
                details: seriesId ? { seriesId } : {},
              },
              trx,
            );
        },
      );
    },
  };
}

export type MeetingsService = ReturnType<typeof createMeetingsService>;
