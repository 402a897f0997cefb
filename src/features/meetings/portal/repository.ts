import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { listedMeetingColumns } from '../access.ts';
import type { AttendanceMode, MeetingKind, Reply } from '../tables.ts';

/**
 * The people's portal's reads of meetings. Every query starts from the person's own row in
 * `meeting_invitees`, so a meeting they were not invited to is never found, and nothing about
 * any other invitee is selected. A meeting shows once their invitation has been sent (or the
 * place offered to them as a back-up, which sets it too), not while staff draw up the list.
 */

type Db = Kysely<DB>;

/** How far back the list goes. */
export const PAST_MONTHS = 12;
/** At most this many meetings are listed (a weekly series over a year is about 100). */
export const LIST_LIMIT = 300;

export interface InvitedMeeting {
  id: string;
  inviteeId: string;
  kind: MeetingKind;
  titleEn: string;
  titleCy: string;
  startsAt: Date;
  endsAt: Date;
  attendanceMode: AttendanceMode;
  venueName: string | null;
  status: 'planned' | 'cancelled';
  reply: Reply | null;
}

const invitedColumns = [...listedMeetingColumns, 'i.id as inviteeId', 'i.reply'] as const;

const invitations = (db: Db, personId: string) =>
  db
    .selectFrom('meeting_invitees as i')
    .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
    .leftJoin('venues as v', 'v.id', 'm.venue_id')
    .where('i.person_id', '=', personId)
    .where('i.invited_at', 'is not', null);

/**
 * The meetings the person is invited to that end after `now` minus twelve months, in one query,
 * soonest first (the service splits them into upcoming and past).
 */
export function invitedMeetings(db: Db, personId: string, now: Date): Promise<InvitedMeeting[]> {
  return invitations(db, personId)
    .select(invitedColumns)
    .where(
      'm.ends_at',
      '>',
      sql<Date>`${now}::timestamptz - make_interval(months => ${PAST_MONTHS})`,
    )
    .orderBy('m.starts_at')
    .orderBy('m.id')
    .limit(LIST_LIMIT)
    .execute();
}

export interface InvitedMeetingDetails extends InvitedMeeting {
  organisationId: string;
  purposeEn: string | null;
  purposeCy: string | null;
  venueAddress: string | null;
  directionsEn: string | null;
  directionsCy: string | null;
  onlineDetails: string | null;
  languages: 'en' | 'cy' | 'bilingual';
  minutesPublishedAt: Date | null;
}

/** One meeting the person is invited to, with what the page shows; undefined if not invited. */
export function invitedMeeting(
  db: Db,
  personId: string,
  meetingId: string,
): Promise<InvitedMeetingDetails | undefined> {
  return invitations(db, personId)
    .select([
      ...invitedColumns,
      'm.organisation_id as organisationId',
      'm.purpose_en as purposeEn',
      'm.purpose_cy as purposeCy',
      'v.address as venueAddress',
      'v.directions_en as directionsEn',
      'v.directions_cy as directionsCy',
      'm.online_details as onlineDetails',
      'm.languages',
      'm.minutes_published_at as minutesPublishedAt',
    ])
    .where('m.id', '=', meetingId)
    .executeTakeFirst();
}

export interface AgendaItem {
  titleEn: string;
  titleCy: string;
  summaryEn: string | null;
  summaryCy: string | null;
}

/** A meeting's agenda, in order. */
export function agendaOf(db: Db, meetingId: string): Promise<AgendaItem[]> {
  return db
    .selectFrom('meeting_agenda_items')
    .select([
      'title_en as titleEn',
      'title_cy as titleCy',
      'summary_en as summaryEn',
      'summary_cy as summaryCy',
    ])
    .where('meeting_id', '=', meetingId)
    .orderBy('position')
    .execute();
}

/**
 * A paper of a meeting the person is invited to, with its bytes, if an invitee may have it: an
 * agenda paper, or minutes once published.
 */
export async function paperForInvitee(
  db: Db,
  personId: string,
  meetingId: string,
  paperId: string,
) {
  return invitations(db, personId)
    .innerJoin('meeting_papers as p', 'p.meeting_id', 'm.id')
    .innerJoin('meeting_paper_files as f', 'f.paper_id', 'p.id')
    .select(['p.id', 'p.kind', 'p.file_name as fileName', 'p.media_type as mediaType', 'f.content'])
    .where('m.id', '=', meetingId)
    .where('p.id', '=', paperId)
    .where((eb) => eb.or([eb('p.kind', '=', 'agenda_paper'), eb('p.published_at', 'is not', null)]))
    .executeTakeFirst();
}
