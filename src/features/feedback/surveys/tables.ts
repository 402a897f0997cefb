import type { ColumnType, Generated } from 'kysely';

export const surveyKinds = ['survey', 'exit'] as const;
export type SurveyKind = (typeof surveyKinds)[number];

export const surveyStatuses = ['draft', 'live', 'closed'] as const;
export type SurveyStatus = (typeof surveyStatuses)[number];

/** Single choice, multiple choice, a scale, or free text: one a page when answered. */
export const questionKinds = ['single', 'multiple', 'scale', 'text'] as const;
export type QuestionKind = (typeof questionKinds)[number];

export const responseChannels = ['web', 'portal', 'paper'] as const;
export type ResponseChannel = (typeof responseChannels)[number];

export interface SurveysTable {
  id: Generated<string>;
  organisation_id: string;
  kind: Generated<SurveyKind>;
  title_en: string;
  title_cy: Generated<string>;
  intro_en: Generated<string>;
  intro_cy: Generated<string>;
  status: Generated<SurveyStatus>;
  code: string | null;
  forum_id: string | null;
  shared_at: Date | null;
  /** YYYY-MM-DD (dates are read as text). */
  closes_on: string | null;
  opened_at: Date | null;
  closed_at: Date | null;
  created_by: string | null;
  created_at: ColumnType<Date, never, never>;
  version: Generated<number>;
}

export interface SurveyQuestionsTable {
  id: Generated<string>;
  survey_id: string;
  position: number;
  kind: QuestionKind;
  text_en: string;
  text_cy: Generated<string>;
  hint_en: Generated<string>;
  hint_cy: Generated<string>;
  required: Generated<boolean>;
  options_en: Generated<string[]>;
  options_cy: Generated<string[]>;
  scale_points: number | null;
  low_en: Generated<string>;
  low_cy: Generated<string>;
  high_en: Generated<string>;
  high_cy: Generated<string>;
}

export interface SurveyResponsesTable {
  id: Generated<string>;
  survey_id: string;
  person_id: string | null;
  channel: ResponseChannel;
  language: Generated<'en' | 'cy'>;
  answered_at: Generated<Date>;
  recorded_by: string | null;
}

export interface SurveyAnswersTable {
  response_id: string;
  question_id: string;
  choices: number[] | null;
  scale: number | null;
  text: string | null;
  feedback_item_id: string | null;
}

export interface SurveyCommentsTable {
  id: Generated<string>;
  survey_id: string;
  person_id: string | null;
  account_id: string | null;
  body: string;
  created_at: ColumnType<Date, never, never>;
}

declare module '#platform/db/schema.ts' {
  interface DB {
    surveys: SurveysTable;
    survey_questions: SurveyQuestionsTable;
    survey_responses: SurveyResponsesTable;
    survey_answers: SurveyAnswersTable;
    survey_comments: SurveyCommentsTable;
  }
}
