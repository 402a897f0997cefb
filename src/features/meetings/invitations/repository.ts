import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import { meetingColumns, meetingsWithOrganisation, type MeetingRow } from '../access.ts';
import type { AttendanceMode, Reply } from '../tables.ts';

type Db = Kysely<DB>;

/** Holds a meeting's sends (invitations, papers, reminders) one at a time, to the commit. */
export const lockSends = (trx: Db, meetingId: string) =>
  sql`select pg_advisory_xact_lock(hashtext(${`invitations:${meetingId}`}))`.execute(trx);

/** A meeting as invitations, papers and reminders describe it. */
export interface MeetingToSend extends MeetingRow {
  attendanceMode: AttendanceMode;
  languages: 'en' | 'cy' | 'bilingual';
  papersDueDays: number;
  purposeEn: string | null;
  purposeCy: string | null;
  venueName: string | null;
  venueAddress: string | null;
  organisationEn: string;
  organisationCy: string;
}

const columns = [
  ...meetingColumns,
  'm.attendance_mode as attendanceMode',
  'm.languages',
  'm.papers_due_days as papersDueDays',
  'm.purpose_en as purposeEn',
  'm.purpose_cy as purposeCy',
  'v.name as venueName',
  'v.address as venueAddress',
  'o.name_en as organisationEn',
  'o.name_cy as organisationCy',
] as const;

const meetingsToSend = (db: Db) =>
  meetingsWithOrganisation(db).leftJoin('venues as v', 'v.id', 'm.venue_id').select(columns);

export async function findMeetingToSend(db: Db, id: string) {
  return meetingsToSend(db).where('m.id', '=', id).executeTakeFirst() as Promise<
    MeetingToSend | undefined
  >;
}

/** Planned meetings starting in (from, to] with someone from the register invited: the reminder
 * job's window. */
export async function meetingsStartingBetween(db: Db, from: Date, to: Date) {
  return (
    meetingsToSend(db)
      .where('m.status', '=', 'planned')
      .where('m.starts_at', '>', from)
      .where('m.starts_at', '<=', to)
      // on the partial index of meetings without minutes (none not yet held has them); a meeting
      // ends on the day it starts (meetings/rules.ts)
      .where('m.minutes_published_at', 'is', null)
      .where('m.ends_at', '>', from)
      .where('m.ends_at', '<=', new Date(to.getTime() + 86_400_000))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('meeting_invitees as i')
            .select(sql`1`.as('one'))
            .whereRef('i.meeting_id', '=', 'm.id')
            .where('i.person_id', 'is not', null)
            .where('i.invited_at', 'is not', null),
        ),
      )
      .orderBy('m.starts_at')
      .execute() as Promise<MeetingToSend[]>
  );
}

/** Someone to tell: a person on the register, a member of staff or a guest. */
export interface Recipient {
  id: string;
  personId: string | null;
  accountId: string | null;
  /** The account's or the guest's address (people's come from safe contact). */
  email: string | null;
  language: Language | null;
}

/**
 * The meeting's invitees not yet invited, or those invited, locked. Back-ups are not invited
 * with the others: they are offered a place when their representative cannot come.
 */
export async function recipientsOf(db: Db, meetingId: string, which: 'notInvited' | 'invited') {
  return db
    .selectFrom('meeting_invitees as i')
    .leftJoin('accounts as a', (join) =>
      join.onRef('a.id', '=', 'i.account_id').on('a.disabled_at', 'is', null),
    )
    .select([
      'i.id',
      'i.person_id as personId',
      'i.account_id as accountId',
      sql<string | null>`coalesce(a.email, i.guest_email)`.as('email'),
      'a.language',
    ])
    .where('i.meeting_id', '=', meetingId)
    .where('i.invited_at', which === 'invited' ? 'is not' : 'is', null)
    .$if(which === 'notInvited', (qb) => qb.where('i.role', '<>', 'backup'))
    .orderBy('i.added_at')
    .orderBy('i.id')
    .forUpdate('i')
    .execute() as Promise<Recipient[]>;
}

export async function markInvited(db: Db, inviteeIds: readonly string[], at: Date) {
  if (inviteeIds.length === 0) return;
  await db
    .updateTable('meeting_invitees')
    .set({ invited_at: at })
    .where(sql<boolean>`id = any(${sql.val(inviteeIds)}::uuid[])`)
    .execute();
}

/** Which languages the meeting has an easy-read paper in. */
export async function easyReadLanguages(db: Db, meetingId: string) {
  const rows = await db
    .selectFrom('meeting_papers')
    .select('language')
    .distinct()
    .where('meeting_id', '=', meetingId)
    .where('kind', '=', 'agenda_paper')
    .where('format', '=', 'easy_read')
    .execute();
  return new Set<Language>(rows.map((r) => r.language));
}

export async function papersCount(db: Db, meetingId: string) {
  const row = await db
    .selectFrom('meeting_papers')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('meeting_id', '=', meetingId)
    .where('kind', '=', 'agenda_paper')
    .executeTakeFirstOrThrow();
  return row.n;
}

/** People on the register invited to the meeting who may still come, with reminders sent. */
export async function remindable(db: Db, meetingId: string) {
  return db
    .selectFrom('meeting_invitees as i')
    .select([
      'i.id',
      'i.person_id as personId',
      'i.invited_at as invitedAt',
      sql<string[]>`coalesce((select array_agg(s.reminder_key) from meeting_reminders_sent s
        where s.invitee_id = i.id), '{}')`.as('sent'),
    ])
    .where('i.meeting_id', '=', meetingId)
    .where('i.person_id', 'is not', null)
    .where('i.invited_at', 'is not', null)
    .where((eb) => eb.or([eb('i.reply', 'is', null), eb('i.reply', 'not in', ['no', 'apologies'])]))
    .execute() as Promise<{ id: string; personId: string; invitedAt: Date; sent: string[] }[]>;
}

/** Records reminders as sent; returns the invitees not recorded before (the ones to tell). */
export async function recordReminders(
  db: Db,
  rows: readonly { inviteeId: string; key: string }[],
  at: Date,
) {
  if (rows.length === 0) return new Set<string>();
  const inserted = await db
    .insertInto('meeting_reminders_sent')
    .values(rows.map((r) => ({ invitee_id: r.inviteeId, reminder_key: r.key, sent_at: at })))
    .onConflict((oc) => oc.columns(['invitee_id', 'reminder_key']).doNothing())
    .returning('invitee_id')
    .execute();
  return new Set(inserted.map((r) => r.invitee_id));
}

export interface InviteeCounts {
  total: number;
  invited: number;
  notInvited: number;
  /** Back-ups not invited (offered a place only if their representative cannot come). */
  backups: number;
  replies: Record<Reply | 'none', number>;
}

/** How many are invited, not yet invited, and replied each way (one query). */
export async function inviteeCounts(db: Db, meetingId: string): Promise<InviteeCounts> {
  const row = await db
    .selectFrom('meeting_invitees')
    .select([
      sql<number>`count(*)::int`.as('total'),
      sql<number>`count(*) filter (where invited_at is not null)::int`.as('invited'),
      sql<number>`count(*) filter (where invited_at is null and role = 'backup')::int`.as(
        'backups',
      ),
      sql<number>`count(*) filter (where reply = 'yes')::int`.as('yes'),
      sql<number>`count(*) filter (where reply = 'no')::int`.as('no'),
      sql<number>`count(*) filter (where reply = 'maybe')::int`.as('maybe'),
      sql<number>`count(*) filter (where reply = 'apologies')::int`.as('apologies'),
      sql<number>`count(*) filter (where reply is null and invited_at is not null)::int`.as('none'),
    ])
    .where('meeting_id', '=', meetingId)
    .executeTakeFirstOrThrow();
  return {
    total: row.total,
    invited: row.invited,
    notInvited: row.total - row.invited - row.backups,
    backups: row.backups,
    replies: {
      yes: row.yes,
      no: row.no,
      maybe: row.maybe,
      apologies: row.apologies,
      none: row.none,
    },
  };
}

/** How many invitees were sent each reminder. */
export async function remindersSent(db: Db, meetingId: string) {
  const rows = await db
    .selectFrom('meeting_reminders_sent as s')
    .innerJoin('meeting_invitees as i', 'i.id', 's.invitee_id')
    .select(['s.reminder_key as key', sql<number>`count(*)::int`.as('n')])
    .where('i.meeting_id', '=', meetingId)
    .groupBy('s.reminder_key')
    .execute();
  return new Map(rows.map((r) => [r.key, r.n]));
}

export const sendingActions = ['meeting.invited', 'meeting.papers_sent'] as const;

/** The meeting's sendings from the audit log (counts only), newest first. */
export async function sendings(db: Db, meetingId: string) {
  return db
    .selectFrom('audit_log')
    .select(['action', 'occurred_at as at', 'details'])
    .where('subject_type', '=', 'meeting')
    .where('subject_id', '=', meetingId)
    .where('action', 'in', [...sendingActions])
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
}
