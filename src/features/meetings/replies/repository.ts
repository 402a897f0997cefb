import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { inviteeNameColumns, inviteesWithAccounts } from '../access.ts';
import type { Reply, ReplyChannel } from '../tables.ts';

/** An invitee and their meeting, locked for the reply (in the caller's transaction). */
export function inviteeForReply(trx: Kysely<DB>, inviteeId: string) {
  return trx
    .selectFrom('meeting_invitees as i')
    .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
    .select([
      'i.id',
      'i.meeting_id as meetingId',
      'i.reply',
      'i.role',
      'i.backup_offered_at as backupOfferedAt',
      'm.organisation_id as organisationId',
      'm.status',
      'm.starts_at as startsAt',
      'm.ends_at as endsAt',
      'm.title_en as titleEn',
      'm.title_cy as titleCy',
    ])
    .where('i.id', '=', inviteeId)
    .forUpdate('i')
    .executeTakeFirst();
}

export async function storeReply(
  trx: Kysely<DB>,
  inviteeId: string,
  reply: Reply,
  channel: ReplyChannel,
  at: Date,
) {
  await trx
    .updateTable('meeting_invitees')
    .set({ reply, replied_at: at, reply_channel: channel })
    .where('id', '=', inviteeId)
    .execute();
}

/** The first back-up from the register for this invitee (meeting_invitees.backup_for), if any. */
export function backupOf(trx: Kysely<DB>, inviteeId: string) {
  return trx
    .selectFrom('meeting_invitees as b')
    .innerJoin('people as p', 'p.id', 'b.person_id')
    .select(['b.id', 'b.person_id as personId', 'p.preferred_language as language'])
    .where('b.backup_for', '=', inviteeId)
    .where('p.erased_at', 'is', null)
    .orderBy('b.added_at')
    .orderBy('b.id')
    .limit(1)
    .$narrowType<{ personId: string }>()
    .executeTakeFirst();
}

/**
 * Marks the back-up as offered unless it already was: true only for the one caller that did.
 * The back-up counts as invited from then on (their portal shows the meeting, a text reply
 * reaches it).
 */
export async function markBackupOffered(
  trx: Kysely<DB>,
  inviteeId: string,
  backupInviteeId: string,
  at: Date,
) {
  const row = await trx
    .updateTable('meeting_invitees')
    .set({ backup_offered_at: at })
    .where('id', '=', inviteeId)
    .where('backup_offered_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  if (row === undefined) return false;
  await trx
    .updateTable('meeting_invitees')
    .set({ invited_at: at })
    .where('id', '=', backupInviteeId)
    .where('invited_at', 'is', null)
    .execute();
  return true;
}

/** What the reply page shows an invitee: their meeting, its agenda, and who they are (no one else). */
export async function replyPageOf(db: Kysely<DB>, inviteeId: string) {
  const row = await db
    .selectFrom('meeting_invitees as i')
    .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
    .leftJoin('venues as v', 'v.id', 'm.venue_id')
    .leftJoin('people as p', (join) =>
      join.onRef('p.id', '=', 'i.person_id').on('p.erased_at', 'is', null),
    )
    .select([
      'i.id as inviteeId',
      'i.reply',
      'i.replied_at as repliedAt',
      'i.person_id as personId',
      'p.preferred_language as personLanguage',
      'p.formats as personFormats',
      'm.id',
      'm.organisation_id as organisationId',
      'm.title_en as titleEn',
      'm.title_cy as titleCy',
      'm.purpose_en as purposeEn',
      'm.purpose_cy as purposeCy',
      'm.starts_at as startsAt',
      'm.ends_at as endsAt',
      'm.attendance_mode as attendanceMode',
      'm.online_details as onlineDetails',
      'm.status',
      'v.name as venueName',
      'v.address as venueAddress',
      'v.directions_en as directionsEn',
      'v.directions_cy as directionsCy',
    ])
    .where('i.id', '=', inviteeId)
    .executeTakeFirst();
  if (!row) return undefined;
  const agenda = await db
    .selectFrom('meeting_agenda_items')
    .select(['id', 'title_en as titleEn', 'title_cy as titleCy'])
    .where('meeting_id', '=', row.id)
    .orderBy('position')
    .execute();
  return { ...row, agenda };
}

export type ReplyPage = NonNullable<Awaited<ReturnType<typeof replyPageOf>>>;

/**
 * A paper an invitee may download from their reply page: an agenda paper of their meeting, or
 * its published minutes. Undefined for anything else (another meeting's paper, draft minutes).
 */
export function paperForInvitee(db: Kysely<DB>, inviteeId: string, paperId: string) {
  return db
    .selectFrom('meeting_invitees as i')
    .innerJoin('meeting_papers as p', 'p.meeting_id', 'i.meeting_id')
    .innerJoin('meeting_paper_files as f', 'f.paper_id', 'p.id')
    .select(['p.file_name as fileName', 'p.media_type as mediaType', 'f.content'])
    .where('i.id', '=', inviteeId)
    .where('p.id', '=', paperId)
    .where((eb) => eb.or([eb('p.kind', '=', 'agenda_paper'), eb('p.published_at', 'is not', null)]))
    .executeTakeFirst();
}

/** A person's open invitation: the soonest planned meeting still to come they were sent one for. */
export function openInvitationOf(db: Kysely<DB>, personId: string, now: Date) {
  return db
    .selectFrom('meeting_invitees as i')
    .innerJoin('meetings as m', 'm.id', 'i.meeting_id')
    .select(['i.id', 'm.organisation_id as organisationId'])
    .where('i.person_id', '=', personId)
    .where('i.invited_at', 'is not', null)
    .where('m.status', '=', 'planned')
    .where('m.starts_at', '>', now)
    .orderBy('m.starts_at')
    .orderBy('m.id')
    .limit(1)
    .executeTakeFirst();
}

/** One invitee of the meeting, with a staff account's name (people's names come from the register). */
export function inviteeOfMeeting(db: Kysely<DB>, meetingId: string, inviteeId: string) {
  return inviteesWithAccounts(db)
    .select([
      ...inviteeNameColumns,
      'i.reply',
      'i.reply_channel as replyChannel',
      'i.replied_at as repliedAt',
    ])
    .where('i.meeting_id', '=', meetingId)
    .where('i.id', '=', inviteeId)
    .executeTakeFirst();
}
