import { z } from 'zod';
import {
  failed,
  invalid,
  issuesFrom,
  type FieldErrors,
  type Result,
} from '#platform/validation/index.ts';
import { panelKinds, type PanelKind } from './tables.ts';
import { textField as str } from '#platform/validation/form.ts';

/** A single text field of the form ('' when missing or repeated). */
export { str };

/**
 * Validation of the panel forms. Messages are translation keys (namespace `panels`); each
 * parser answers the checked values or the fields in error with their keys.
 */
export type Form = Record<string, string | string[]>;
/** Field → translation key, while a form is checked. */

/** A text that must be given, of at most `max` characters (`panels:errors.<field>.required|long`). */
function requiredText(form: Form, errors: FieldErrors, field: string, max: number) {
  const value = str(form, field);
  if (!value) errors[field] = `panels:errors.${field}.required`;
  else if (value.length > max) errors[field] = `panels:errors.${field}.long`;
  return value;
}
export type Parsed<T> = Result<T>;

export const panelParams = z.object({ id: z.guid() });
export const memberParams = z.object({ id: z.guid(), personId: z.guid() });
export const questionParams = z.object({ id: z.guid(), questionId: z.guid() });
export const candidateParams = z.object({ id: z.guid(), candidateId: z.guid() });

export const listQuery = z.object({
  kind: z.enum(panelKinds).optional().catch(undefined),
  status: z.enum(['open', 'closed']).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
export const memberSearchQuery = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
});

const DECIMAL = /^\d{1,3}(\.\d{1,2})?$/;
const INTEGER = /^\d{1,3}$/;

/** A GOV.UK date input (name-day, name-month, name-year) as YYYY-MM-DD, or null. */
export function dateOf(form: Form, name: string): string | null {
  const day = str(form, `${name}-day`);
  const month = str(form, `${name}-month`);
  const year = str(form, `${name}-year`);
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return null;
  const d = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (
    d.getUTCFullYear() !== Number(year) ||
    d.getUTCMonth() !== Number(month) - 1 ||
    d.getUTCDate() !== Number(day) ||
    Number(year) < 2000 ||
    Number(year) > 2100
  )
    return null;
  return d.toISOString().slice(0, 10);
}

export interface PanelInput {
  organisationId: string;
  kind: PanelKind;
  titleEn: string;
  titleCy: string;
  opportunityId: string | null;
  heldOn: string;
  hours: number;
  scaleMin: number;
  scaleMax: number;
  userWeight: number;
}

const GUID = z.guid();

/** The create and edit form of a panel. */
export function parsePanelForm(form: Form): Parsed<PanelInput> {
  const errors: FieldErrors = {};
  const organisationId = str(form, 'organisationId');
  if (!GUID.safeParse(organisationId).success)
    errors.organisationId = 'panels:errors.organisationId';
  const kind = str(form, 'kind');
  if (!(panelKinds as readonly string[]).includes(kind)) errors.kind = 'panels:errors.kind';
  const titleEn = requiredText(form, errors, 'titleEn', 150);
  const titleCy = requiredText(form, errors, 'titleCy', 150);
  const opportunity = str(form, 'opportunityId');
  if (opportunity && !GUID.safeParse(opportunity).success)
    errors.opportunityId = 'panels:errors.opportunityId';
  const heldOn = dateOf(form, 'heldOn');
  if (!heldOn) errors.heldOn = 'panels:errors.heldOn';
  const hoursText = str(form, 'hours');
  const hours = Number(hoursText);
  if (!DECIMAL.test(hoursText) || hours <= 0 || hours > 100) errors.hours = 'panels:errors.hours';
  const minText = str(form, 'scaleMin');
  const maxText = str(form, 'scaleMax');
  const scaleMin = Number(minText);
  const scaleMax = Number(maxText);
  if (!INTEGER.test(minText) || scaleMin > 99) errors.scaleMin = 'panels:errors.scaleMin';
  if (!INTEGER.test(maxText) || scaleMax > 100 || scaleMax < 1)
    errors.scaleMax = 'panels:errors.scaleMax';
  else if (!errors.scaleMin && scaleMax <= scaleMin) errors.scaleMax = 'panels:errors.scaleOrder';
  const weightText = str(form, 'userWeight');
  const userWeight = Number(weightText);
  if (!INTEGER.test(weightText) || userWeight > 100) errors.userWeight = 'panels:errors.userWeight';
  if (Object.keys(errors).length) return failed(issuesFrom(errors));
  return {
    ok: true,
    value: {
      organisationId,
      kind: kind as PanelKind,
      titleEn,
      titleCy,
      opportunityId: opportunity || null,
      heldOn: heldOn!,
      hours,
      scaleMin,
      scaleMax,
      userWeight,
    },
  };
}

export interface QuestionInput {
  textEn: string;
  textCy: string;
  weight: number;
}

export function parseQuestionForm(form: Form): Parsed<QuestionInput> {
  const errors: FieldErrors = {};
  const textEn = requiredText(form, errors, 'textEn', 500);
  const textCy = requiredText(form, errors, 'textCy', 500);
  const weightText = str(form, 'weight') || '1';
  const weight = Number(weightText);
  if (!INTEGER.test(weightText) || weight < 1 || weight > 100)
    errors.weight = 'panels:errors.weight';
  if (Object.keys(errors).length) return failed(issuesFrom(errors));
  return { ok: true, value: { textEn, textCy, weight } };
}

export function parseCandidateForm(form: Form): Parsed<{ label: string }> {
  const label = str(form, 'label');
  if (!label) return invalid('label', 'panels:errors.label.required');
  if (label.length > 100) return invalid('label', 'panels:errors.label.long');
  return { ok: true, value: { label } };
}

/** The field name of a score on the score sheet. */
export const scoreField = (candidateId: string, questionId: string) =>
  `score-${candidateId}-${questionId}`;

export interface ScoreCell {
  candidateId: string;
  questionId: string;
  score: number;
}

/**
 * The score sheet of one member: a number from min to max (up to two decimal places) in each
 * box, or blank (not scored). Any box outside the scale: errors, and nothing is saved.
 */
export function parseScoreSheet(
  form: Form,
  scale: { scaleMin: number; scaleMax: number },
  candidates: { id: string }[],
  questions: { id: string }[],
): Parsed<ScoreCell[]> {
  const errors: FieldErrors = {};
  const cells: ScoreCell[] = [];
  for (const c of candidates)
    for (const q of questions) {
      const name = scoreField(c.id, q.id);
      const text = str(form, name);
      if (text === '') continue;
      const score = Number(text);
      if (!DECIMAL.test(text) || score < scale.scaleMin || score > scale.scaleMax)
        errors[name] = 'panels:errors.score';
      else cells.push({ candidateId: c.id, questionId: q.id, score });
    }
  if (Object.keys(errors).length) return failed(issuesFrom(errors));
  return { ok: true, value: cells };
}

/** Staff scores (0–100) of each candidate; blank = not yet given. */
export function parseStaffScores(
  form: Form,
  candidates: { id: string }[],
): Parsed<{ candidateId: string; staffScore: number | null }[]> {
  const errors: FieldErrors = {};
  const values = candidates.map((c) => {
    const name = `staff-${c.id}`;
    const text = str(form, name);
    if (text === '') return { candidateId: c.id, staffScore: null };
    const score = Number(text);
    if (!DECIMAL.test(text) || score > 100) errors[name] = 'panels:errors.staffScore';
    return { candidateId: c.id, staffScore: score };
  });
  if (Object.keys(errors).length) return failed(issuesFrom(errors));
  return { ok: true, value: values };
}
