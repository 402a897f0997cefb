import type { Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import { HttpError } from '#platform/http/errors.ts';
import type { DB } from '#platform/db/schema.ts';
import { formatDate } from '#platform/views/views.ts';
import {
  contactPerson,
  namesFor,
  personByPhone,
  sentSince,
  viewerOf,
  type ContactDependencies,
} from '#features/register';
import { authoriseMeeting, findMeetingRow } from '../access.ts';
import type { ReceivedText } from '#platform/notify/received-text.ts';
import { replyFromText } from '../invitations/reply-words.ts';
import { issueReplyTokens } from '../invitations/tokens.ts';
import type { Reply, ReplyChannel } from '../tables.ts';
import {
  backupOf,
  inviteeForReply,
  inviteeOfMeeting,
  markBackupOffered,
  openInvitationOf,
  storeReply,
} from './repository.ts';

/**
 * Replies to an invitation (issue 10 item 6), whichever way they come: the portal, the link in
 * the invitation (/r/<token>), a text back to Notify, or a member of staff after a phone call.
 * One function records them all, so every channel behaves the same: the same reply twice changes
 * nothing; a different one replaces it. When a representative cannot come, their back-up is
 * offered the place, once (WF 3.1 contingency).
 */

export type ReplyProblem = 'notFound' | 'cancelled' | 'over';
export type ReplyResult =
  { ok: true; changed: boolean; backupOffered: boolean } | { ok: false; problem: ReplyProblem };

/** What came of a text message sent back to Notify (counted in the log; nothing personal). */
export type ReceivedTextOutcome =
  'recorded' | 'unchanged' | 'closed' | 'unknownNumber' | 'noOpenInvitation' | 'notUnderstood';

/** A person is told their text was not understood at most once a day (an auto-reply can't loop). */
const NOT_UNDERSTOOD_EVERY_MS = 86_400_000;

/** Replies that free a representative's place for their back-up. */
const cannotCome = (reply: Reply) => reply === 'no' || reply === 'apologies';

export interface RepliesDependencies {
  db: Kysely<DB>;
  audit: AuditLog;
  /** The safe-contact function's dependencies: the back-up is told through it. */
  contact: Omit<ContactDependencies, 'notifier'>;
  publicUrl: string;
}

export function createRepliesService(deps: RepliesDependencies) {
  const { db, audit } = deps;

  /**
   * Records an invitee's reply (and, for a representative who cannot come, offers their back-up
   * the place). `by.accountId` is the member of staff who recorded it, or null for the person.
   */
  async function recordReply(
    inviteeId: string,
    reply: Reply,
    channel: ReplyChannel,
    by: { accountId: string | null },
    now: Date = new Date(),
  ): Promise<ReplyResult> {
    return db.transaction().execute(async (trx): Promise<ReplyResult> => {
      const invitee = await inviteeForReply(trx, inviteeId);
      if (!invitee) return { ok: false, problem: 'notFound' };
      if (invitee.status === 'cancelled') return { ok: false, problem: 'cancelled' };
      if (invitee.startsAt.getTime() <= now.getTime()) return { ok: false, problem: 'over' };
      if (invitee.reply === reply) return { ok: true, changed: false, backupOffered: false };
      await storeReply(trx, invitee.id, reply, channel, now);
      const meeting = { id: invitee.meetingId, organisationId: invitee.organisationId };
      await audit.record(
        {
          actorAccountId: by.accountId,
          action: 'meeting.replied',
          subjectType: 'meeting',
          subjectId: meeting.id,
          organisationId: meeting.organisationId,
          details: { inviteeId: invitee.id, reply, channel },
        },
        trx,
      );
      let backupOffered = false;
      if (cannotCome(reply) && invitee.backupOfferedAt === null) {
        const backup = await backupOf(trx, invitee.id);
        // the conditional update makes two apologies at once offer the place once
        if (backup && (await markBackupOffered(trx, invitee.id, backup.id, now))) {
          const tokens = await issueReplyTokens(trx, [{ id: backup.id, endsAt: invitee.endsAt }]);
          const language = backup.language;
          const told = await contactPerson(deps.contact, trx, {
            personId: backup.personId,
            organisationId: meeting.organisationId,
            template: 'meetingBackupOffer',
            personalisation: {
              title: language === 'cy' ? invitee.titleCy : invitee.titleEn,
              date: formatDate(invitee.startsAt, language),
              link: `${deps.publicUrl}/r/${tokens.get(backup.id)}`,
            },
          });
          await audit.record(
            {
              actorAccountId: by.accountId,
              action: 'meeting.backup_offered',
              subjectType: 'meeting',
              subjectId: meeting.id,
              organisationId: meeting.organisationId,
              details: { inviteeId: invitee.id, backupInviteeId: backup.id, told: told.status },
            },
            trx,
          );
          backupOffered = true;
        }
      }
      return { ok: true, changed: true, backupOffered };
    });
  }

  /**
   * A text message sent back to an invitation (Notify's received-text callback): the sender's
   * number finds the person, their open invitation is the soonest meeting to come they were sent
   * one for, and the words are read in English or Welsh. Anything else stores nothing; a person
   * with an open invitation whose words were not understood is told how to reply (once a day).
   */
  async function receivedText(
    text: ReceivedText,
    now: Date = new Date(),
  ): Promise<ReceivedTextOutcome> {
    const keys = deps.contact.config.encryptionKey;
    const person = await personByPhone(db, keys, text.sourceNumber);
    if (!person) return 'unknownNumber';
    const invitation = await openInvitationOf(db, person.id, now);
    if (!invitation) return 'noOpenInvitation';
    const reply = replyFromText(text.message);
    if (!reply) {
      const template = 'meetingReplyNotUnderstood';
      const since = new Date(now.getTime() - NOT_UNDERSTOOD_EVERY_MS);
      if (!(await sentSince(db, person.id, template, since)))
        await db.transaction().execute((trx) =>
          contactPerson(deps.contact, trx, {
            personId: person.id,
            organisationId: invitation.organisationId,
            template,
            personalisation: { link: `${deps.publicUrl}/portal/meetings` },
            channel: 'sms',
            immediate: true,
          }),
        );
      return 'notUnderstood';
    }
    const result = await recordReply(invitation.id, reply, 'sms', { accountId: null }, now);
    if (!result.ok) return 'closed';
    return result.changed ? 'recorded' : 'unchanged';
  }

  /** The meeting and invitee of a staff reply page: meeting.manage, the invitee of that meeting. */
  async function staffTarget(actor: Actor, meetingId: string, inviteeId: string) {
    const meeting = authoriseMeeting(actor, await findMeetingRow(db, meetingId), 'meeting.manage');
    const invitee = await inviteeOfMeeting(db, meeting.id, inviteeId);
    if (!invitee) throw new HttpError(404);
    return { meeting, invitee };
  }

  /**
   * What a member of staff sees to record a reply for someone (after a phone call): the meeting,
   * the invitee's name as far as they may see it (the read of a person's name is audited) and
   * their reply so far.
   */
  async function replyForm(actor: Actor, meetingId: string, inviteeId: string) {
    const { meeting, invitee } = await staffTarget(actor, meetingId, inviteeId);
    let name = invitee.accountName ?? invitee.guestName;
    if (invitee.personId) {
      name =
        (await namesFor(db, viewerOf(actor), [invitee.personId])).get(invitee.personId) ?? null;
      if (name !== null)
        await audit.record({
          actorAccountId: actor.id,
          action: 'meeting.reply_form_viewed',
          subjectType: 'person',
          subjectId: invitee.personId,
          organisationId: meeting.organisationId,
          details: { meetingId: meeting.id, inviteeId: invitee.id },
        });
    }
    return { meeting, invitee: { ...invitee, name } };
  }

  /** Records the reply someone gave a member of staff (channel `staff`, by that account). */
  async function recordReplyFor(
    actor: Actor,
    meetingId: string,
    inviteeId: string,
    reply: Reply,
  ): Promise<ReplyResult> {
    const { invitee } = await staffTarget(actor, meetingId, inviteeId);
    return recordReply(invitee.id, reply, 'staff', { accountId: actor.id });
  }

  return { recordReply, receivedText, replyForm, recordReplyFor };
}

export type RepliesService = ReturnType<typeof createRepliesService>;
