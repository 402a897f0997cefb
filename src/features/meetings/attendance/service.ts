import type { Kysely } from 'kysely';
import { appendAuditBatch } from '#platform/audit/audit-batch.ts';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { DB } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import { scopeOf, type Permission } from '#platform/permissions/policy.ts';
import { londonParts } from '#platform/time/london.ts';
import { failed, ok, type Result } from '#platform/validation/index.ts';
import { canSeePerson, namesFor, viewerOf } from '#features/register';
import {
  recordInvolvement,
  withdrawInvolvement,
  type InvolvementRole,
  type Level,
  type Method,
} from '#features/involvement';
import { authoriseMeeting } from '../access.ts';
import type { Attendance, MeetingKind } from '../tables.ts';
import {
  findMeetingForAttendance,
  inviteesOf,
  meetingsOfPerson,
  setAttendance,
  type InviteeRow,
  type MeetingForAttendance,
} from './repository.ts';

/**
 * Attendance on the day (issue 10 item 7; NW: monitor attendance). Marking someone from the
 * register as attended (or left early) records their involvement once, at the rung the meeting
 * sets; correcting it takes the record back. Every person marked is audited.
 */

/** How a kind of meeting is recorded on the ladder (method and level of involvement). */
const involvementOf: Record<MeetingKind, { method: Method; level: Level }> = {
  forum: { method: 'forum', level: 'service' },
  board: { method: 'advisory_group', level: 'strategic' },
  reference_group: { method: 'advisory_group', level: 'service' },
  panel: { method: 'advisory_group', level: 'service' },
  open_meeting: { method: 'forum', level: 'service' },
  consultation_event: { method: 'consultation_event', level: 'service' },
  conference: { method: 'conference', level: 'strategic' },
  surgery: { method: 'other', level: 'individual' },
};

const byName = new Intl.Collator('en-GB', { sensitivity: 'base' });

const took = (attendance: Attendance | null) =>
  attendance === 'attended' || attendance === 'left_early';

/** Hours to record: the meeting's length (half of it for someone who left early), in quarters. */
export function hoursFor(
  meeting: Pick<MeetingForAttendance, 'startsAt' | 'endsAt'>,
  attendance: Attendance,
) {
  const hours = (meeting.endsAt.getTime() - meeting.startsAt.getTime()) / 3_600_000;
  const given = attendance === 'left_early' ? hours / 2 : hours;
  return Math.max(0.25, Math.round(given * 4) / 4);
}

export interface AttendanceDependencies {
  db: Kysely<DB>;
  audit: AuditLog;
  now?: () => Date;
}

export function createAttendanceService(deps: AttendanceDependencies) {
  const { db, audit } = deps;
  const now = deps.now ?? (() => new Date());

  const meetingFor = async (actor: Actor, meetingId: string, permission: Permission) =>
    authoriseMeeting(actor, await findMeetingForAttendance(db, meetingId), permission);

  /** Is it the day of the meeting yet (UK time)? Attendance is taken from then on. */
  const started = (meeting: MeetingForAttendance) =>
    londonParts(now()).date >= londonParts(meeting.startsAt).date;

  /** The register: everyone invited, named as far as the actor may see them (audited). */
  async function attendanceRegister(actor: Actor, meetingId: string) {
    const meeting = await meetingFor(actor, meetingId, 'meeting.attendance');
    const invitees = await inviteesOf(db, meeting.id);
    const personIds = invitees.flatMap((i) => (i.personId ? [i.personId] : []));
    const names = await namesFor(db, viewerOf(actor), personIds);
    if (names.size)
      await db.transaction().execute((trx) =>
        appendAuditBatch(
          trx,
          [...names.keys()].map((personId) => ({
            actorAccountId: actor.id,
            action: 'meeting.attendance_viewed',
            subjectType: 'person',
            subjectId: personId,
            organisationId: meeting.organisationId,
            details: { meetingId: meeting.id },
          })),
        ),
      );
    return {
      meeting,
      open: started(meeting) && meeting.status === 'planned',
      // in name order, those whose names the actor may not see last
      invitees: invitees
        .map((i) => ({
          ...i,
          name: i.personId ? (names.get(i.personId) ?? null) : (i.accountName ?? i.guestName),
          from: i.personId
            ? ('register' as const)
            : i.accountName
              ? ('staff' as const)
              : ('guest' as const),
        }))
        .sort((a, b) => byName.compare(a.name ?? '\uffff', b.name ?? '\uffff')),
    };
  }

  /**
   * Saves the marks (invitee id → attendance, or null to clear). People from the register who took
   * part get one involvement record each (the invitee's id is the record's id, so it is made once
   * however often the form is saved); a mark taken back removes it.
   */
  async function recordAttendance(
    actor: Actor,
    meetingId: string,
    marks: ReadonlyMap<string, Attendance | null>,
  ): Promise<Result<{ changed: number }>> {
    const meeting = await meetingFor(actor, meetingId, 'meeting.attendance');
    if (meeting.status === 'cancelled')
      return failed([{ field: 'form', message: 'attendance:errors.cancelled' }]);
    if (!started(meeting)) return failed([{ field: 'form', message: 'attendance:errors.notYet' }]);
    return db.transaction().execute(async (trx) => {
      const invitees = await inviteesOf(trx, meeting.id, true);
      const byId = new Map(invitees.map((i) => [i.id, i]));
      if ([...marks.keys()].some((id) => !byId.has(id))) throw new HttpError(400);
      const changes = [...marks].flatMap(([id, attendance]) => {
        const invitee = byId.get(id)!;
        return invitee.attendance === attendance ? [] : [{ invitee, attendance }];
      });
      const people: { invitee: InviteeRow; attendance: Attendance | null }[] = [];
      for (const { invitee, attendance } of changes) {
        let recordId = invitee.involvementRecordId;
        if (invitee.personId && took(attendance) && !recordId) {
          const [made] = await recordInvolvement(trx, [
            {
              id: invitee.id,
              personId: invitee.personId,
              organisationId: meeting.organisationId,
              opportunityId: null,
              tookPartOn: londonParts(meeting.startsAt).date,
              hours: hoursFor(meeting, attendance),
              rung: meeting.rung,
              ...involvementOf[meeting.kind],
              role: roleOf(meeting, invitee),
              outcome: null,
              recordedBy: actor.id,
            },
          ]);
          recordId = made?.id ?? invitee.id;
        } else if (recordId && !took(attendance)) {
          await withdrawInvolvement(trx, [recordId]);
          recordId = null;
        }
        await setAttendance(trx, invitee.id, {
          attendance,
          recordedBy: actor.id,
          involvementRecordId: recordId,
        });
        if (invitee.personId) people.push({ invitee, attendance });
      }
      await appendAuditBatch(trx, [
        {
          actorAccountId: actor.id,
          action: 'meeting.attendance_recorded',
          subjectType: 'meeting',
          subjectId: meeting.id,
          organisationId: meeting.organisationId,
          details: { changed: changes.length },
        },
        ...people.map(({ invitee, attendance }) => ({
          actorAccountId: actor.id,
          action: 'meeting.attendance_marked',
          subjectType: 'person',
          subjectId: invitee.personId!,
          organisationId: meeting.organisationId,
          details: { meetingId: meeting.id, attendance },
        })),
      ]);
      return ok({ changed: changes.length });
    });
  }

  /** A person's meetings (invited, replies, attendance) at organisations the actor may see. */
  async function personHistory(actor: Actor, personId: string) {
    const viewer = viewerOf(actor);
    if (!(await canSeePerson(db, viewer, personId))) throw new HttpError(404);
    const names = await namesFor(db, viewer, [personId]);
    const rows = await meetingsOfPerson(db, personId, scopeOf(actor, 'meeting.view'), 200);
    await audit.record({
      actorAccountId: actor.id,
      action: 'meeting.history_viewed',
      subjectType: 'person',
      subjectId: personId,
      organisationId: null,
      details: { meetings: rows.length },
    });
    const counted = rows.filter((r) => r.status === 'planned' && r.startsAt < now());
    const tally = (attendance: Attendance) =>
      counted.filter((r) => r.attendance === attendance).length;
    return {
      name: names.get(personId) ?? '',
      rows,
      totals: {
        invited: counted.length,
        attended: tally('attended') + tally('left_early'),
        apologies: tally('apologies'),
        didNotAttend: tally('did_not_attend'),
      },
    };
  }

  return { attendanceRegister, recordAttendance, personHistory };
}

function roleOf(meeting: MeetingForAttendance, invitee: InviteeRow): InvolvementRole {
  if (meeting.chairPersonId && meeting.chairPersonId === invitee.personId) return 'chair';
  return invitee.role === 'representative' ? 'representative' : 'participant';
}

export type AttendanceService = ReturnType<typeof createAttendanceService>;
