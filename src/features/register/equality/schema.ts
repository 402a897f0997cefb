import { z } from 'zod';
import { failed, ok, type Issue, type Result } from '#platform/validation/index.ts';
import { answersOf, questionNames, type EqualityAnswers } from './questions.ts';

/** Route parameter: a person id (anything else is simply not found). */
export const personParams = z.object({ id: z.guid() });

/**
 * The equality form: every question optional (left blank = not answered); an answer that is
 * not one of the question's options is an error (a tampered form). Messages are keys.
 */
export function parseEqualityForm(
  form: Record<string, string | string[]>,
): Result<EqualityAnswers> {
  const answers: EqualityAnswers = {};
  const issues: Issue[] = [];
  for (const question of questionNames) {
    const raw = form[question];
    const value = typeof raw === 'string' ? raw.trim() : Array.isArray(raw) ? null : '';
    if (value === '') answers[question] = null;
    else if (value !== null && answersOf(question).includes(value)) answers[question] = value;
    else issues.push({ field: question, message: 'equality:errors.invalid' });
  }
  return issues.length ? failed(issues) : ok(answers);
}
