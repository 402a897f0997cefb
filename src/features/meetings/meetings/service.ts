import { HttpError } from '#platform/http/errors.ts';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { can, canAnywhere, scopeOf, type Permission } from '#platform/permissions/policy.ts';
import { viewerOf } from '#features/register';
import { authoriseMeeting, mayAt, meetingAudit } from '../access.ts';
import { cancelMeetings, changeMeetings, replaceAgenda } from './changes.ts';
import {
  agendaOf,
  findMeeting,
  findMeetingPage,
  organisationsIn,
  staffFor,
  type MeetingDetails,
} from './details.ts';
import {
  listMeetings,
  scheduleMeeting,
  venuesFor,
  type MeetingDraft,
  type ScheduleProblem,
} from './repository.ts';
import { meetingTimes } from './rules.ts';
import type { AgendaItemInput, MeetingFields, Scope } from './schema.ts';

export interface MeetingsDependencies {
  db: Database;
  audit: AuditLog;
}

export type MeetingProblem = ScheduleProblem | 'chairNotOurs';
export type ChangeResult =
  | { ok: true; changed: { id: string; fields: string[] }[] }
  | { ok: false; problems: MeetingProblem[] };

/** May the meeting still be changed or cancelled: planned and not started yet. */
export const changeable = (meeting: { status: string; startsAt: Date }, now = new Date()) =>
  meeting.status === 'planned' && new Date(meeting.startsAt).getTime() > now.getTime();

/**
 * Meetings, staff side: the list and a meeting's page (meeting.view); scheduling, changing,
 * cancelling and the agenda (meeting.manage). An organisation the actor cannot see is 404; one
 * they see but may not manage meetings at is 403. Every change is one transaction with its audit
 * entries.
 */
export function createMeetingsService({ db, audit }: MeetingsDependencies) {
  const recordChange = meetingAudit(audit);

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

  /** The meeting if the actor holds `permission` at its organisation; else 404 or 403. */
  const meetingFor = async (actor: Actor, id: string, permission: Permission) =>
    authoriseMeeting(actor, await findMeeting(db, id), permission);

  /** What is wrong with the venue and chair chosen for a meeting of the organisation. */
  async function placeProblems(organisationId: string, fields: MeetingFields) {
    const problems: MeetingProblem[] = [];
    if (fields.attendance_mode !== 'online' && !fields.venue_id) problems.push('venueMissing');
    const [venues, staff] = await Promise.all([
      fields.venue_id ? venuesFor(db, organisationId) : [],
      fields.chair_account_id ? staffFor(db, organisationId) : [],
    ]);
    if (fields.venue_id && !venues.some((v) => v.id === fields.venue_id))
      problems.push('venueNotOurs');
    if (fields.chair_account_id && !staff.some((s) => s.id === fields.chair_account_id))
      problems.push('chairNotOurs');
    return problems;
  }

  return {
    /** One page of the meetings the actor may see (no names of people). */
    listMeetings(
      actor: Actor,
      when: 'upcoming' | 'past',
      page: number,
      now?: Date,
      organisationId?: string,
    ) {
      return listMeetings(db, scopeOf(actor, 'meeting.view'), {
        when,
        page,
        ...(now ? { now } : {}),
        ...(organisationId ? { organisationId } : {}),
      });
    },

    /** Organisations whose meetings the actor may see (the list's filter). */
    organisationsToView: (actor: Actor) => organisationsIn(db, scopeOf(actor, 'meeting.view')),
    /** Organisations where the actor may schedule meetings. */
    organisationsToManage: (actor: Actor) => organisationsIn(db, scopeOf(actor, 'meeting.manage')),
    mayManageAnywhere: (actor: Actor) => canAnywhere(actor, 'meeting.manage'),

    /** Venues a meeting of the organisation may be held at. */
    async venuesFor(actor: Actor, organisationId: string) {
      await organisationFor(actor, organisationId);
      return venuesFor(db, organisationId);
    },

    /** Staff who may chair a meeting of the organisation (meeting.manage there). */
    async staffFor(actor: Actor, organisationId: string) {
      await organisationFor(actor, organisationId);
      return staffFor(db, organisationId);
    },

    /** Schedules a meeting or a series (audited: meeting.scheduled, one entry per meeting). */
    async scheduleMeeting(actor: Actor, organisationId: string, draft: MeetingDraft, now?: Date) {
      await organisationFor(actor, organisationId);
      if (draft.chair_account_id) {
        const staff = await staffFor(db, organisationId);
        if (!staff.some((s) => s.id === draft.chair_account_id))
          return { ok: false as const, problems: ['chairNotOurs'] as MeetingProblem[] };
      }
      return scheduleMeeting(
        db,
        organisationId,
        actor.id,
        draft,
        now,
        async (trx, ids, seriesId) => {
          for (const id of ids)
            await recordChange(
              trx,
              actor,
              'meeting.scheduled',
              { id, organisationId },
              seriesId ? { seriesId } : {},
            );
        },
      );
    },

    /** A meeting to show or change: 404 when unseen, 403 without `permission`. */
    meetingFor,

    /**
     * Everything the meeting page shows, in one query: the meeting (with its agenda, reply
     * counts and venue), its papers at a glance, and what the user-proofing checklist needs of
     * it besides the invitees' needs (`proofing`), so the checklist reads only those.
     */
    async meetingPage(actor: Actor, id: string) {
      const found = await findMeetingPage(db, id, viewerOf(actor));
      const meeting = authoriseMeeting(actor, found?.meeting, 'meeting.view');
      const { papers, invited, needs, overrides } = found!;
      return {
        meeting,
        papers,
        canManage: mayAt(actor, meeting, 'meeting.manage'),
        proofing: {
          meeting,
          papers: papers.proofing,
          venue: meeting.venueFeatures,
          invited,
          needs,
          overrides,
        },
      };
    },

    /**
     * Changes a planned meeting that has not started; with `later`, the later planned meetings
     * of its series too (not their dates). Audited per meeting: meeting.changed with the names
     * of the fields changed.
     */
    async changeMeeting(
      actor: Actor,
      meeting: MeetingDetails,
      fields: MeetingFields,
      scope: Scope,
      now = new Date(),
    ): Promise<ChangeResult> {
      if (!changeable(meeting, now)) throw new HttpError(409);
      const problems = new Set<MeetingProblem>([
        ...meetingTimes(fields.date, fields.startTime, fields.endTime, now).problems,
        ...(await placeProblems(meeting.organisationId, fields)),
      ]);
      if (problems.size) return { ok: false, problems: [...problems] };
      const changed = await db.transaction().execute(async (trx) => {
        const changes = await changeMeetings(trx, meeting, fields, scope, now);
        for (const change of changes)
          await recordChange(
            trx,
            actor,
            'meeting.changed',
            { id: change.id, organisationId: meeting.organisationId },
            { fields: change.fields, scope },
          );
        return changes;
      });
      return { ok: true, changed };
    },

    /**
     * Cancels a planned meeting that has not started (with `later`, the later ones of its series
     * too). Audited per meeting: meeting.cancelled. Telling the invitees is the invitations
     * feature's: it is given the ids cancelled and the reason.
     */
    async cancelMeeting(
      actor: Actor,
      meeting: MeetingDetails,
      input: { scope: Scope; reason: string | null },
      now = new Date(),
    ) {
      if (!changeable(meeting, now)) throw new HttpError(409);
      const cancelledIds = await db.transaction().execute(async (trx) => {
        const ids = await cancelMeetings(trx, meeting, input.scope, now);
        for (const id of ids)
          await recordChange(
            trx,
            actor,
            'meeting.cancelled',
            { id, organisationId: meeting.organisationId },
            { scope: input.scope, ...(input.reason ? { reason: input.reason } : {}) },
          );
        return ids;
      });
      return { cancelledIds, reason: input.reason };
    },

    /** The agenda of a meeting (meeting.view). */
    agendaOf: (meetingId: string) => agendaOf(db, meetingId),

    /** Replaces the agenda of a meeting that is not cancelled (meeting.manage; audited). */
    async saveAgenda(actor: Actor, meeting: MeetingDetails, items: AgendaItemInput[]) {
      if (meeting.status === 'cancelled') throw new HttpError(409);
      await db.transaction().execute(async (trx) => {
        await replaceAgenda(trx, meeting.id, items);
        await recordChange(trx, actor, 'meeting.agenda_changed', meeting, {
          items: items.length,
        });
      });
    },
  };
}

export type MeetingsService = ReturnType<typeof createMeetingsService>;
