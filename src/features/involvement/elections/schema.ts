import { z } from 'zod';
import { electorates } from './tables.ts';
import { failed, issuesFrom, ok, type Result } from '#platform/validation/index.ts';
import { validateForm, type FieldErrors } from '../validation.ts';

/** Validation of the elections forms. Messages are translation keys (elections:errors.*). */
const key = (k: string) => `elections:errors.${k}`;

export type Form = Record<string, string | string[] | undefined>;
export type { FieldErrors };
export type Validated<T> = Result<T>;

const one = (form: Form, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value.trim() : '';
};
export const many = (form: Form, name: string) =>
  ([] as string[]).concat(form[name] ?? []).filter((v) => typeof v === 'string' && v !== '');

const text = (max: number, required: string | null) =>
  z
    .string()
    .default('')
    .transform((v) => v.trim())
    .pipe(
      required
        ? z.string().min(1, key(required)).max(max, key('tooLong'))
        : z.string().max(max, key('tooLong')),
    );

const electionFields = z.object({
  organisationId: z.guid({ error: key('organisation') }),
  roleEn: text(150, 'roleEn'),
  roleCy: text(150, 'roleCy'),
  descriptionEn: text(2000, null),
  descriptionCy: text(2000, null),
  seats: z.coerce
    .number({ error: key('seats') })
    .int(key('seats'))
    .min(1, key('seats'))
    .max(20, key('seats')),
  selfNomination: z.enum(['yes', 'no'], { error: key('selfNomination') }),
  electorate: z.enum(electorates, { error: key('electorate') }),
});

export interface ElectionInput {
  organisationId: string;
  roleEn: string;
  roleCy: string;
  descriptionEn: string | null;
  descriptionCy: string | null;
  seats: number;
  selfNomination: boolean;
  electorate: (typeof electorates)[number];
  nominationsCloseOn: string;
  votingClosesOn: string;
}

/** The form's values as they were typed (to fill the form in again). */
export function electionValues(form: Form) {
  const names = [
    'organisationId',
    'roleEn',
    'roleCy',
    'descriptionEn',
    'descriptionCy',
    'seats',
    'selfNomination',
    'electorate',
    'nominations-day',
    'nominations-month',
    'nominations-year',
    'voting-day',
    'voting-month',
    'voting-year',
  ];
  return Object.fromEntries(names.map((n) => [n, one(form, n)]));
}

/**
 * A GOV.UK date input (prefix-day, -month, -year) as YYYY-MM-DD; `missing` when all three are
 * empty, `invalid` when it is not a real date.
 */
export function dateOf(form: Form, prefix: string): { iso: string } | 'missing' | 'invalid' {
  const [d, m, y] = ['day', 'month', 'year'].map((p) => one(form, `${prefix}-${p}`));
  if (!d && !m && !y) return 'missing';
  if (!/^\d{1,2}$/.test(d!) || !/^\d{1,2}$/.test(m!) || !/^\d{4}$/.test(y!)) return 'invalid';
  const iso = `${y!}-${m!.padStart(2, '0')}-${d!.padStart(2, '0')}`;
  const date = new Date(`${iso}T00:00:00Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== iso) return 'invalid';
  return { iso };
}

export function parseElection(form: Form, today: string): Validated<ElectionInput> {
  const errors: FieldErrors = {};
  const parsed = electionFields.safeParse(electionValues(form));
  if (!parsed.success)
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'form');
      errors[field] ??= issue.message.startsWith('elections:') ? issue.message : key('invalid');
    }
  const nominations = dateOf(form, 'nominations');
  const voting = dateOf(form, 'voting');
  if (nominations === 'missing') errors.nominations = key('nominationsDate.required');
  else if (nominations === 'invalid') errors.nominations = key('nominationsDate.invalid');
  else if (nominations.iso < today) errors.nominations = key('nominationsDate.past');
  if (voting === 'missing') errors.voting = key('votingDate.required');
  else if (voting === 'invalid') errors.voting = key('votingDate.invalid');
  else if (typeof nominations === 'object' && voting.iso < nominations.iso)
    errors.voting = key('votingDate.beforeNominations');
  if (
    !parsed.success ||
    Object.keys(errors).length ||
    typeof nominations !== 'object' ||
    typeof voting !== 'object'
  )
    return failed(issuesFrom(errors));
  const data = parsed.data;
  return {
    ok: true,
    value: {
      organisationId: data.organisationId,
      roleEn: data.roleEn,
      roleCy: data.roleCy,
      descriptionEn: data.descriptionEn || null,
      descriptionCy: data.descriptionCy || null,
      seats: data.seats,
      selfNomination: data.selfNomination === 'yes',
      electorate: data.electorate,
      nominationsCloseOn: nominations.iso,
      votingClosesOn: voting.iso,
    },
  };
}

export interface TallyInput {
  ballots: number;
  /** nomination id → votes */
  counts: Record<string, number>;
}

const count = (value: string) => (/^\d{1,6}$/.test(value) ? Number(value) : null);

/** The paper count: ballots counted, and votes for each candidate on the ballot. */
export function parseTally(form: Form, nominationIds: string[]): Validated<TallyInput> {
  const errors: FieldErrors = {};
  const ballots = count(one(form, 'ballots'));
  if (ballots === null) errors.ballots = key('count');
  const counts: Record<string, number> = {};
  for (const id of nominationIds) {
    const votes = count(one(form, `votes-${id}`));
    if (votes === null) errors[`votes-${id}`] = key('count');
    else counts[id] = votes;
  }
  if (Object.keys(errors).length || ballots === null) return failed(issuesFrom(errors));
  return ok({ ballots, counts });
}

export const answerForm = z.object({ answer: z.enum(['accept', 'decline']) });

export const nominateForm = z.object({
  personId: z.guid({ error: key('choosePerson') }),
  method: z.enum(['staff', 'paper'], { error: key('method') }),
  suggestionId: z
    .string()
    .default('')
    .pipe(z.union([z.literal(''), z.guid()]))
    .transform((v) => v || undefined),
});

export const suggestForm = z.object({
  name: z
    .string()
    .default('')
    .transform((v) => v.trim().replace(/\s+/g, ' '))
    .pipe(z.string().min(1, key('name.required')).max(100, key('name.tooLong'))),
});

export const validate = <T>(schema: z.ZodType<T>, input: unknown): Result<T> =>
  validateForm('elections', schema, input);
