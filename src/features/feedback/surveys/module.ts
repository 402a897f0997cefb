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
    { table: 'survey_responses', column: 'person_id', section: 'surveyResponses', erase: 'keep' },
    // what a forum member said about a draft: kept without their name
    { table: 'survey_comments', column: 'person_id', section: 'surveyComments', erase: 'keep' },
  ],
  seeds: { demo: surveysDemo },
  matrix: surveysMatrix,
};
