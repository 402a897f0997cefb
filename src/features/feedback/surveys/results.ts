import { sql } from 'kysely';
import { authoriseAt } from '#features/admin';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { receiveItem } from '../items/receive.ts';
import type { FeedbackKind } from '../items/tables.ts';
import { questionsOf, type Surveys } from './service.ts';

/** Free-text answers shown a page at a time. */
export const TEXT_PAGE = 20;

/**
 * A survey's results: how many answered, each choice and scale point counted, free-text answers
 * newest first (a page per question). Three aggregate queries, however many answers there are.
 */
export function createSurveyResults({
  db,
  audit,
  surveys,
}: {
  db: Database;
  audit: AuditLog;
  surveys: Surveys;
}) {
  return {
    async results(actor: Actor, surveyId: string) {
      const survey = await surveys.surveyFor(actor, surveyId, 'feedback.view');
      const [questions, totals, chosen, points, texts] = await Promise.all([
        questionsOf(db, survey.id),
        db
          .selectFrom('survey_responses')
          .select([
            sql<number>`count(*)::int`.as('responses'),
            sql<number>`count(*) filter (where language = 'cy')::int`.as('welsh'),
            sql<number>`count(*) filter (where person_id is not null)::int`.as('named'),
          ])
          .where('survey_id', '=', survey.id)
          .executeTakeFirstOrThrow(),
        // each option chosen, and how many answered each question
        sql<{ questionId: string; option: number | null; count: number }>`
          select a.question_id as "questionId", c.option::int as option, count(*)::int as count
          from survey_answers a
          join survey_questions q on q.id = a.question_id
          left join lateral unnest(a.choices) as c(option) on true
          where q.survey_id = ${survey.id}
          group by grouping sets ((a.question_id, c.option), (a.question_id))`.execute(db),
        db
          .selectFrom('survey_answers as a')
          .innerJoin('survey_questions as q', 'q.id', 'a.question_id')
          .select([
            'a.question_id as questionId',
            'a.scale',
            sql<number>`count(*)::int`.as('count'),
          ])
          .where('q.survey_id', '=', survey.id)
          .where('a.scale', 'is not', null)
          .groupBy(['a.question_id', 'a.scale'])
          .execute(),
        // the newest free-text answers of each question
        sql<{
          questionId: string;
          responseId: string;
          text: string;
          feedbackItemId: string | null;
          answeredAt: Date;
        }>`
          select q.id as "questionId", t.*
          from survey_questions q, lateral (
            select a.response_id as "responseId", a.text, a.feedback_item_id as "feedbackItemId",
              r.answered_at as "answeredAt"
            from survey_answers a join survey_responses r on r.id = a.response_id
            where a.question_id = q.id and a.text is not null
            order by r.answered_at desc, r.id limit 5) t
          where q.survey_id = ${survey.id} and q.kind = 'text'`.execute(db),
      ]);
      const answeredBy = new Map<string, number>();
      const optionCounts = new Map<string, number>();
      for (const row of chosen.rows) {
        if (row.option === null) answeredBy.set(row.questionId, row.count);
        else optionCounts.set(`${row.questionId}:${row.option}`, row.count);
      }
      return {
        survey,
        totals,
        questions: questions.map((q) => ({
          ...q,
          answered: answeredBy.get(q.id) ?? 0,
          optionCounts: q.optionsEn.map((_, i) => optionCounts.get(`${q.id}:${i}`) ?? 0),
          pointCounts: Array.from(
            { length: q.scalePoints ?? 0 },
            (_, i) => points.find((p) => p.questionId === q.id && p.scale === i + 1)?.count ?? 0,
          ),
          texts: texts.rows.filter((t) => t.questionId === q.id),
        })),
      };
    },

    /** A page of one free-text question's answers, newest first, and how many there are. */
    async textAnswers(actor: Actor, surveyId: string, questionId: string, page: number) {
      const survey = await surveys.surveyFor(actor, surveyId, 'feedback.view');
      const question = (await questionsOf(db, survey.id)).find(
        (q) => q.id === questionId && q.kind === 'text',
      );
      if (!question) throw new HttpError(404);
      const [rows, count] = await Promise.all([
        db
          .selectFrom('survey_answers as a')
          .innerJoin('survey_responses as r', 'r.id', 'a.response_id')
          .select([
            'a.response_id as responseId',
            'a.text',
            'a.feedback_item_id as feedbackItemId',
            'r.answered_at as answeredAt',
          ])
          .where('a.question_id', '=', question.id)
          .where('a.text', 'is not', null)
          .orderBy('r.answered_at', 'desc')
          .orderBy('r.id')
          .limit(TEXT_PAGE)
          .offset((page - 1) * TEXT_PAGE)
          .execute(),
        db
          .selectFrom('survey_answers')
          .select(sql<number>`count(*)::int`.as('count'))
          .where('question_id', '=', question.id)
          .where('text', 'is not', null)
          .executeTakeFirstOrThrow(),
      ]);
      return {
        survey,
        question,
        rows,
        page,
        pageCount: Math.max(1, Math.ceil(count.count / TEXT_PAGE)),
      };
    },

    /**
     * A free-text answer made into a feedback item in the organisation's inbox (channel survey,
     * named when the answer was): the item's id, or the one it was made into before.
     */
    async makeItem(
      actor: Actor,
      ids: { surveyId: string; responseId: string; questionId: string },
      kind: FeedbackKind,
    ) {
      const survey = await surveys.surveyFor(actor, ids.surveyId, 'feedback.triage');
      const answer = await db
        .selectFrom('survey_answers as a')
        .innerJoin('survey_responses as r', 'r.id', 'a.response_id')
        .select(['a.text', 'a.feedback_item_id as feedbackItemId', 'r.person_id', 'r.language'])
        .where('a.response_id', '=', ids.responseId)
        .where('a.question_id', '=', ids.questionId)
        .where('r.survey_id', '=', survey.id)
        .executeTakeFirst();
      if (!answer?.text) throw new HttpError(404);
      if (answer.feedbackItemId) return answer.feedbackItemId;
      authoriseAt(actor, 'feedback.triage', {
        id: survey.organisationId,
        ancestors: survey.ancestors,
      });
      const item = await receiveItem(
        { db, audit },
        {
          organisation_id: survey.organisationId,
          channel: 'survey',
          kind,
          body: answer.text,
          language: answer.language,
          person_id: answer.person_id,
        },
        actor.id,
      );
      await db
        .updateTable('survey_answers')
        .set({ feedback_item_id: item.id })
        .where('response_id', '=', ids.responseId)
        .where('question_id', '=', ids.questionId)
        .where('feedback_item_id', 'is', null)
        .execute();
      return item.id;
    },
  };
}

export type SurveyResults = ReturnType<typeof createSurveyResults>;
