import { z } from 'zod';
import { failed, ok, type Form, type Result } from '#platform/validation/index.ts';
import { MAX_TEXT, type QuestionInput } from './schema.ts';

/** A question as it is asked: its words and choices, and the page it is on. */
export interface Question extends QuestionInput {
  id: string;
  position: number;
}

export type Answer = { choices: number[] } | { scale: number } | { text: string };
/** Answers by question id. */
export type Answers = Record<string, Answer>;

const answer = z.union([
  z.strictObject({ choices: z.array(z.number().int().min(0).max(11)).min(1).max(12) }),
  z.strictObject({ scale: z.number().int().min(1).max(10) }),
  z.strictObject({ text: z.string().min(1).max(MAX_TEXT) }),
]);
const carried = z.record(z.guid(), answer);

/** Whether an answer fits its question (an option it has, a point on its scale, text for text). */
export function fits(question: Question, given: Answer): boolean {
  if ('choices' in given) {
    if (question.kind !== 'single' && question.kind !== 'multiple') return false;
    if (question.kind === 'single' && given.choices.length !== 1) return false;
    return (
      new Set(given.choices).size === given.choices.length &&
      given.choices.every((c) => c < question.optionsEn.length)
    );
  }
  if ('scale' in given) return question.kind === 'scale' && given.scale <= question.scalePoints!;
  return question.kind === 'text';
}

/**
 * The answers carried from page to page in a hidden field (nothing is kept on the server until
 * the last page is sent): only those that fit one of the questions survive.
 */
export function carriedAnswers(raw: Form[string], questions: readonly Question[]): Answers {
  if (typeof raw !== 'string' || !raw) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return {};
  }
  const result = carried.safeParse(parsed);
  if (!result.success) return {};
  const kept: Answers = {};
  for (const question of questions) {
    const given = result.data[question.id];
    if (given && fits(question, given)) kept[question.id] = given;
  }
  return kept;
}

const values = (raw: Form[string]) =>
  raw === undefined ? [] : (typeof raw === 'string' ? [raw] : raw).filter((v) => v !== '');

/**
 * The answer given on a question's page (`answer`): null when none was given. A required
 * question must be answered; text longer than a free-text answer may be is refused (and shown
 * again, as typed).
 */
export function answerOn(question: Question, form: Form): Result<Answer | null> {
  const given = values(form.answer);
  let result: Answer | null = null;
  if (question.kind === 'text') {
    const typed = (given[0] ?? '').trim();
    if (typed.length > MAX_TEXT)
      return failed([{ field: 'answer', message: 'surveys:errors.tooLong' }]);
    if (typed) result = { text: typed };
  } else if (given.length) {
    const numbers = given.map(Number);
    if (!numbers.every(Number.isInteger))
      return failed([{ field: 'answer', message: 'surveys:errors.choose' }]);
    result =
      question.kind === 'scale'
        ? { scale: numbers[0]! }
        : { choices: [...numbers].sort((a, b) => a - b) };
    if (numbers.length > 12 || !fits(question, result))
      return failed([{ field: 'answer', message: 'surveys:errors.choose' }]);
  }
  if (!result && question.required)
    return failed([{ field: 'answer', message: 'surveys:errors.required' }]);
  return ok(result);
}

/** The answers with one question's answer given, changed or (null) taken away. */
export const withAnswer = (answers: Answers, questionId: string, given: Answer | null): Answers =>
  Object.fromEntries([
    ...Object.entries(answers).filter(([id]) => id !== questionId),
    ...(given ? [[questionId, given] as const] : []),
  ]);

/** The first required question not answered, if any. */
export const firstMissing = (questions: readonly Question[], answers: Answers) =>
  questions.find((q) => q.required && !answers[q.id]);

/** A question's words in a language (Welsh falls back to the English when there is none). */
export function wordsOf(question: Question, lang: string) {
  const cy = lang === 'cy';
  const pick = (en: string, welsh: string) => (cy && welsh ? welsh : en);
  return {
    text: pick(question.textEn, question.textCy),
    hint: pick(question.hintEn, question.hintCy),
    options: question.optionsEn.map((en, i) => pick(en, question.optionsCy[i] ?? '')),
    low: pick(question.lowEn, question.lowCy),
    high: pick(question.highEn, question.highCy),
  };
}

/** A point of a scale (from 1) as it is shown: its number, with the low or high words at the ends. */
export function pointLabel(
  point: number,
  scalePoints: number | null,
  words: { low: string; high: string },
) {
  if (point === 1 && words.low) return `${point} – ${words.low}`;
  if (point === scalePoints && words.high) return `${point} – ${words.high}`;
  return String(point);
}

/** An answer as words, for the check page and what is kept of a closed survey. */
export function answerWords(question: Question, given: Answer | undefined, lang: string) {
  if (!given) return '';
  if ('text' in given) return given.text;
  if ('scale' in given) return `${given.scale} / ${question.scalePoints}`;
  const { options } = wordsOf(question, lang);
  return given.choices.map((c) => options[c]).join(', ');
}
