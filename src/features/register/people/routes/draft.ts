import type { FastifyRequest } from 'fastify';
import type { Form } from '#platform/validation/index.ts';
import { DRAFT_KEY } from './support.ts';
import { CURRENT_WORDING_VERSION, newPersonSchema, stepNames, type StepName } from '../schema.ts';

/** The answers of the registration question pages, kept in the session until confirmed. */
export interface Draft {
  /** Chosen on the check-your-answers page, so confirming twice registers one person. */
  id?: string;
  /** Raw answers of each question page (to fill the form in again). */
  values: Partial<Record<StepName, Form>>;
  /** Checked answers of each question page. */
  answers: Partial<Record<StepName, Record<string, unknown>>>;
}

export const draftOf = (request: FastifyRequest): Draft =>
  (request.session?.data[DRAFT_KEY] as Draft | undefined) ?? { values: {}, answers: {} };

/** The first question not answered yet. */
export const firstMissing = (draft: Draft) => stepNames.find((step) => !draft.answers[step]);

/** Where to go while a question is unanswered. */
export const missingStep = (draft: Draft) => `/people/new/${firstMissing(draft) ?? stepNames[0]}`;

/** What a question page shows before it is answered. */
export const stepDefaults: Partial<Record<StepName, Form>> = {
  language: { speaksWelsh: 'no' },
  consent: { purposes: ['register'], wordingVersion: CURRENT_WORDING_VERSION },
};

/** The draft's answers as one new person, or undefined while a question is unanswered. */
export function personOf(draft: Draft) {
  if (firstMissing(draft)) return undefined;
  const a = draft.answers;
  const parsed = newPersonSchema.safeParse({
    ...a.kind,
    ...a.name,
    ...a.age,
    ...a.organisation,
    ...a.language,
    ...a.contact,
    consent: a.consent,
  });
  const worker = a.contact?.namedWorkerAccountId;
  return parsed.success
    ? { ...parsed.data, namedWorkerAccountId: typeof worker === 'string' ? worker : null }
    : undefined;
}
