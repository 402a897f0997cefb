import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { surveyAnswerRoutes } from './answer-routes.ts';
import { surveysMatrix } from './authz.ts';
import { createSurveyAnswers } from './respond.ts';
import { createSurveyResults } from './results.ts';
import { surveyResultRoutes } from './results-routes.ts';
import { surveyRoutes } from './routes.ts';
import { surveysDemo } from './seed-demo.ts';
import { createSurveys } from './service.ts';

/** Surveys and exit questionnaires: built, shared with a forum, answered, counted (issue 12 item 6). */
/** A survey is named by its title. */
const surveyNames = { survey_id: { table: 'surveys', en: 'title_en', cy: 'title_cy' } };

export const surveysModule: Module = {
  name: 'feedback/surveys',
  services: ({ db, audit }) => {
    const surveys = createSurveys({ db, audit });
    return {
      surveys,
      surveyAnswers: createSurveyAnswers({ db, audit }),
      surveyResults: createSurveyResults({ db, audit, surveys }),
    };
  },
  routes: [surveyRoutes, surveyResultRoutes, surveyAnswerRoutes],
  navigation: [navigationLink('/surveys', 'surveys:navigation', 'feedback.view')],
  portalLinks: [
    { href: '/portal/surveys', text: 'surveys:portal.link', hint: 'surveys:portal.hint' },
  ],
  personalData: [
    // answers a person chose to give under their name: on erasure they stay, anonymous
    {
      table: 'survey_responses',
      column: 'person_id',
      section: 'surveyResponses',
      erase: 'keep',
      page: {
        namespace: 'surveys',
        staff: ['recorded_by'],
        codes: { channel: 'surveys:channels', language: 'feedback:languages' },
        names: surveyNames,
      },
    },
    // what a forum member said about a draft: kept without their name
    {
      table: 'survey_comments',
      column: 'person_id',
      section: 'surveyComments',
      erase: 'keep',
      page: {
        namespace: 'surveys',
        hidden: ['account_id'],
        names: surveyNames,
      },
    },
  ],
  seeds: { demo: surveysDemo },
  matrix: surveysMatrix,
};
