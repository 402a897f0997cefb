import type { TFunction } from 'i18next';
import { sql, type Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Config } from '#app/config.ts';
import type { DB } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import type { I18n } from '#platform/i18n/i18n.ts';
import type { Notifier } from '#platform/notify/notifier.ts';
import { sendEach } from '#platform/notify/send-each.ts';
import type { Permission } from '#platform/permissions/policy.ts';
import { londonParts } from '#platform/time/london.ts';
import { formatDate } from '#platform/views/views.ts';
import { failed, ok, type Result } from '#platform/validation/index.ts';
import { authoriseMeeting, findMeetingRow, mayAt, meetingAudit } from '../access.ts';

/**
 * Consultation events (issue 10 item 9, WF 3.11): a few questions, notes from small groups on
 * the day, and a summary sent the same day to the providers and commissioners concerned (staff
 * with a lead, administrator or commissioner role there).
 */

type Db = Kysely<DB>;

/** Who gets the summary at each organisation chosen. */
const SUMMARY_ROLES = ['organisation_admin', 'involvement_lead', 'commissioner'] as const;
export const MAX_QUESTIONS = 10;

export interface ConsultationDependencies {
  db: Db;
  audit: AuditLog;
  notifier: Notifier;
  i18n: I18n;
  config: Pick<Config, 'publicUrl'>;
  now?: () => Date;
}

export interface Question {
  id: string;
  position: number;
  textEn: string;
  textCy: string;
}
export interface Note {
  id: string;
  questionId: string | null;
  groupLabel: string;
  note: string;
}

/** The summary in one language: each question with what each group said, then other notes. */
export function summaryText(
  t: TFunction,
  lang: 'en' | 'cy',
  questions: readonly Question[],
  notes: readonly Note[],
) {
  const lines: string[] = [];
  const block = (heading: string, forNotes: readonly Note[]) => {
    lines.push(heading);
    if (!forNotes.length) lines.push(`- ${t('consultation:summary.nothing')}`);
    for (const n of forNotes)
      lines.push(`- ${n.groupLabel}: ${n.note.replace(/\s+/g, ' ').trim()}`);
    lines.push('');
  };
  for (const q of questions)
    block(
      t('consultation:summary.question', {
        number: q.position,
        text: lang === 'cy' ? q.textCy : q.textEn,
      }),
      notes.filter((n) => n.questionId === q.id),
    );
  const other = notes.filter((n) => !n.questionId || !questions.some((q) => q.id === n.questionId));
  if (other.length) block(t('consultation:summary.other'), other);
  return lines.join('\n').trim();
}

export function createConsultationService(deps: ConsultationDependencies) {
  const { db, audit } = deps;
  const now = deps.now ?? (() => new Date());

  async function eventFor(actor: Actor, meetingId: string, permission: Permission) {
    // only consultation events have questions and group notes
    const meeting = authoriseMeeting(actor, await findMeetingRow(db, meetingId), 'meeting.view');
    if (meeting.kind !== 'consultation_event') throw new HttpError(404);
    authoriseMeeting(actor, meeting, permission);
    return {
      ...meeting,
      canManage: mayAt(actor, meeting, 'meeting.manage'),
      canTakeNotes: mayAt(actor, meeting, 'meeting.attendance'),
    };
  }

  const questionsOf = (trx: Db, meetingId: string): Promise<Question[]> =>
    trx
      .selectFrom('consultation_questions')
      .select(['id', 'position', 'text_en as textEn', 'text_cy as textCy'])
      .where('meeting_id', '=', meetingId)
      .orderBy('position')
      .execute();
  const notesOf = (trx: Db, meetingId: string): Promise<Note[]> =>
    trx
      .selectFrom('consultation_notes')
      .select(['id', 'question_id as questionId', 'group_label as groupLabel', 'note'])
      .where('meeting_id', '=', meetingId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();

  /** The organisations the summary can go to: the event's own, those above it, those below. */
  const summaryOrganisations = (meeting: { organisationId: string; ancestors: string[] }) =>
    db
      .selectFrom('organisations as o')
      .select(['o.id', 'o.name_en as nameEn', 'o.name_cy as nameCy', 'o.kind'])
      .where((eb) =>
        eb.or([
          eb('o.id', 'in', meeting.ancestors),
          eb(sql<boolean>`o.ancestors @> array[${meeting.organisationId}]::uuid[]`, '=', true),
        ]),
      )
      .where('o.archived_at', 'is', null)
      .where('o.kind', '<>', 'nation')
      .orderBy(sql`array_length(o.ancestors, 1)`)
      .orderBy('o.name_en')
      .limit(200)
      .execute();

  async function consultationPage(actor: Actor, meetingId: string) {
    const meeting = await eventFor(actor, meetingId, 'meeting.view');
    const [questions, notes, organisations, sent] = await Promise.all([
      questionsOf(db, meeting.id),
      notesOf(db, meeting.id),
      meeting.canManage ? summaryOrganisations(meeting) : [],
      db
        .selectFrom('consultation_summaries')
        .select(['sent_at as sentAt', 'recipients'])
        .where('meeting_id', '=', meeting.id)
        .orderBy('sent_at', 'desc')
        .execute(),
    ]);
    const today = londonParts(now()).date >= londonParts(meeting.startsAt).date;
    return { meeting, questions, notes, organisations, sent, onTheDay: today };
  }

  const record = meetingAudit(audit);

  async function addQuestion(
    actor: Actor,
    meetingId: string,
    text: { textEn: string; textCy: string },
  ): Promise<Result> {
    const meeting = await eventFor(actor, meetingId, 'meeting.manage');
    return db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtext(${meeting.id}))`.execute(trx);
      const questions = await questionsOf(trx, meeting.id);
      if (questions.length >= MAX_QUESTIONS)
        return failed([{ field: 'textEn', message: 'consultation:errors.tooManyQuestions' }]);
      const position = (questions.at(-1)?.position ?? 0) + 1;
      const row = await trx
        .insertInto('consultation_questions')
        .values({ meeting_id: meeting.id, position, text_en: text.textEn, text_cy: text.textCy })
        .returning('id')
        .executeTakeFirstOrThrow();
      await record(trx, actor, 'meeting.question_added', meeting, { questionId: row.id });
      return ok(undefined);
    });
  }

  async function removeQuestion(actor: Actor, meetingId: string, questionId: string) {
    const meeting = await eventFor(actor, meetingId, 'meeting.manage');
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .deleteFrom('consultation_questions')
        .where('id', '=', questionId)
        .where('meeting_id', '=', meeting.id)
        .returning('id')
        .executeTakeFirst();
      if (!row) throw new HttpError(404);
      await record(trx, actor, 'meeting.question_removed', meeting, { questionId });
    });
  }

  /** A small group's note, on the day or after it. */
  async function addNote(
    actor: Actor,
    meetingId: string,
    input: { questionId: string | null; groupLabel: string; note: string },
  ): Promise<Result> {
    const meeting = await eventFor(actor, meetingId, 'meeting.attendance');
    if (londonParts(now()).date < londonParts(meeting.startsAt).date)
      return failed([{ field: 'note', message: 'consultation:errors.notYet' }]);
    if (input.questionId) {
      const questions = await questionsOf(db, meeting.id);
      if (!questions.some((q) => q.id === input.questionId))
        return failed([{ field: 'questionId', message: 'consultation:errors.question' }]);
    }
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('consultation_notes')
        .values({
          meeting_id: meeting.id,
          question_id: input.questionId,
          group_label: input.groupLabel,
          note: input.note,
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await record(trx, actor, 'meeting.note_added', meeting, { noteId: row.id });
    });
    return ok(undefined);
  }

  /**
   * E-mails the summary, each in the recipient's language, to the leads, administrators and
   * commissioners of the organisations chosen. Returns how many it went to.
   */
  async function sendSummary(
    actor: Actor,
    meetingId: string,
    organisationIds: readonly string[],
  ): Promise<Result<{ recipients: number }>> {
    const meeting = await eventFor(actor, meetingId, 'meeting.manage');
    const allowed = new Set((await summaryOrganisations(meeting)).map((o) => o.id));
    if (!organisationIds.length || organisationIds.some((id) => !allowed.has(id)))
      return failed([{ field: 'organisationIds', message: 'consultation:errors.organisations' }]);
    const [questions, notes] = await Promise.all([
      questionsOf(db, meeting.id),
      notesOf(db, meeting.id),
    ]);
    if (!notes.length)
      return failed([{ field: 'organisationIds', message: 'consultation:errors.noNotes' }]);
    const recipients = await db
      .selectFrom('accounts as a')
      .select(['a.id', 'a.email', 'a.language'])
      .distinct()
      .innerJoin('memberships as ms', 'ms.account_id', 'a.id')
      .where('ms.organisation_id', 'in', [...organisationIds])
      .where('ms.role', 'in', [...SUMMARY_ROLES])
      .where('a.disabled_at', 'is', null)
      .execute();
    if (!recipients.length)
      return failed([{ field: 'organisationIds', message: 'consultation:errors.nobody' }]);
    await db.transaction().execute(async (trx) => {
      await trx
        .insertInto('consultation_summaries')
        .values({
          meeting_id: meeting.id,
          organisation_ids: [...organisationIds],
          recipients: recipients.length,
          sent_by: actor.id,
        })
        .execute();
      await record(trx, actor, 'meeting.summary_sent', meeting, {
        organisationIds,
        recipients: recipients.length,
      });
    });
    const texts = { en: '', cy: '' };
    for (const lang of ['en', 'cy'] as const)
      texts[lang] = summaryText(deps.i18n.t(lang), lang, questions, notes);
    // after the commit (the notifier must not run inside a transaction); a failure to one is
    // not a failure to all: the summary page says how many went
    const sent = await sendEach(deps.notifier, recipients, (r) => ({
      recipient: {
        channel: 'email',
        address: r.email,
        language: r.language,
        organisationId: meeting.organisationId,
      },
      message: {
        template: 'consultationSummary',
        personalisation: {
          title: r.language === 'cy' ? meeting.titleCy : meeting.titleEn,
          date: formatDate(meeting.startsAt, r.language),
          summary: texts[r.language],
          link: `${deps.config.publicUrl}/meetings/${meeting.id}/consultation`,
        },
        reference: `consultation-summary-${meeting.id}`,
      },
    }));
    return ok({ recipients: sent });
  }

  return { consultationPage, addQuestion, removeQuestion, addNote, sendSummary };
}

export type ConsultationService = ReturnType<typeof createConsultationService>;
