import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import {
  inviteeNameColumns,
  inviteesWithAccounts,
  meetingColumns,
  meetingsWithOrganisation,
  type MeetingRow,
} from '../access.ts';
import type { Attendance, InviteeRole, MeetingKind, Reply } from '../tables.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

type Db = Kysely<DB>;

export interface MeetingForAttendance extends MeetingRow {
  rung: number;
  chairPersonId: string | null;
}

export async function findMeetingForAttendance(db: Db, id: string) {
  return meetingsWithOrganisation(db)
    .select([...meetingColumns, 'm.rung', 'm.chair_person_id as chairPersonId'])
    .where('m.id', '=', id)
    .executeTakeFirst() as Promise<MeetingForAttendance | undefined>;
}

export interface InviteeRow {
  id: string;
  personId: string | null;
  accountName: string | null;
  guestName: string | null;
  role: InviteeRole;
  reply: Reply | null;
  attendance: Attendance | null;
  involvementRecordId: string | null;
}

/** Everyone invited, staff names joined (people's names come from the register). */
export async function inviteesOf(db: Db, meetingId: string, lock = false) {
  return inviteesWithAccounts(db)
    .select([
      ...inviteeNameColumns,
      'i.role',
      'i.reply',
      'i.attendance',
      'i.involvement_record_id as involvementRecordId',
    ])
    .where('i.meeting_id', '=', meetingId)
    .orderBy('i.added_at')
    .orderBy('i.id')
    .$if(lock, (qb) => qb.forUpdate('i'))
    .execute() as Promise<InviteeRow[]>;
}

export async function setAttendance(
  db: Db,
  inviteeId: string,
  values: { attendance: Attendance | null; recordedBy: string; involvementRecordId: string | null },
) {
  await db
    .updateTable('meeting_invitees')
    .set({
      attendance: values.attendance,
      attendance_recorded_by: values.recordedBy,
      involvement_record_id: values.involvementRecordId,
    })
    .where('id', '=', inviteeId)
    .execute();
}

export interface PersonMeetingRow {
  meetingId: string;
  titleEn: string;
  titleCy: string;
  kind: MeetingKind;
  startsAt: Date;
  status: 'planned' | 'cancelled';
  role: InviteeRole;
  reply: Reply | null;
  attendance: Attendance | null;
}

/** Invitees (`i`) with their meetings (`m`) and the meetings' organisations (`o`). */
export const invitationsWithMeetings = (db: Db) =>
  db
    .selectFrom('meeting_invitees as i')
    .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id');

/** The meetings a person was invited to, at organisations in the scope, newest first. */
export async function meetingsOfPerson(
  db: Db,
  personId: string,
  scope: string[] | null,
  limit: number,
) {
  return invitationsWithMeetings(db)
    .select([
      'm.id as meetingId',
      'm.title_en as titleEn',
      'm.title_cy as titleCy',
      'm.kind',
      'm.starts_at as startsAt',
      'm.status',
      'i.role',
      'i.reply',
      'i.attendance',
    ])
    .where('i.person_id', '=', personId)
    .where(inSubtrees(scope))
    .orderBy('m.starts_at', 'desc')
    .limit(limit)
    .execute() as Promise<PersonMeetingRow[]>;
}
