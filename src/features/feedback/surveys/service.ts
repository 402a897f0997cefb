import crypto from 'node:crypto';
import { sql } from 'kysely';
import { authoriseAt } from '#features/admin';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { scopeOf, type Permission } from '#platform/permissions/policy.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';
import type { Question } from './answering.ts';
import { MAX_QUESTIONS, type QuestionInput, type SurveyInput } from './schema.ts';
import type { SurveyStatus } from './tables.ts';

export const PAGE_SIZE = 25;
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
const newCode = () =>
  Array.from(crypto.randomBytes(6), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');

/** The columns of a question as it is asked (`survey_questions as q`). */
export const questionColumns = [
  'q.id',
  'q.position',
  'q.kind',
  'q.text_en as textEn',
  'q.text_cy as textCy',
  'q.hint_en as hintEn',
  'q.hint_cy as hintCy',
  'q.required',
  'q.options_en as optionsEn',
  'q.options_cy as optionsCy',
  'q.scale_points as scalePoints',
  'q.low_en as lowEn',
  'q.low_cy as lowCy',
  'q.high_en as highEn',
  'q.high_cy as highCy',
] as const;

/** The columns of a survey as it is answered (`surveys as s` with its organisation `o`). */
export const surveyColumns = [
  's.id',
  's.organisation_id as organisationId',
  's.kind',
  's.title_en as titleEn',
  's.title_cy as titleCy',
  's.intro_en as introEn',
  's.intro_cy as introCy',
  's.status',
  's.code',
  's.closes_on as closesOn',
  's.closed_at as closedAt',
  'o.name_en as organisationEn',
  'o.name_cy as organisationCy',
] as const;

export function questionsOf(db: Database, surveyId: string): Promise<Question[]> {
  return db
    .selectFrom('survey_questions as q')
    .select(questionColumns)
    .where('q.survey_id', '=', surveyId)
    .orderBy('q.position')
    .execute();
}

/** Is a survey taking answers today: live, and its closing day not reached. */
export const isOpen = (survey: { status: SurveyStatus; closesOn: string | null }, today: string) =>
  survey.status === 'live' && (!survey.closesOn || survey.closesOn > today);

export const today = () => new Date().toISOString().slice(0, 10);

/** A survey's own columns from the form (its organisation is set once, on creation). */
const surveyValues = (input: SurveyInput) => ({
  kind: input.kind,
  title_en: input.titleEn,
  title_cy: input.titleCy,
  intro_en: input.introEn,
  intro_cy: input.introCy,
  closes_on: input.closesOn,
});

const questionValues = (input: QuestionInput) => ({
  kind: input.kind,
  text_en: input.textEn,
  text_cy: input.textCy,
  hint_en: input.hintEn,
  hint_cy: input.hintCy,
  required: input.required,
  options_en: input.optionsEn,
  options_cy: input.optionsCy,
  scale_points: input.scalePoints,
  low_en: input.lowEn,
  low_cy: input.lowCy,
  high_en: input.highEn,
  high_cy: input.highCy,
});

/** Surveys and exit questionnaires as staff build, share, open and close them. */
export function createSurveys({ db, audit }: { db: Database; audit: AuditLog }) {
  /** The survey with its organisation, if the actor holds the permission there (404/403). */
  async function surveyFor(actor: Actor, surveyId: string, permission: Permission) {
    const survey = await db
      .selectFrom('surveys as s')
      .innerJoin('organisations as o', 'o.id', 's.organisation_id')
      .leftJoin('organisations as f', 'f.id', 's.forum_id')
      .select([
        ...surveyColumns,
        'o.ancestors',
        's.forum_id as forumId',
        'f.name_en as forumEn',
        'f.name_cy as forumCy',
        's.shared_at as sharedAt',
        's.opened_at as openedAt',
        's.version',
      ])
      .where('s.id', '=', surveyId)
      .executeTakeFirst();
    if (!survey) throw new HttpError(404);
    authoriseAt(actor, permission, { id: survey.organisationId, ancestors: survey.ancestors });
    return survey;
  }

  const record = (
    actor: Actor,
    survey: { id: string; organisationId: string },
    action: string,
    details = {},
  ) =>
    audit.record({
      actorAccountId: actor.id,
      action,
      subjectType: 'survey',
      subjectId: survey.id,
      organisationId: survey.organisationId,
      details,
    });

  /** A draft's questions may change; a live or closed survey's answers depend on them. */
  async function draftFor(actor: Actor, surveyId: string) {
    const survey = await surveyFor(actor, surveyId, 'feedback.publish');
    if (survey.status !== 'draft') throw new HttpError(409);
    return survey;
  }

  return {
    surveyFor,

    /** The surveys the actor may see (feedback.view), newest first, with their answer counts. */
    async list(actor: Actor, page: number) {
      const base = db
        .selectFrom('surveys as s')
        .innerJoin('organisations as o', 'o.id', 's.organisation_id')
        .where(inSubtrees(scopeOf(actor, 'feedback.view')));
      const [rows, count] = await Promise.all([
        base
          .select([
            's.id',
            's.kind',
            's.title_en as titleEn',
            's.title_cy as titleCy',
            's.status',
            's.closes_on as closesOn',
            'o.name_en as organisationEn',
            'o.name_cy as organisationCy',
            sql<number>`(select count(*) from survey_responses r where r.survey_id = s.id)::int`.as(
              'responses',
            ),
          ])
          .orderBy('s.created_at', 'desc')
          .orderBy('s.id')
          .limit(PAGE_SIZE)
          .offset((page - 1) * PAGE_SIZE)
          .execute(),
        base.select(sql<number>`count(*)::int`.as('count')).executeTakeFirstOrThrow(),
      ]);
      return { rows, page, pageCount: Math.max(1, Math.ceil(count.count / PAGE_SIZE)) };
    },

    /** Where the actor may build a survey: organisations (not forums) where it holds feedback.publish. */
    organisations(actor: Actor) {
      return db
        .selectFrom('organisations as o')
        .select(['o.id', 'o.name_en as nameEn', 'o.name_cy as nameCy'])
        .where('o.archived_at', 'is', null)
        .where('o.kind', '!=', 'group')
        .where(inSubtrees(scopeOf(actor, 'feedback.publish')))
        .orderBy('o.name_en')
        .limit(500)
        .execute();
    },

    async create(actor: Actor, input: SurveyInput) {
      const organisation = await db
        .selectFrom('organisations')
        .select(['id', 'ancestors'])
        .where('id', '=', input.organisationId)
        .where('kind', '!=', 'group')
        .executeTakeFirst();
      if (!organisation) throw new HttpError(404);
      authoriseAt(actor, 'feedback.publish', organisation);
      const row = await db
        .insertInto('surveys')
        .values({
          ...surveyValues(input),
          organisation_id: organisation.id,
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await record(actor, { id: row.id, organisationId: organisation.id }, 'survey.created', {
        kind: input.kind,
      });
      return row.id;
    },

    /** Titles, introductions, kind and closing day (the organisation stays). */
    async update(actor: Actor, surveyId: string, input: SurveyInput) {
      const survey = await surveyFor(actor, surveyId, 'feedback.publish');
      await db
        .updateTable('surveys')
        .set({
          ...surveyValues(input),
          version: sql`version + 1`,
        })
        .where('id', '=', survey.id)
        .execute();
      await record(actor, survey, 'survey.updated');
    },

    /** The survey's page: its questions, the forum's comments, its answer count, forums to share with. */
    async view(actor: Actor, surveyId: string) {
      const survey = await surveyFor(actor, surveyId, 'feedback.view');
      const parent = sql`o.ancestors[cardinality(o.ancestors) - 1]`;
      const [questions, comments, responses, forums] = await Promise.all([
        questionsOf(db, survey.id),
        db
          .selectFrom('survey_comments as c')
          .leftJoin('people as p', 'p.id', 'c.person_id')
          .leftJoin('accounts as a', 'a.id', 'c.account_id')
          .select([
            'c.id',
            'c.body',
            'c.created_at as createdAt',
            'p.display_name as personName',
            'a.name as accountName',
          ])
          .where('c.survey_id', '=', survey.id)
          .orderBy('c.created_at')
          .limit(200)
          .execute(),
        db
          .selectFrom('survey_responses')
          .select(sql<number>`count(*)::int`.as('count'))
          .where('survey_id', '=', survey.id)
          .executeTakeFirstOrThrow(),
        // forums beside or below the organisation: a group whose parent is one of its
        // ancestors, or that sits below it
        db
          .selectFrom('organisations as o')
          .select(['o.id', 'o.name_en as nameEn', 'o.name_cy as nameCy'])
          .where('o.kind', '=', 'group')
          .where('o.archived_at', 'is', null)
          .where((eb) =>
            eb.or([
              sql<boolean>`${parent} = any(${sql.val(survey.ancestors)}::uuid[])`,
              sql<boolean>`${survey.organisationId}::uuid = any(o.ancestors)`,
            ]),
          )
          .orderBy('o.name_en')
          .limit(100)
          .execute(),
      ]);
      return { survey, questions, comments, responses: responses.count, forums };
    },

    async question(actor: Actor, surveyId: string, questionId: string) {
      const survey = await draftFor(actor, surveyId);
      const question = await db
        .selectFrom('survey_questions as q')
        .select(questionColumns)
        .where('q.survey_id', '=', survey.id)
        .where('q.id', '=', questionId)
        .executeTakeFirst();
      if (!question) throw new HttpError(404);
      return { survey, question };
    },

    /** Adds a question at the end; false when the survey has as many as it may. */
    async addQuestion(actor: Actor, surveyId: string, input: QuestionInput) {
      const survey = await draftFor(actor, surveyId);
      return db.transaction().execute(async (trx) => {
        await trx
          .selectFrom('surveys')
          .select('id')
          .where('id', '=', survey.id)
          .forUpdate()
          .execute();
        const { last } = await trx
          .selectFrom('survey_questions')
          .select(sql<number>`coalesce(max(position), 0)::int`.as('last'))
          .where('survey_id', '=', survey.id)
          .executeTakeFirstOrThrow();
        if (last >= MAX_QUESTIONS) return false;
        await trx
          .insertInto('survey_questions')
          .values({ survey_id: survey.id, position: last + 1, ...questionValues(input) })
          .execute();
        await record(actor, survey, 'survey.question_added', { position: last + 1 });
        return true;
      });
    },

    async updateQuestion(actor: Actor, surveyId: string, questionId: string, input: QuestionInput) {
      const { survey, question } = await this.question(actor, surveyId, questionId);
      await db
        .updateTable('survey_questions')
        .set(questionValues(input))
        .where('id', '=', question.id)
        .execute();
      await record(actor, survey, 'survey.question_changed', { position: question.position });
    },

    /** Moves a question one place up or down (positions swap inside one transaction). */
    async moveQuestion(actor: Actor, surveyId: string, questionId: string, up: boolean) {
      const { survey, question } = await this.question(actor, surveyId, questionId);
      const other = question.position + (up ? -1 : 1);
      await db.transaction().execute(async (trx) => {
        const moved = await trx
          .updateTable('survey_questions')
          .set({ position: question.position })
          .where('survey_id', '=', survey.id)
          .where('position', '=', other)
          .executeTakeFirst();
        if (!moved.numUpdatedRows) return;
        await trx
          .updateTable('survey_questions')
          .set({ position: other })
          .where('id', '=', question.id)
          .execute();
      });
    },

    /** Removes a question; those after it move up a place. */
    async removeQuestion(actor: Actor, surveyId: string, questionId: string) {
      const { survey, question } = await this.question(actor, surveyId, questionId);
      await db.transaction().execute(async (trx) => {
        await trx.deleteFrom('survey_questions').where('id', '=', question.id).execute();
        await trx
          .updateTable('survey_questions')
          .set({ position: sql`position - 1` })
          .where('survey_id', '=', survey.id)
          .where('position', '>', question.position)
          .execute();
      });
      await record(actor, survey, 'survey.question_removed', { position: question.position });
    },

    /** Shares the draft with a forum for comment (or stops sharing it: null). */
    async share(actor: Actor, surveyId: string, forumId: string | null) {
      const { survey, forums } = await this.view(actor, surveyId);
      authoriseAt(actor, 'feedback.publish', {
        id: survey.organisationId,
        ancestors: survey.ancestors,
      });
      if (survey.status !== 'draft') throw new HttpError(409);
      if (forumId && !forums.some((f) => f.id === forumId)) throw new HttpError(400);
      await db
        .updateTable('surveys')
        .set({ forum_id: forumId, shared_at: forumId ? new Date() : null })
        .where('id', '=', survey.id)
        .execute();
      await record(actor, survey, forumId ? 'survey.shared' : 'survey.unshared', { forumId });
    },

    /** Staff note what the forum said (at a meeting, by phone). */
    async comment(actor: Actor, surveyId: string, body: string) {
      const survey = await surveyFor(actor, surveyId, 'feedback.publish');
      await db
        .insertInto('survey_comments')
        .values({ survey_id: survey.id, account_id: actor.id, body })
        .execute();
      await record(actor, survey, 'survey.commented');
    },

    /**
     * Opens a survey for answers (its short link given the first time; a draft needs a
     * question) or closes it. False when a draft has no questions.
     */
    async setStatus(actor: Actor, surveyId: string, status: 'live' | 'closed') {
      const survey = await surveyFor(actor, surveyId, 'feedback.publish');
      if (status === 'closed') {
        if (survey.status !== 'live') throw new HttpError(409);
        await db
          .updateTable('surveys')
          .set({ status: 'closed', closed_at: new Date() })
          .where('id', '=', survey.id)
          .execute();
        await record(actor, survey, 'survey.closed');
        return true;
      }
      if (survey.status === 'live') throw new HttpError(409);
      const questions = await db
        .selectFrom('survey_questions')
        .select(sql<number>`count(*)::int`.as('count'))
        .where('survey_id', '=', survey.id)
        .executeTakeFirstOrThrow();
      if (!questions.count) return false;
      for (let attempt = 0; ; attempt += 1) {
        try {
          await db
            .updateTable('surveys')
            .set({
              status: 'live',
              code: survey.code ?? newCode(),
              opened_at: survey.openedAt ?? new Date(),
              closed_at: null,
              // a survey opened again after its closing day stays open until closed by hand
              closes_on: survey.closesOn && survey.closesOn <= today() ? null : survey.closesOn,
            })
            .where('id', '=', survey.id)
            .execute();
          break;
        } catch (error) {
          if ((error as { code?: string }).code !== '23505' || attempt >= 3) throw error;
        }
      }
      await record(actor, survey, 'survey.opened');
      return true;
    },
  };
}

export type Surveys = ReturnType<typeof createSurveys>;
