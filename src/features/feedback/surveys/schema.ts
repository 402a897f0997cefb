import { z } from 'zod';
import { failed, ok, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import { parseDayMonthYear } from '#platform/validation/dates.ts';
import { questionKinds, surveyKinds, type QuestionKind, type SurveyKind } from './tables.ts';
import { trimmedField as text } from '#platform/validation/form.ts';

export const surveyParams = z.object({ surveyId: z.guid() });
export const questionParams = z.object({ surveyId: z.guid(), questionId: z.guid() });
export const codeParams = z.object({ code: z.string().regex(/^[a-hjkmnp-z2-9]{5,8}$/) });
export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

/** A survey has at most this many questions (each a page when answered). */
export const MAX_QUESTIONS = 30;
/** A free-text answer (and what is kept of it when the survey has closed). */
export const MAX_TEXT = 5000;
export const MAX_COMMENT = 2000;

const lines = (form: Form, field: string) =>
  text(form, field)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);

export interface SurveyInput {
  organisationId: string;
  kind: SurveyKind;
  titleEn: string;
  titleCy: string;
  introEn: string;
  introCy: string;
  closesOn: string | null;
}

const bounded = (
  form: Form,
  field: string,
  max: number,
  issues: Issue[],
  required = false,
): string => {
  const value = text(form, field);
  if (required && !value) issues.push({ field, message: `surveys:errors.${field}` });
  else if (value.length > max) issues.push({ field, message: 'surveys:errors.tooLong' });
  return value;
};

/** A survey's details: who runs it, what kind, its titles and introductions, when it closes. */
export function parseSurvey(form: Form, needsOrganisation: boolean): Result<SurveyInput> {
  const issues: Issue[] = [];
  const organisationId = text(form, 'organisation');
  if (needsOrganisation && !z.guid().safeParse(organisationId).success)
    issues.push({ field: 'organisation', message: 'surveys:errors.organisation' });
  const kind = surveyKinds.find((k) => k === text(form, 'kind'));
  if (!kind) issues.push({ field: 'kind', message: 'surveys:errors.kind' });
  const titleEn = bounded(form, 'titleEn', 150, issues, true);
  const titleCy = bounded(form, 'titleCy', 150, issues);
  const introEn = bounded(form, 'introEn', 1000, issues);
  const introCy = bounded(form, 'introCy', 1000, issues);
  let closesOn: string | null = null;
  const [d, m, y] = ['closesOn-day', 'closesOn-month', 'closesOn-year'].map((f) => text(form, f));
  if (d || m || y) {
    closesOn = parseDayMonthYear(d!, m!, y!);
    if (!closesOn) issues.push({ field: 'closesOn', message: 'surveys:errors.closesOn' });
  }
  if (issues.length) return failed(issues);
  return ok({ organisationId, kind: kind!, titleEn, titleCy, introEn, introCy, closesOn });
}

export interface QuestionInput {
  kind: QuestionKind;
  textEn: string;
  textCy: string;
  hintEn: string;
  hintCy: string;
  required: boolean;
  optionsEn: string[];
  optionsCy: string[];
  scalePoints: number | null;
  lowEn: string;
  lowCy: string;
  highEn: string;
  highCy: string;
}

/**
 * A question: its kind and words in both languages. A choice question has 2 to 12 options, one a
 * line, the Welsh list as long as the English (or empty: the English is used); a scale has 3 to
 * 10 points and may name its ends.
 */
export function parseQuestion(form: Form): Result<QuestionInput> {
  const issues: Issue[] = [];
  const kind = questionKinds.find((k) => k === text(form, 'kind'));
  if (!kind) issues.push({ field: 'kind', message: 'surveys:errors.questionKind' });
  const textEn = bounded(form, 'textEn', 300, issues, true);
  const textCy = bounded(form, 'textCy', 300, issues);
  const hintEn = bounded(form, 'hintEn', 300, issues);
  const hintCy = bounded(form, 'hintCy', 300, issues);
  const choice = kind === 'single' || kind === 'multiple';
  const optionsEn = choice ? lines(form, 'optionsEn') : [];
  let optionsCy = choice ? lines(form, 'optionsCy') : [];
  if (choice) {
    if (optionsEn.length < 2 || optionsEn.length > 12)
      issues.push({ field: 'optionsEn', message: 'surveys:errors.options' });
    else if (optionsEn.some((o) => o.length > 150) || optionsCy.some((o) => o.length > 150))
      issues.push({ field: 'optionsEn', message: 'surveys:errors.optionTooLong' });
    if (optionsCy.length && optionsCy.length !== optionsEn.length)
      issues.push({ field: 'optionsCy', message: 'surveys:errors.optionsCy' });
    if (!optionsCy.length) optionsCy = optionsEn.map(() => '');
  }
  let scalePoints: number | null = null;
  const scale = { lowEn: '', lowCy: '', highEn: '', highCy: '' };
  if (kind === 'scale') {
    scalePoints = Number(text(form, 'scalePoints'));
    if (!Number.isInteger(scalePoints) || scalePoints < 3 || scalePoints > 10)
      issues.push({ field: 'scalePoints', message: 'surveys:errors.scalePoints' });
    for (const field of ['lowEn', 'lowCy', 'highEn', 'highCy'] as const)
      scale[field] = bounded(form, field, 60, issues);
  }
  if (issues.length) return failed(issues);
  return ok({
    kind: kind!,
    textEn,
    textCy,
    hintEn,
    hintCy,
    required: text(form, 'required') === 'yes',
    optionsEn,
    optionsCy,
    scalePoints,
    ...scale,
  });
}

/** A comment on a draft. */
export function parseComment(form: Form): Result<string> {
  const body = text(form, 'comment');
  if (!body) return failed([{ field: 'comment', message: 'surveys:errors.comment' }]);
  if (body.length > MAX_COMMENT)
    return failed([{ field: 'comment', message: 'surveys:errors.tooLong' }]);
  return ok(body);
}
