import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import {
  anywhereAs,
  overSubtree,
  personal,
  scoped,
  unscoped,
} from '#platform/permissions/matrix.ts';
import { feedbackPermissions } from '../permissions.ts';

const builders = feedbackPermissions['feedback.publish'];
const readers = feedbackPermissions['feedback.view'];
const triagers = feedbackPermissions['feedback.triage'];
let made = 0;

/**
 * A survey at the organisation with a text question (live ones get a fresh short link; a draft
 * may be shared with a "forum": the organisation itself, so its people see it) and, when asked,
 * an answer to it.
 */
export async function insertTestSurvey(
  fixture: MatrixFixture,
  organisationId: string,
  status: 'draft' | 'live' = 'draft',
  options: { forum?: boolean; answered?: boolean } = {},
) {
  const { db } = fixture.services as Services;
  made += 1;
  // the counter in the short link alphabet (base 31), after a prefix no other row uses
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  let code = '';
  for (let n = made; code.length < 4; n = Math.floor(n / 31)) code = alphabet[n % 31]! + code;
  code = status === 'live' ? `mxs${code}` : '';
  const survey = await db
    .insertInto('surveys')
    .values({
      organisation_id: organisationId,
      title_en: 'Matrix survey',
      status,
      code: code || null,
      forum_id: options.forum ? organisationId : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const question = await db
    .insertInto('survey_questions')
    .values({ survey_id: survey.id, position: 1, kind: 'text', text_en: 'What could be better?' })
    .returning('id')
    .executeTakeFirstOrThrow();
  let responseId: string | null = null;
  if (options.answered) {
    const response = await db
      .insertInto('survey_responses')
      .values({ survey_id: survey.id, channel: 'web' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('survey_answers')
      .values({ response_id: response.id, question_id: question.id, text: 'Later opening.' })
      .execute();
    responseId = response.id;
  }
  return { id: survey.id, code: code || null, questionId: question.id, responseId };
}

const draftAt = async (f: MatrixFixture, target: string) => insertTestSurvey(f, target);
const at =
  (
    path: (s: Awaited<ReturnType<typeof insertTestSurvey>>) => string,
    status: 'draft' | 'live' = 'draft',
  ) =>
  async (f: MatrixFixture, target: string) =>
    path(await insertTestSurvey(f, target, status, { answered: true }));

const question = { kind: 'text', textEn: 'Anything else?', required: 'no' };

export const surveysMatrix: MatrixRow[] = [
  unscoped('GET /surveys', anywhereAs(...readers)),
  unscoped('GET /surveys/new', anywhereAs(...builders)),
  {
    route: 'POST /surveys/new',
    access: overSubtree(...builders),
    request: (_f, target) => ({
      method: 'POST',
      url: '/surveys/new',
      form: { organisation: target, kind: 'survey', titleEn: 'Matrix survey' },
    }),
  },
  scoped(
    'GET /surveys/:surveyId',
    overSubtree(...readers),
    at((s) => `/surveys/${s.id}`),
  ),
  scoped(
    'GET /surveys/:surveyId/edit',
    overSubtree(...builders),
    at((s) => `/surveys/${s.id}/edit`),
  ),
  scoped(
    'POST /surveys/:surveyId/edit',
    overSubtree(...builders),
    at((s) => `/surveys/${s.id}/edit`),
    {
      kind: 'exit',
      titleEn: 'Leaving us',
    },
  ),
  scoped(
    'GET /surveys/:surveyId/questions/new',
    overSubtree(...builders),
    async (f, t) => `/surveys/${(await draftAt(f, t)).id}/questions/new`,
  ),
  scoped(
    'POST /surveys/:surveyId/questions/new',
    overSubtree(...builders),
    async (f, t) => `/surveys/${(await draftAt(f, t)).id}/questions/new`,
    question,
  ),
  scoped('GET /surveys/:surveyId/questions/:questionId', overSubtree(...builders), async (f, t) => {
    const s = await draftAt(f, t);
    return `/surveys/${s.id}/questions/${s.questionId}`;
  }),
  scoped(
    'POST /surveys/:surveyId/questions/:questionId',
    overSubtree(...builders),
    async (f, t) => {
      const s = await draftAt(f, t);
      return `/surveys/${s.id}/questions/${s.questionId}`;
    },
    question,
  ),
  scoped(
    'POST /surveys/:surveyId/questions/:questionId/move',
    overSubtree(...builders),
    async (f, t) => {
      const s = await draftAt(f, t);
      return `/surveys/${s.id}/questions/${s.questionId}/move`;
    },
    { direction: 'down' },
  ),
  scoped(
    'POST /surveys/:surveyId/questions/:questionId/remove',
    overSubtree(...builders),
    async (f, t) => {
      const s = await draftAt(f, t);
      return `/surveys/${s.id}/questions/${s.questionId}/remove`;
    },
  ),
  scoped(
    'POST /surveys/:surveyId/share',
    overSubtree(...builders),
    async (f, t) => `/surveys/${(await draftAt(f, t)).id}/share`,
    { forum: '' },
  ),
  scoped(
    'POST /surveys/:surveyId/comments',
    overSubtree(...builders),
    async (f, t) => `/surveys/${(await draftAt(f, t)).id}/comments`,
    { comment: 'The forum asked for shorter questions.' },
  ),
  scoped(
    'POST /surveys/:surveyId/status',
    overSubtree(...builders),
    async (f, t) => `/surveys/${(await draftAt(f, t)).id}/status`,
    { status: 'live' },
  ),
  scoped(
    'GET /surveys/:surveyId/handout.pdf',
    overSubtree(...readers),
    at((s) => `/surveys/${s.id}/handout.pdf`, 'live'),
  ),
  scoped(
    'GET /surveys/:surveyId/results',
    overSubtree(...readers),
    at((s) => `/surveys/${s.id}/results`, 'live'),
  ),
  scoped(
    'GET /surveys/:surveyId/results/:questionId',
    overSubtree(...readers),
    at((s) => `/surveys/${s.id}/results/${s.questionId}`, 'live'),
  ),
  scoped(
    'POST /surveys/:surveyId/answers/:responseId/:questionId/item',
    overSubtree(...triagers),
    at((s) => `/surveys/${s.id}/answers/${s.responseId}/${s.questionId}/item`, 'live'),
    { kind: 'suggestion' },
  ),
  // answering by the short link: anyone
  scoped(
    'GET /s/:code',
    'public',
    at((s) => `/s/${s.code}`, 'live'),
  ),
  scoped(
    'POST /s/:code',
    'public',
    at((s) => `/s/${s.code}`, 'live'),
    { at: '0' },
  ),
  scoped(
    'POST /s/:code/feedback',
    'public',
    at((s) => `/s/${s.code}/feedback`, 'live'),
    {
      answers: '{}',
    },
  ),
  // the portal: surveys at the person's organisations, drafts shared with their forums
  personal('GET /portal/surveys'),
  personal(
    'GET /portal/surveys/:surveyId',
    at((s) => `/portal/surveys/${s.id}`, 'live'),
  ),
  personal(
    'POST /portal/surveys/:surveyId',
    at((s) => `/portal/surveys/${s.id}`, 'live'),
    {
      at: '0',
    },
  ),
  personal(
    'POST /portal/surveys/:surveyId/feedback',
    at((s) => `/portal/surveys/${s.id}/feedback`, 'live'),
    { answers: '{}' },
  ),
  personal(
    'GET /portal/surveys/:surveyId/draft',
    async (f, t) =>
      `/portal/surveys/${(await insertTestSurvey(f, t, 'draft', { forum: true })).id}/draft`,
  ),
  personal(
    'POST /portal/surveys/:surveyId/draft',
    async (f, t) =>
      `/portal/surveys/${(await insertTestSurvey(f, t, 'draft', { forum: true })).id}/draft`,
    { comment: 'Please use plainer words.' },
  ),
];
