import type { Kysely, Transaction } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Config } from '#app/config.ts';
import type { DB } from '#platform/db/schema.ts';
import type { I18n, Language } from '#platform/i18n/i18n.ts';
import type { Jobs } from '#platform/jobs/types.ts';
import type { Notifier } from '#platform/notify/notifier.ts';
import { sendEach } from '#platform/notify/send-each.ts';
import { formatDateTime } from '#platform/views/views.ts';
import { failed, ok, type Result } from '#platform/validation/index.ts';
import { contactPeople, summariseContacts } from '#features/register';
import { authoriseMeeting, mayAt, meetingAudit } from '../access.ts';
import type { CalendarMeeting } from './calendar.ts';
import { dueReminders, reminderTimes } from './reminders.ts';
import {
  easyReadLanguages,
  findMeetingToSend,
  inviteeCounts,
  lockSends,
  markInvited,
  meetingsStartingBetween,
  papersCount,
  recipientsOf,
  recordReminders,
  remindable,
  remindersSent,
  sendings,
  type MeetingToSend,
  type Recipient,
} from './repository.ts';
import { issueReplyTokens } from './tokens.ts';

/**
 * Invitations, papers and reminders going out (issue 10 items 4 and 6). People on the register
 * are told through safe contact (the register's contactPeople: consent, channel, quiet hours,
 * easy read, discreet messages), in the same transaction that marks them invited and issues
 * their reply links; staff and guests get an e-mail after the commit. Audit entries hold counts
 * only.
 */

type Db = Kysely<DB>;

/** The reminder job looks this far ahead (the earliest reminder is 48 hours before). */
export const REMINDER_WINDOW_HOURS = 49;

export interface InvitationsDependencies {
  db: Db;
  audit: AuditLog;
  notifier: Notifier;
  i18n: I18n;
  jobs?: Jobs | undefined;
  config: Pick<Config, 'publicUrl' | 'encryptionKey'>;
  now?: () => Date;
}

/** What a sending did: people queued or blocked (by reason), staff and guests e-mailed. */
export interface Sent {
  count: number;
  queued: number;
  blocked: Record<string, number>;
  emailed: number;
}

export type SendProblem = 'cancelled' | 'past' | 'nobody' | 'nobodyInvited' | 'noPapers';

/** The venue's name and address, unless the meeting is online only. */
const venueOf = (meeting: MeetingToSend) =>
  meeting.attendanceMode !== 'online' && meeting.venueName
    ? `${meeting.venueName}, ${meeting.venueAddress ?? ''}`
    : null;

/** What every message about a meeting says, in one language. */
export function meetingDetails(meeting: MeetingToSend, lang: Language, i18n: I18n) {
  const t = i18n.t(lang);
  const venue = venueOf(meeting);
  return {
    organisation: lang === 'cy' ? meeting.organisationCy : meeting.organisationEn,
    title: lang === 'cy' ? meeting.titleCy : meeting.titleEn,
    date: formatDateTime(meeting.startsAt, lang),
    place:
      venue === null
        ? t('invitations:online')
        : meeting.attendanceMode === 'hybrid'
          ? t('invitations:hybridPlace', { venue })
          : venue,
  };
}

/** The calendar entry of a meeting in a language (nothing about any invitee). */
export function calendarMeetingOf(
  meeting: MeetingToSend,
  lang: Language,
  i18n: I18n,
): CalendarMeeting {
  const t = i18n.t(lang);
  return {
    id: meeting.id,
    title: lang === 'cy' ? meeting.titleCy : meeting.titleEn,
    startsAt: meeting.startsAt,
    endsAt: meeting.endsAt,
    venue: venueOf(meeting),
    onlineLabel: t('invitations:online'),
    description: (lang === 'cy' ? meeting.purposeCy : meeting.purposeEn) ?? null,
  };
}

/** A meeting's calendar entry in a language, found by id (no permission check: callers check). */
export async function calendarMeetingById(db: Db, i18n: I18n, meetingId: string, lang: Language) {
  const meeting = await findMeetingToSend(db, meetingId);
  return meeting && calendarMeetingOf(meeting, lang, i18n);
}

/** What a message adds for its language, and the staff page its link opens (after the meeting's). */
interface TellOptions {
  extra?: (lang: Language) => Record<string, string>;
  staffPage?: string;
}

export function createInvitationsService(deps: InvitationsDependencies) {
  const { db, audit, i18n } = deps;
  const now = deps.now ?? (() => new Date());
  const record = meetingAudit(audit);
  const contact = { db, config: deps.config, i18n, jobs: deps.jobs };
  const replyLink = (token: string) => `${deps.config.publicUrl}/r/${token}`;

  async function meetingFor(
    actor: Actor,
    meetingId: string,
    permission: 'meeting.view' | 'meeting.manage',
  ) {
    return authoriseMeeting(actor, await findMeetingToSend(db, meetingId), permission);
  }

  /** Why nothing can be sent for this meeting now, if something stops it. */
  const stopped = (meeting: MeetingToSend): SendProblem | null =>
    meeting.status === 'cancelled' ? 'cancelled' : meeting.startsAt <= now() ? 'past' : null;

  /** Guests are written to in the meeting's language (English when it is bilingual). */
  const guestLanguage = (meeting: MeetingToSend): Language =>
    meeting.languages === 'cy' ? 'cy' : 'en';

  /**
   * Tells the invitees in `recipients` through safe contact (people) inside `trx`, issuing
   * their reply links; returns the e-mails for staff and guests, to send after the commit.
   */
  async function tell(
    trx: Transaction<DB>,
    meeting: MeetingToSend,
    recipients: readonly Recipient[],
    template: string,
    options: TellOptions = {},
  ) {
    const extra = options.extra ?? (() => ({}));
    const linked = recipients.filter((r) => r.personId || !r.accountId);
    const tokens = await issueReplyTokens(
      trx,
      linked.map((r) => ({ id: r.id, endsAt: meeting.endsAt })),
    );
    const inviteeOfPerson = new Map(
      recipients.flatMap((r) => (r.personId ? [[r.personId, r.id] as const] : [])),
    );
    const details = {
      en: meetingDetails(meeting, 'en', i18n),
      cy: meetingDetails(meeting, 'cy', i18n),
    };
    const extras = { en: extra('en'), cy: extra('cy') };
    const results = await contactPeople(contact, trx, {
      personIds: [...inviteeOfPerson.keys()],
      organisationId: meeting.organisationId,
      template,
      personalisation: ({ id, language }) => ({
        ...details[language],
        ...extras[language],
        link: replyLink(tokens.get(inviteeOfPerson.get(id)!)!),
      }),
    });
    const emails = recipients.flatMap((r) => {
      if (r.personId || !r.email) return [];
      const language = r.accountId ? (r.language ?? 'en') : guestLanguage(meeting);
      const link = r.accountId
        ? `${deps.config.publicUrl}/meetings/${meeting.id}${options.staffPage ?? ''}`
        : replyLink(tokens.get(r.id)!);
      return [{ address: r.email, language, link }];
    });
    return { summary: summariseContacts(results), emails };
  }

  /** E-mails to staff and guests, after the commit; one failing does not stop the others. */
  async function email(
    meeting: MeetingToSend,
    template: string,
    emails: readonly { address: string; language: Language; link: string }[],
    extra: (lang: Language) => Record<string, string> = () => ({}),
  ) {
    return sendEach(deps.notifier, emails, (e) => ({
      recipient: {
        channel: 'email',
        address: e.address,
        language: e.language,
        organisationId: meeting.organisationId,
      },
      message: {
        template,
        personalisation: {
          ...meetingDetails(meeting, e.language, i18n),
          ...extra(e.language),
          link: e.link,
        },
        reference: `${template}-${meeting.id}`,
      },
    }));
  }

  /**
   * Inside `trx`, the meeting's sends locked: tells the invitees `which` with `template` and
   * records `action` with the counts; null when there is nobody to tell.
   */
  async function tellInvitees(
    trx: Transaction<DB>,
    actor: Actor,
    meeting: MeetingToSend,
    send: { which: 'notInvited' | 'invited'; template: string; action: string } & TellOptions,
  ) {
    await lockSends(trx, meeting.id);
    const recipients = await recipientsOf(trx, meeting.id, send.which);
    if (!recipients.length) return null;
    const { summary, emails } = await tell(trx, meeting, recipients, send.template, send);
    await record(trx, actor, send.action, meeting, {
      count: recipients.length,
      queued: summary.queued,
      blocked: summary.blocked,
      emails: emails.length,
    });
    return { recipients, summary, emails };
  }

  /** Invites everyone not yet invited to a planned meeting that has not started. */
  async function sendInvitations(actor: Actor, meetingId: string): Promise<Result<Sent>> {
    const meeting = await meetingFor(actor, meetingId, 'meeting.manage');
    const problem = stopped(meeting);
    if (problem) return failed([{ field: 'form', message: `invitations:errors.${problem}` }]);
    const done = await db.transaction().execute(async (trx) => {
      const told = await tellInvitees(trx, actor, meeting, {
        which: 'notInvited',
        template: 'meetingInvitation',
        action: 'meeting.invited',
      });
      if (told)
        await markInvited(
          trx,
          told.recipients.map((r) => r.id),
          now(),
        );
      return told;
    });
    if (!done) return failed([{ field: 'form', message: 'invitations:errors.nobody' }]);
    const emailed = await email(meeting, 'meetingInvitationStaff', done.emails);
    return ok({ count: done.recipients.length, ...done.summary, emailed });
  }

  /**
   * Tells every invitee already invited that the papers are ready, with a fresh reply link (the
   * reply page lists the papers); easy-read readers are told whether there is an easy-read one.
   */
  async function sendPapers(actor: Actor, meetingId: string): Promise<Result<Sent>> {
    const meeting = await meetingFor(actor, meetingId, 'meeting.manage');
    const problem = stopped(meeting);
    if (problem) return failed([{ field: 'form', message: `invitations:errors.${problem}` }]);
    if ((await papersCount(db, meeting.id)) === 0)
      return failed([{ field: 'form', message: 'invitations:errors.noPapers' }]);
    const easyRead = await easyReadLanguages(db, meeting.id);
    const extra = (lang: Language) => ({
      easyRead: easyRead.has(lang) ? i18n.t(lang)('invitations:easyReadReady') : '',
    });
    const done = await db.transaction().execute((trx) =>
      tellInvitees(trx, actor, meeting, {
        which: 'invited',
        template: 'meetingPapers',
        action: 'meeting.papers_sent',
        extra,
        staffPage: '/papers',
      }),
    );
    if (!done) return failed([{ field: 'form', message: 'invitations:errors.nobodyInvited' }]);
    const emailed = await email(meeting, 'meetingPapers', done.emails, extra);
    return ok({ count: done.recipients.length, ...done.summary, emailed });
  }

  /**
   * Sends the reminders that are due (the reminder job, every few minutes): for meetings starting
   * within 49 hours, each invitee on the register who was invited before the reminder's time and
   * has not said no gets the latest reminder due, once (meeting_reminders_sent's key stops a
   * second). A reminder missed while the job was down is recorded with the later one, not sent.
   */
  async function sendDueReminders(at: Date = now()) {
    const meetings = await meetingsStartingBetween(
      db,
      at,
      new Date(at.getTime() + REMINDER_WINDOW_HOURS * 3_600_000),
    );
    let total = 0;
    for (const meeting of meetings) {
      if (!reminderTimes(meeting.startsAt).some((r) => r.at <= at)) continue;
      total += await db.transaction().execute(async (trx) => {
        await lockSends(trx, meeting.id);
        const invitees = await remindable(trx, meeting.id);
        const rows: { inviteeId: string; key: string }[] = [];
        const latest = new Map<string, string>();
        for (const invitee of invitees) {
          const due = dueReminders(meeting.startsAt, at, new Set(invitee.sent)).filter(
            (r) => r.at > invitee.invitedAt,
          );
          if (!due.length) continue;
          for (const r of due) rows.push({ inviteeId: invitee.id, key: r.key });
          latest.set(invitee.id, due.at(-1)!.key);
        }
        const fresh = await recordReminders(trx, rows, at);
        const toTell = invitees.filter((i) => fresh.has(i.id));
        if (!toTell.length) return 0;
        const { summary } = await tell(
          trx,
          meeting,
          toTell.map((i) => ({
            id: i.id,
            personId: i.personId,
            accountId: null,
            email: null,
            language: null,
          })),
          'meetingReminder',
        );
        await audit.record(
          {
            actorAccountId: null,
            action: 'meeting.reminded',
            subjectType: 'meeting',
            subjectId: meeting.id,
            organisationId: meeting.organisationId,
            details: {
              reminders: [...new Set(latest.values())],
              count: toTell.length,
              queued: summary.queued,
              blocked: summary.blocked,
            },
          },
          trx,
        );
        return toTell.length;
      });
    }
    return total;
  }

  /** The invitations page: counts, what was sent and when, the reminders. */
  async function invitationsPage(actor: Actor, meetingId: string) {
    const meeting = await meetingFor(actor, meetingId, 'meeting.view');
    const [counts, sent, reminders] = await Promise.all([
      inviteeCounts(db, meeting.id),
      sendings(db, meeting.id),
      remindersSent(db, meeting.id),
    ]);
    const invitations = sent.filter((s) => s.action === 'meeting.invited');
    const messages = { queued: 0, emails: 0, blocked: {} as Record<string, number> };
    for (const s of invitations) {
      const details = s.details as Partial<Sent> & { emails?: number };
      messages.queued += details.queued ?? 0;
      messages.emails += details.emails ?? 0;
      for (const [reason, n] of Object.entries(details.blocked ?? {}))
        messages.blocked[reason] = (messages.blocked[reason] ?? 0) + n;
    }
    return {
      meeting,
      canManage: mayAt(actor, meeting, 'meeting.manage'),
      stopped: stopped(meeting),
      counts,
      messages,
      invitedAt: invitations[0]?.at ?? null,
      papersAt: sent.find((s) => s.action === 'meeting.papers_sent')?.at ?? null,
      reminders: reminderTimes(meeting.startsAt).map((r) => ({
        ...r,
        sent: reminders.get(r.key) ?? 0,
      })),
    };
  }

  /**
   * Tells everyone already invited that these meetings (just cancelled by the actor) will not
   * take place, in their language and format; staff and guests by e-mail. Meetings not
   * cancelled, or already over, are skipped. Audited: meeting.cancellation_sent with counts.
   */
  async function tellCancelled(actor: Actor, meetingIds: readonly string[]) {
    let told = 0;
    for (const meetingId of meetingIds) {
      const meeting = await meetingFor(actor, meetingId, 'meeting.manage');
      if (meeting.status !== 'cancelled' || meeting.endsAt <= now()) continue;
      const done = await db.transaction().execute(async (trx) => {
        const recipients = await recipientsOf(trx, meeting.id, 'invited');
        if (!recipients.length) return null;
        const { summary, emails } = await tell(trx, meeting, recipients, 'meetingCancelled');
        await record(trx, actor, 'meeting.cancellation_sent', meeting, {
          count: recipients.length,
          queued: summary.queued,
          blocked: summary.blocked,
          emails: emails.length,
        });
        return { count: recipients.length, emails };
      });
      if (!done) continue;
      await email(meeting, 'meetingCancelled', done.emails);
      told += done.count;
    }
    return told;
  }

  /** The meeting's calendar entry in a language, for staff who may see the meeting. */
  async function calendarFor(actor: Actor, meetingId: string, lang: Language) {
    return calendarMeetingOf(await meetingFor(actor, meetingId, 'meeting.view'), lang, i18n);
  }

  return {
    sendInvitations,
    sendPapers,
    sendDueReminders,
    tellCancelled,
    invitationsPage,
    calendarFor,
  };
}

export type InvitationsService = ReturnType<typeof createInvitationsService>;
