import { z } from 'zod';
import { decisionReasons } from '../tables.ts';
import { failed, issuesFrom, ok, type Result } from '#platform/validation/index.ts';
import { validateForm, type FieldErrors } from '../validation.ts';

/** Validation of the selection forms. Messages are translation keys (locales/<lang>/selection.json). */
const key = (k: string) => `selection:errors.${k}`;

export type { FieldErrors };
type Form = Record<string, string | string[] | undefined>;

export const isUuid = (value: unknown): value is string =>
  typeof value === 'string' &&
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value);

const text = (max: number, tooLong: string) =>
  z
    .string()
    .default('')
    .transform((v) => v.normalize('NFC').trim())
    .pipe(z.string().max(max, key(tooLong)))
    .transform((v) => v || null);

/** The person's own expression of interest (portal). */
export const interestForm = z.object({
  note: text(1000, 'note.tooLong'),
  support: text(1000, 'support.tooLong'),
});
export type InterestInput = z.infer<typeof interestForm>;

/** An expression of interest recorded by staff for a person (by phone, on paper). */
export const recordInterestForm = interestForm.extend({
  personId: z.string({ error: key('person.required') }).refine(isUuid, key('person.required')),
  method: z.enum(['staff', 'paper'], { error: key('method.required') }),
});
export type RecordInterestInput = z.infer<typeof recordInterestForm>;

export const validate = <T>(schema: z.ZodType<T>, input: unknown): Result<T> =>
  validateForm('selection', schema, input);

export const decisionStatuses = ['selected', 'backup', 'not_selected'] as const;
export type DecisionStatus = (typeof decisionStatuses)[number];
export type DecisionReason = (typeof decisionReasons)[number];

export interface Decision {
  interestId: string;
  /** null: no decision yet (back to "interested"). */
  status: DecisionStatus | null;
  reason: DecisionReason | null;
  /** With reason 'other': what the person is told, written for them (staff-only note apart). */
  reasonForPerson: string | null;
  note: string | null;
  /** The status the page showed (to refuse saving over someone else's decision made since). */
  shown?: string | undefined;
}

/** What the selection form sent for one applicant, as typed (to fill the form again). */
export interface DecisionValues {
  status: string;
  reason: string;
  reasonForPerson: string;
  note: string;
}

const one = (form: Form, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};

/**
 * The selection form: for each applicant on the page (`applicant` fields hold their ids),
 * `decision-<id>`, `reason-<id>`, `reasonForPerson-<id>` and `note-<id>`. A decision needs a
 * reason; "another reason" needs the reason written for the person (the note is for staff only). Field names in errors are the inputs' ids.
 */
export function parseDecisions(form: Form): {
  values: Record<string, DecisionValues>;
  result: Result<Decision[]>;
} {
  const ids = ([] as string[]).concat(form.applicant ?? []).filter(isUuid);
  const values: Record<string, DecisionValues> = {};
  const errors: FieldErrors = {};
  const decisions: Decision[] = [];
  for (const id of new Set(ids)) {
    const status = one(form, `decision-${id}`);
    const reason = one(form, `reason-${id}`);
    const note = one(form, `note-${id}`).normalize('NFC').trim();
    const reasonForPerson = one(form, `reasonForPerson-${id}`).normalize('NFC').trim();
    values[id] = { status, reason, reasonForPerson, note };
    const decided = (decisionStatuses as readonly string[]).includes(status);
    if (status !== '' && status !== 'interested' && !decided) {
      errors[`decision-${id}`] = key('decision.invalid');
      continue;
    }
    const knownReason = (decisionReasons as readonly string[]).includes(reason);
    if (decided && !knownReason) errors[`reason-${id}`] = key('reason.required');
    else if (decided && reason === 'other' && !reasonForPerson)
      errors[`reasonForPerson-${id}`] = key('reasonForPerson.required');
    if (reasonForPerson.length > 500)
      errors[`reasonForPerson-${id}`] = key('reasonForPerson.tooLong');
    if (note.length > 1000) errors[`note-${id}`] = key('note.tooLong');
    decisions.push({
      interestId: id,
      status: decided ? (status as DecisionStatus) : null,
      reason: decided && knownReason ? (reason as DecisionReason) : null,
      reasonForPerson: decided && reason === 'other' && reasonForPerson ? reasonForPerson : null,
      note: decided && note ? note : null,
      shown: one(form, `shown-${id}`) || undefined,
    });
  }
  if (Object.keys(errors).length) return { values, result: failed(issuesFrom(errors)) };
  return { values, result: ok(decisions) };
}
