import { z } from 'zod';
import { answersOf, questionNames, type EqualityAnswers } from './questions.ts';

/** Route parameter: a person id (anything else is simply not found). */
export const personParams = z.object({ id: z.guid() });

/**
 * The equality form: every question optional (left blank = not answered); an answer that is
 * not one of the question's options is an error (a tampered form). Messages are keys.
 */
export function parseEqualityForm(
  form: Record<string, string | string[]>,
): { ok: true; answers: EqualityAnswers } | { ok: false; fields: string[] } {
  const answers: EqualityAnswers = {};
  const bad: string[] = [];
  for (const question of questionNames) {
    const raw = form[question];
    const value = typeof raw === 'string' ? raw.trim() : Array.isArray(raw) ? null : '';
    if (value === '') answers[question] = null;
    else if (value !== null && answersOf(question).includes(value)) answers[question] = value;
    else bad.push(question);
  }
  return bad.length ? { ok: false, fields: bad } : { ok: true, answers };
}
