import { sql } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { PortalPerson } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { receiveItem } from '../items/receive.ts';
import { MAX_BODY } from '../public/schema.ts';
import { answerWords, type Answers, type Question } from './answering.ts';
import { isOpen, questionsOf, surveyColumns, today } from './service.ts';
import type { ResponseChannel, SurveyKind, SurveyStatus } from './tables.ts';

/** A survey as the person answering it sees it. */
export interface AnsweredSurvey {
  id: string;
  organisationId: string;
  kind: SurveyKind;
  titleEn: string;
  titleCy: string;
  introEn: string;
  introCy: string;
  status: SurveyStatus;
  code: string | null;
  closesOn: string | null;
  closedAt: Date | null;
  organisationEn: string;
  organisationCy: string;
  questions: Question[];
}

/** What is kept of a closed survey's free-text answers, as one feedback item's words. */
export function keptWords(survey: AnsweredSurvey, answers: Answers, lang: string) {
  const parts = survey.questions
    .filter((q) => q.kind === 'text' && answers[q.id])
    .map(
      (q) =>
        `${lang === 'cy' && q.textCy ? q.textCy : q.textEn}\n${answerWords(q, answers[q.id], lang)}`,
    );
  return parts.join('\n\n').slice(0, MAX_BODY);
}

/**
 * Answering: by a survey's short link (anyone, anonymous) or in the portal (a person at the
 * organisation or below it; anonymous unless they choose to give their name); a draft shared
 * with a forum, read and commented on by its members.
 */
export function createSurveyAnswers({ db, audit }: { db: Database; audit: AuditLog }) {
  const withQuestions = async <T extends Omit<AnsweredSurvey, 'questions'>>(
    survey: T | undefined,
  ) => (survey ? { ...survey, questions: await questionsOf(db, survey.id) } : undefined);

  const base = () =>
    db
      .selectFrom('surveys as s')
      .innerJoin('organisations as o', 'o.id', 's.organisation_id')
      .select(surveyColumns);

  /** The person's scope: every organisation they are connected to and those above. */
  const scopeOfPerson = async (person: PortalPerson) => {
    const row = await db
      .selectFrom('people')
      .select('scope_ids')
      .where('id', '=', person.id)
      .executeTakeFirst();
    return sql.val(row?.scope_ids ?? []);
  };

  return {
    /** A survey by its short link (live or closed: a draft has none). */
    async byCode(code: string) {
      return withQuestions(
        await base().where('s.code', '=', code).where('s.status', '!=', 'draft').executeTakeFirst(),
      );
    },

    /** The surveys a person may answer in the portal (open now), and drafts shared with their forums. */
    async forPerson(person: PortalPerson) {
      const scopeIds = await scopeOfPerson(person);
      const scope = sql<boolean>`s.organisation_id = any(${scopeIds}::uuid[])`;
      const forum = sql<boolean>`s.forum_id = any(${scopeIds}::uuid[])`;
      const [open, drafts, answered] = await Promise.all([
        base()
          .where('s.status', '=', 'live')
          .where((eb) => eb.or([eb('s.closes_on', 'is', null), eb('s.closes_on', '>', today())]))
          .where(scope)
          .orderBy('s.opened_at', 'desc')
          .limit(50)
          .execute(),
        base()
          .where('s.status', '=', 'draft')
          .where(forum)
          .orderBy('s.shared_at', 'desc')
          .limit(50)
          .execute(),
        db
          .selectFrom('survey_responses')
          .select('survey_id')
          .where('person_id', '=', person.id)
          .execute(),
      ]);
      const done = new Set(answered.map((r) => r.survey_id));
      return { open: open.map((s) => ({ ...s, answered: done.has(s.id) })), drafts };
    },

    /** A survey the person may answer (live or closed, at their organisations or above). */
    async forPersonById(person: PortalPerson, surveyId: string) {
      return withQuestions(
        await base()
          .where('s.id', '=', surveyId)
          .where('s.status', '!=', 'draft')
          .where(sql<boolean>`s.organisation_id = any(${await scopeOfPerson(person)}::uuid[])`)
          .executeTakeFirst(),
      );
    },

    /** A draft shared with one of the person's forums, with what they said about it. */
    async draftForPerson(person: PortalPerson, surveyId: string) {
      const survey = await withQuestions(
        await base()
          .where('s.id', '=', surveyId)
          .where('s.status', '=', 'draft')
          .where(sql<boolean>`s.forum_id = any(${await scopeOfPerson(person)}::uuid[])`)
          .executeTakeFirst(),
      );
      if (!survey) return undefined;
      const comments = await db
        .selectFrom('survey_comments')
        .select(['body', 'created_at as createdAt'])
        .where('survey_id', '=', survey.id)
        .where('person_id', '=', person.id)
        .orderBy('created_at')
        .execute();
      return { ...survey, comments };
    },

    async commentAsPerson(person: PortalPerson, surveyId: string, body: string) {
      const survey = await this.draftForPerson(person, surveyId);
      if (!survey) throw new HttpError(404);
      await db
        .insertInto('survey_comments')
        .values({ survey_id: survey.id, person_id: person.id, body })
        .execute();
      await audit.record({
        actorAccountId: null,
        action: 'survey.commented',
        subjectType: 'survey',
        subjectId: survey.id,
        organisationId: survey.organisationId,
        details: { by: 'person' },
      });
    },

    /**
     * Keeps a response, if the survey still takes answers (checked under a lock, so an answer
     * sent as it closes is refused rather than half kept): false when it does not.
     */
    async submit(
      survey: AnsweredSurvey,
      answers: Answers,
      how: { channel: ResponseChannel; language: 'en' | 'cy'; personId: string | null },
    ) {
      return db.transaction().execute(async (trx) => {
        const current = await trx
          .selectFrom('surveys')
          .select(['status', 'closes_on as closesOn'])
          .where('id', '=', survey.id)
          .forShare()
          .executeTakeFirst();
        if (!current || !isOpen(current, today())) return false;
        const response = await trx
          .insertInto('survey_responses')
          .values({
            survey_id: survey.id,
            channel: how.channel,
            language: how.language,
            person_id: how.personId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        const rows = survey.questions
          .filter((q) => answers[q.id])
          .map((q) => {
            const given = answers[q.id]!;
            return {
              response_id: response.id,
              question_id: q.id,
              choices: 'choices' in given ? given.choices : null,
              scale: 'scale' in given ? given.scale : null,
              text: 'text' in given ? given.text : null,
            };
          });
        if (rows.length) await trx.insertInto('survey_answers').values(rows).execute();
        // no one is named in the audit: the channel and whether the answers were named
        await audit.record(
          {
            actorAccountId: null,
            action: 'survey.answered',
            subjectType: 'survey',
            subjectId: survey.id,
            organisationId: survey.organisationId,
            details: { channel: how.channel, named: Boolean(how.personId) },
          },
          trx,
        );
        return true;
      });
    },

    /**
     * A closed survey's free-text answers sent to the organisation as one anonymous feedback
     * item instead (nothing typed is lost); its receipt code, or null when there were none.
     */
    async keepAsFeedback(survey: AnsweredSurvey, answers: Answers, language: 'en' | 'cy') {
      const body = keptWords(survey, answers, language);
      if (!body) return null;
      const item = await receiveItem(
        { db, audit },
        {
          organisation_id: survey.organisationId,
          channel: 'survey',
          kind: 'suggestion',
          body,
          language,
        },
        null,
      );
      return item.receiptCode;
    },
  };
}

export type SurveyAnswers = ReturnType<typeof createSurveyAnswers>;
