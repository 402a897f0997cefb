import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import {
  inviteeNameColumns,
  inviteesWithAccounts,
  meetingColumns,
  meetingsWithOrganisation,
  staffAt,
  type MeetingRow,
} from '../access.ts';
import type { Attendance, ClosedGroup, InviteeRole, Reply, ReplyChannel } from '../tables.ts';

type Db = Kysely<DB>;

export interface MeetingForInvitees extends MeetingRow {
  closedTo: ClosedGroup | null;
}

export function findMeeting(db: Db, id: string) {
  return meetingsWithOrganisation(db)
    .select([...meetingColumns, 'm.closed_to as closedTo'])
    .where('m.id', '=', id)
    .executeTakeFirst() as Promise<MeetingForInvitees | undefined>;
}

/** An invitee as other meetings features need one (no names: people's come from the register). */
export interface Invitee {
  id: string;
  personId: string | null;
  accountId: string | null;
  guestName: string | null;
  guestEmail: string | null;
  role: InviteeRole;
  backupFor: string | null;
  reply: Reply | null;
  invitedAt: Date | null;
}

/** The columns of an `Invitee` (from `meeting_invitees as i`) other than `invitedAt`. */
const inviteeColumns = [
  'i.id',
  'i.person_id as personId',
  'i.account_id as accountId',
  'i.guest_name as guestName',
  'i.guest_email as guestEmail',
  'i.role',
  'i.backup_for as backupFor',
  'i.reply',
] as const;

/** Everyone invited to a meeting, in the order they were added. */
export function inviteesOf(db: Db, meetingId: string): Promise<Invitee[]> {
  return db
    .selectFrom('meeting_invitees as i')
    .select([...inviteeColumns, 'i.invited_at as invitedAt'])
    .where('i.meeting_id', '=', meetingId)
    .orderBy('i.added_at')
    .orderBy('i.id')
    .execute();
}

/** A row of the invitee list: staff names joined, and whom a back-up backs up. */
export interface ListedInvitee extends Invitee {
  accountName: string | null;
  replyChannel: ReplyChannel | null;
  attendance: Attendance | null;
  backupForPersonId: string | null;
  backupForAccountName: string | null;
  backupForGuestName: string | null;
  total: number;
}

/** Representatives first, then their back-ups, members and observers; each in the order added. */
const roleOrder = sql<number>`array_position(array['representative', 'backup', 'member', 'observer'], i.role)`;

/** One page of the invitee list, with the total, in one query. */
export function listInvitees(db: Db, meetingId: string, page: { limit: number; offset: number }) {
  return db
    .selectFrom('meeting_invitees as i')
    .leftJoin('accounts as a', 'a.id', 'i.account_id')
    .leftJoin('meeting_invitees as b', 'b.id', 'i.backup_for')
    .leftJoin('accounts as ba', 'ba.id', 'b.account_id')
    .select([
      ...inviteeColumns,
      'a.name as accountName',
      'i.reply_channel as replyChannel',
      'i.invited_at as invitedAt',
      'i.attendance',
      'b.person_id as backupForPersonId',
      'ba.name as backupForAccountName',
      'b.guest_name as backupForGuestName',
      sql<number>`(count(*) over ())::int`.as('total'),
    ])
    .where('i.meeting_id', '=', meetingId)
    .orderBy(roleOrder)
    .orderBy('i.added_at')
    .orderBy('i.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute() as Promise<ListedInvitee[]>;
}

/** One invitee of the meeting (locked for a change when `lock`), with a staff name. */
export function findInvitee(db: Db, meetingId: string, inviteeId: string, lock = false) {
  return db
    .selectFrom('meeting_invitees as i')
    .leftJoin('accounts as a', 'a.id', 'i.account_id')
    .select([...inviteeColumns, 'a.name as accountName', 'i.attendance'])
    .where('i.meeting_id', '=', meetingId)
    .where('i.id', '=', inviteeId)
    .$if(lock, (qb) => qb.forUpdate('i'))
    .executeTakeFirst();
}

/** The meeting's representatives, and whether each already has a back-up (other than `except`). */
export function representatives(db: Db, meetingId: string, except: string | null) {
  return inviteesWithAccounts(db)
    .select((eb) => [
      ...inviteeNameColumns,
      eb
        .exists(
          eb
            .selectFrom('meeting_invitees as c')
            .select('c.id')
            .whereRef('c.backup_for', '=', 'i.id')
            .$if(except !== null, (qb) => qb.where('c.id', '<>', except!)),
        )
        .as('hasBackup'),
    ])
    .where('i.meeting_id', '=', meetingId)
    .where('i.role', '=', 'representative')
    .orderBy('i.added_at')
    .orderBy('i.id')
    .limit(500)
    .execute();
}

/** The invitees backing up this representative (other than `except`). */
export async function backupsOf(db: Db, representativeId: string, except: string | null) {
  const rows = await db
    .selectFrom('meeting_invitees')
    .select('id')
    .where('backup_for', '=', representativeId)
    .$if(except !== null, (qb) => qb.where('id', '<>', except!))
    .execute();
  return rows.map((r) => r.id);
}

/** Of these people, those already invited to the meeting. */
export async function alreadyInvited(db: Db, meetingId: string, personIds: readonly string[]) {
  if (!personIds.length) return new Set<string>();
  const rows = await db
    .selectFrom('meeting_invitees')
    .select('person_id')
    .where('meeting_id', '=', meetingId)
    .where('person_id', 'in', [...personIds])
    .execute();
  return new Set(rows.map((r) => r.person_id!));
}

/**
 * Staff who may be invited: enabled accounts with a role at the meeting's organisation or above
 * it, not yet invited.
 */
export function invitableStaff(db: Db, meetingId: string, ancestors: string[]) {
  return staffAt(db, ancestors)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('meeting_invitees as i')
            .select('i.id')
            .whereRef('i.account_id', '=', 'a.id')
            .where('i.meeting_id', '=', meetingId),
        ),
      ),
    )
    .orderBy('a.name')
    .orderBy('a.id')
    .limit(500)
    .execute();
}

export interface NewInvitee {
  personId?: string;
  accountId?: string;
  guestName?: string;
  guestEmail?: string;
}

/** Adds invitees as members; one already there (a double submit, a race) is skipped. */
export async function insertInvitees(
  db: Db,
  meetingId: string,
  addedBy: string,
  invitees: NewInvitee[],
) {
  if (!invitees.length) return [];
  return db
    .insertInto('meeting_invitees')
    .values(
      invitees.map((i) => ({
        meeting_id: meetingId,
        person_id: i.personId ?? null,
        account_id: i.accountId ?? null,
        guest_name: i.guestName ?? null,
        guest_email: i.guestEmail ?? null,
        added_by: addedBy,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .returning(['id', 'role'])
    .execute();
}

export async function setRole(
  db: Db,
  inviteeId: string,
  role: InviteeRole,
  backupFor: string | null,
) {
  await db
    .updateTable('meeting_invitees')
    .set({ role, backup_for: backupFor })
    .where('id', '=', inviteeId)
    .execute();
}

export async function deleteInvitee(db: Db, inviteeId: string) {
  await db.deleteFrom('meeting_invitees').where('id', '=', inviteeId).execute();
}
