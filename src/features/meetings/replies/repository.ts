import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
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

/** Marks the back-up as offered unless it already was: true only for the one caller that did. */
export async function markBackupOffered(trx: Kysely<DB>, inviteeId: string, at: Date) {
  const row = await trx
    .updateTable('meeting_invitees')
    .set({ backup_offered_at: at })
    .where('id', '=', inviteeId)
    .where('backup_offered_at', 'is', null)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
