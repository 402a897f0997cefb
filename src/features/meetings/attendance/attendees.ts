import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { InviteeRole } from '../tables.ts';
import { invitationsWithMeetings } from './repository.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

/**
 * What other capabilities may read of a meeting's attendance (money: claims made from it in one
 * step). Only people on the register who attended (or left early) count; names stay with the
 * register.
 */

type Db = Kysely<DB>;

export interface AttendedMeeting {
  id: string;
  organisationId: string;
  titleEn: string;
  titleCy: string;
  startsAt: Date;
  endsAt: Date;
  attendees: { inviteeId: string; personId: string; role: InviteeRole }[];
}

/** A meeting that went ahead and the register people who came (undefined: no such meeting). */
export async function attendedMeeting(
  db: Db,
  meetingId: string,
): Promise<AttendedMeeting | undefined> {
  const meeting = await db
    .selectFrom('meetings')
    .select([
      'id',
      'organisation_id as organisationId',
      'title_en as titleEn',
      'title_cy as titleCy',
      'starts_at as startsAt',
      'ends_at as endsAt',
    ])
    .where('id', '=', meetingId)
    .where('status', '=', 'planned')
    .where('starts_at', '<', sql<Date>`now()`)
    .executeTakeFirst();
  if (!meeting) return undefined;
  const attendees = await db
    .selectFrom('meeting_invitees')
    .select(['id as inviteeId', 'person_id as personId', 'role'])
    .where('meeting_id', '=', meetingId)
    .where('person_id', 'is not', null)
    .where('attendance', 'in', ['attended', 'left_early'])
    .orderBy('added_at')
    .orderBy('id')
    .execute();
  return {
    ...meeting,
    attendees: attendees.map((a) => ({
      inviteeId: a.inviteeId,
      personId: a.personId!,
      role: a.role,
    })),
  };
}

/**
 * Meetings held since `since` at organisations in the scope (null: everywhere) where someone on
 * the register attended, newest first, with how many came.
 */
export async function meetingsWithAttendance(
  db: Db,
  scope: readonly string[] | null,
  since: Date,
  limit = 50,
) {
  if (scope?.length === 0) return [];
  return db
    .selectFrom('meetings as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .innerJoin('meeting_invitees as i', 'i.meeting_id', 'm.id')
    .where('m.status', '=', 'planned')
    .where('m.starts_at', '>=', since)
    .where('m.starts_at', '<', sql<Date>`now()`)
    .where('i.person_id', 'is not', null)
    .where('i.attendance', 'in', ['attended', 'left_early'])
    .where(inSubtrees(scope))
    .groupBy(['m.id', 'o.name_en', 'o.name_cy'])
    .select([
      'm.id',
      'm.title_en as titleEn',
      'm.title_cy as titleCy',
      'm.starts_at as startsAt',
      'o.name_en as organisationEn',
      'o.name_cy as organisationCy',
      sql<number>`count(*)::int`.as('attended'),
    ])
    .orderBy('m.starts_at', 'desc')
    .limit(limit)
    .execute();
}

/** A meeting a person attended, for a claim to be made for it (money). */
export interface PersonAttendance {
  inviteeId: string;
  meetingId: string;
  titleEn: string;
  titleCy: string;
  startsAt: Date;
}

/**
 * The meetings of an organisation (or one below it) a person attended (or left early) in the
 * last `days` days, newest first: one query on meeting_invitees by person.
 */
export function attendanceOf(
  db: Db,
  filters: { personId: string; organisationId: string; days: number; limit: number },
): Promise<PersonAttendance[]> {
  return invitationsWithMeetings(db)
    .select([
      'i.id as inviteeId',
      'm.id as meetingId',
      'm.title_en as titleEn',
      'm.title_cy as titleCy',
      'm.starts_at as startsAt',
    ])
    .where('i.person_id', '=', filters.personId)
    .where('i.attendance', 'in', ['attended', 'left_early'])
    .where('m.status', '=', 'planned')
    .where('m.starts_at', '<', sql<Date>`now()`)
    .where('m.starts_at', '>=', sql<Date>`now() - make_interval(days => ${filters.days})`)
    .where(sql<boolean>`o.ancestors @> array[${filters.organisationId}]::uuid[]`)
    .orderBy('m.starts_at', 'desc')
    .limit(filters.limit)
    .execute();
}
