import { z } from 'zod';
import {
  attendances,
  levels,
  methods,
  ntaModes,
  ntaScopes,
  opportunityStatuses,
  paymentTerms,
  rungs,
} from '../tables.ts';
import { personKinds } from '#features/register';
import {
  collapseSpaces as collapse,
  filledListField as list,
  firstField as str,
  tidyLines as tidy,
  type Form,
} from '#platform/validation/form.ts';
import { issuesOf, type Issue } from '#platform/validation/index.ts';
import { skills, trainings } from '#features/register';
import { londonMoment, londonParts } from '#platform/time/london.ts';

/** Validation for opportunities. Messages are translation keys (locales/<lang>/opportunities.json). */

export type { Form };
export { skills, trainings };

/** The question pages of "create an opportunity", in order, then check your answers. */
export const steps = ['about', 'ladder', 'audience', 'when', 'commitment', 'places'] as const;
export type StepName = (typeof steps)[number];
export const isStep = (value: string): value is StepName =>
  (steps as readonly string[]).includes(value);

const error = (field: string, kind: string) => `opportunities:errors.${field}.${kind}`;

/** A required one-line text. */
const line = (field: string, max: number) =>
  z
    .string()
    .transform(collapse)
    .pipe(z.string().min(1, error(field, 'required')).max(max, error(field, 'tooLong')));
/** A required paragraph. */
const paragraph = (field: string, max: number) =>
  z
    .string()
    .transform(tidy)
    .pipe(z.string().min(1, error(field, 'required')).max(max, error(field, 'tooLong')));
/** Optional text: '' → null. */
const optional = (field: string, max: number) =>
  z
    .string()
    .transform(tidy)
    .pipe(z.string().max(max, error(field, 'tooLong')))
    .transform((value) => value || null);
const choice = <T extends readonly [string, ...string[]]>(field: string, values: T) =>
  z.enum(values, { error: error(field, 'required') });
const yesNo = (field: string) =>
  z.enum(['yes', 'no'], { error: error(field, 'required') }).transform((v) => v === 'yes');
const manyOf = <T extends readonly [string, ...string[]]>(field: string, values: T) =>
  z.array(z.enum(values, { error: error(field, 'invalid') }));
const whole = (field: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .min(1, error(field, 'required'))
    .regex(/^\d{1,4}$/, error(field, 'number'))
    .transform(Number)
    .pipe(z.number().min(min, error(field, 'range')).max(max, error(field, 'range')));

/** A GOV.UK date input (name-day, name-month, name-year): all blank → null. */
function dateOf(form: Form, name: string): { ok: true; value: string | null } | { ok: false } {
  const [day, month, year] = ['day', 'month', 'year'].map((part) =>
    str(form, `${name}-${part}`).trim(),
  );
  if (!day && !month && !year) return { ok: true, value: null };
  if (!/^\d{1,2}$/.test(day!) || !/^\d{1,2}$/.test(month!) || !/^\d{4}$/.test(year!))
    return { ok: false };
  const d = Number(day);
  const m = Number(month);
  const y = Number(year);
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d)
    return { ok: false };
  if (y < 2000 || y > 2100) return { ok: false };
  return { ok: true, value: date.toISOString().slice(0, 10) };
}

/** "HH:MM" (24-hour) or blank → null. */
function timeOf(value: string): { ok: true; value: string | null } | { ok: false } {
  const text = value.trim().replace('.', ':');
  if (!text) return { ok: true, value: null };
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (!match) return { ok: false };
  const h = Number(match[1]);
  const m = Number(match[2]);
  if (h > 23 || m > 59) return { ok: false };
  return { ok: true, value: `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}` };
}

export type Answers = Partial<OpportunityInput>;
type Result = { ok: true; answers: Answers } | { ok: false; issues: Issue[] };

const aboutSchema = z.object({
  titleEn: line('titleEn', 150),
  titleCy: line('titleCy', 150),
  descriptionEn: paragraph('descriptionEn', 5000),
  descriptionCy: paragraph('descriptionCy', 5000),
});
const ladderSchema = z.object({
  rung: z
    .enum(rungs, { error: error('rung', 'required') })
    .transform((key) => rungs.indexOf(key) + 1),
  level: choice('level', levels),
  ntaScope: choice('ntaScope', ntaScopes),
  ntaMode: choice('ntaMode', ntaModes),
  method: choice('method', methods),
});
const audienceSchema = z.object({
  audiences: manyOf('audiences', personKinds),
  closedGroupEn: optional('closedGroupEn', 200),
  closedGroupCy: optional('closedGroupCy', 200),
  welshMedium: yesNo('welshMedium'),
});
const whenSchema = z.object({
  attendance: choice('attendance', attendances),
  locationEn: optional('locationEn', 500),
  locationCy: optional('locationCy', 500),
});
const commitmentSchema = z.object({
  timeCommitmentEn: optional('timeCommitmentEn', 500),
  timeCommitmentCy: optional('timeCommitmentCy', 500),
  expectedHours: z
    .string()
    .trim()
    .transform((v) => v.replace(',', '.'))
    .pipe(
      z.union([
        z.literal('').transform(() => null),
        z
          .string()
          .regex(/^\d{1,4}(\.\d{1,2})?$/, error('expectedHours', 'number'))
          .transform(Number)
          .pipe(
            z
              .number()
              .gt(0, error('expectedHours', 'range'))
              .max(500, error('expectedHours', 'range')),
          ),
      ]),
    ),
  skillsNeeded: manyOf('skillsNeeded', skills),
  trainingNeeded: manyOf('trainingNeeded', trainings),
  payment: choice('payment', paymentTerms),
  paymentDetailsEn: optional('paymentDetailsEn', 1000),
  paymentDetailsCy: optional('paymentDetailsCy', 1000),
  accessibilityEn: optional('accessibilityEn', 2000),
  accessibilityCy: optional('accessibilityCy', 2000),
});
const placesSchema = z.object({
  places: whole('places', 1, 1000),
  backups: whole('backups', 0, 1000),
  public: yesNo('public'),
});

/** A page's parsed answers as a Result. */
const resultOf = (
  parsed: { success: true; data: Answers } | { success: false; error: z.ZodError },
): Result =>
  parsed.success
    ? { ok: true, answers: parsed.data }
    : { ok: false, issues: issuesOf(parsed.error) };

/** Checks one question page's answers (the organisation is checked by the route). */
export function parseStep(step: StepName, form: Form): Result {
  const s = (name: string) => str(form, name);
  switch (step) {
    case 'about': {
      const parsed = aboutSchema.safeParse({
        titleEn: s('titleEn'),
        titleCy: s('titleCy'),
        descriptionEn: s('descriptionEn'),
        descriptionCy: s('descriptionCy'),
      });
      return resultOf(parsed);
    }
    case 'ladder': {
      const parsed = ladderSchema.safeParse({
        rung: s('rung') || undefined,
        level: s('level') || undefined,
        ntaScope: s('ntaScope') || undefined,
        ntaMode: s('ntaMode') || undefined,
        method: s('method') || undefined,
      });
      return resultOf(parsed);
    }
    case 'audience': {
      const parsed = audienceSchema.safeParse({
        audiences: list(form, 'audiences'),
        closedGroupEn: s('closedGroupEn'),
        closedGroupCy: s('closedGroupCy'),
        welshMedium: s('welshMedium') || undefined,
      });
      if (!parsed.success) return { ok: false, issues: issuesOf(parsed.error) };
      const issues: Issue[] = [];
      if (Boolean(parsed.data.closedGroupEn) !== Boolean(parsed.data.closedGroupCy))
        issues.push({
          field: parsed.data.closedGroupEn ? 'closedGroupCy' : 'closedGroupEn',
          message: error('closedGroup', 'bothLanguages'),
        });
      return issues.length ? { ok: false, issues } : { ok: true, answers: parsed.data };
    }
    case 'when': {
      const issues: Issue[] = [];
      const parsed = whenSchema.safeParse({
        attendance: s('attendance') || undefined,
        locationEn: s('locationEn'),
        locationCy: s('locationCy'),
      });
      if (!parsed.success) issues.push(...issuesOf(parsed.error));
      const opensOn = dateOf(form, 'opensOn');
      const closingDate = dateOf(form, 'closingDate');
      const startsOn = dateOf(form, 'startsOn');
      const startsTime = timeOf(s('startsTime'));
      const endsTime = timeOf(s('endsTime'));
      if (!opensOn.ok) issues.push({ field: 'opensOn', message: error('opensOn', 'invalid') });
      if (!closingDate.ok)
        issues.push({ field: 'closingDate', message: error('closingDate', 'invalid') });
      if (!startsOn.ok) issues.push({ field: 'startsOn', message: error('startsOn', 'invalid') });
      if (!startsTime.ok)
        issues.push({ field: 'startsTime', message: error('startsTime', 'invalid') });
      if (!endsTime.ok) issues.push({ field: 'endsTime', message: error('endsTime', 'invalid') });
      if (opensOn.ok && closingDate.ok && opensOn.value && closingDate.value) {
        if (closingDate.value < opensOn.value)
          issues.push({ field: 'closingDate', message: error('closingDate', 'beforeOpening') });
      }
      let startsAt: Date | null = null;
      let endsAt: Date | null = null;
      if (startsOn.ok && startsTime.ok && endsTime.ok) {
        if (startsOn.value && !startsTime.value)
          issues.push({ field: 'startsTime', message: error('startsTime', 'required') });
        else if (!startsOn.value && (startsTime.value || endsTime.value))
          issues.push({ field: 'startsOn', message: error('startsOn', 'required') });
        else if (startsOn.value && startsTime.value) {
          startsAt = londonMoment(startsOn.value, startsTime.value);
          if (endsTime.value) {
            if (endsTime.value <= startsTime.value)
              issues.push({ field: 'endsTime', message: error('endsTime', 'beforeStart') });
            else endsAt = londonMoment(startsOn.value, endsTime.value);
          }
          if (closingDate.ok && closingDate.value && startsOn.value < closingDate.value)
            issues.push({ field: 'startsOn', message: error('startsOn', 'beforeClosing') });
        }
      }
      if (issues.length || !parsed.success || !opensOn.ok || !closingDate.ok)
        return { ok: false, issues };
      const attendance = parsed.data.attendance;
      if ((attendance === 'in_person' || attendance === 'hybrid') && !parsed.data.locationEn)
        issues.push({ field: 'locationEn', message: error('locationEn', 'required') });
      if ((attendance === 'in_person' || attendance === 'hybrid') && !parsed.data.locationCy)
        issues.push({ field: 'locationCy', message: error('locationCy', 'required') });
      if (issues.length) return { ok: false, issues };
      return {
        ok: true,
        answers: {
          ...parsed.data,
          opensOn: opensOn.value,
          closingDate: closingDate.value,
          startsAt,
          endsAt,
        },
      };
    }
    case 'commitment': {
      const parsed = commitmentSchema.safeParse({
        timeCommitmentEn: s('timeCommitmentEn'),
        timeCommitmentCy: s('timeCommitmentCy'),
        expectedHours: s('expectedHours'),
        skillsNeeded: list(form, 'skillsNeeded'),
        trainingNeeded: list(form, 'trainingNeeded'),
        payment: s('payment') || undefined,
        paymentDetailsEn: s('paymentDetailsEn'),
        paymentDetailsCy: s('paymentDetailsCy'),
        accessibilityEn: s('accessibilityEn'),
        accessibilityCy: s('accessibilityCy'),
      });
      return resultOf(parsed);
    }
    case 'places': {
      const parsed = placesSchema.safeParse({
        places: s('places'),
        backups: s('backups'),
        public: s('public') || undefined,
      });
      return resultOf(parsed);
    }
  }
}

/** Every question page at once (the edit page). */
export function parseAll(form: Form): Result {
  const issues: Issue[] = [];
  let answers: Answers = {};
  for (const step of steps) {
    const result = parseStep(step, form);
    if (result.ok) answers = { ...answers, ...result.answers };
    else issues.push(...result.issues);
  }
  return issues.length ? { ok: false, issues } : { ok: true, answers };
}

/** A whole opportunity, as the service takes it. */
export interface OpportunityInput {
  titleEn: string;
  titleCy: string;
  descriptionEn: string;
  descriptionCy: string;
  rung: number;
  level: (typeof levels)[number];
  ntaScope: (typeof ntaScopes)[number];
  ntaMode: (typeof ntaModes)[number];
  method: (typeof methods)[number];
  audiences: (typeof personKinds)[number][];
  closedGroupEn: string | null;
  closedGroupCy: string | null;
  welshMedium: boolean;
  opensOn: string | null;
  closingDate: string | null;
  startsAt: Date | null;
  endsAt: Date | null;
  attendance: (typeof attendances)[number];
  locationEn: string | null;
  locationCy: string | null;
  timeCommitmentEn: string | null;
  timeCommitmentCy: string | null;
  expectedHours: number | null;
  skillsNeeded: (typeof skills)[number][];
  trainingNeeded: (typeof trainings)[number][];
  payment: (typeof paymentTerms)[number];
  paymentDetailsEn: string | null;
  paymentDetailsCy: string | null;
  accessibilityEn: string | null;
  accessibilityCy: string | null;
  places: number;
  backups: number;
  public: boolean;
}

const required: (keyof OpportunityInput)[] = ['titleEn', 'rung', 'attendance', 'payment', 'places'];
/** Are these answers a whole opportunity (every page answered)? */
export function isComplete(answers: Answers): answers is OpportunityInput {
  return required.every((key) => answers[key] !== undefined);
}

/** The list page's query string; anything unexpected falls back to the default. */
export const listQuery = z.object({
  status: z.enum(opportunityStatuses).optional().catch(undefined),
  rung: z.coerce.number().int().min(1).max(7).optional().catch(undefined),
  organisation: z.guid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});
export type ListQuery = z.infer<typeof listQuery>;

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).catch(1),
});

export const idParams = z.object({ id: z.guid() });

/** The status change buttons: where an opportunity may go from each status. */
export const transitions: Record<string, readonly string[]> = {
  draft: ['open', 'cancelled'],
  open: ['closed', 'cancelled'],
  closed: ['open', 'completed', 'cancelled'],
  completed: [],
  cancelled: [],
};
export const statusForm = z.object({
  to: z.enum(opportunityStatuses, { error: 'opportunities:errors.status.invalid' }),
});

/** An opportunity's answers as form values (to fill the edit page in). */
export function formValuesOf(o: OpportunityInput & { organisationId?: string }): Form {
  const date = (value: string | null, name: string): Form => {
    const [y, m, d] = value ? value.split('-') : ['', '', ''];
    return {
      [`${name}-day`]: d ? String(Number(d)) : '',
      [`${name}-month`]: m ? String(Number(m)) : '',
      [`${name}-year`]: y ?? '',
    };
  };
  const starts = o.startsAt ? londonParts(new Date(o.startsAt)) : null;
  const ends = o.endsAt ? londonParts(new Date(o.endsAt)) : null;
  const text = (v: string | null) => v ?? '';
  return {
    organisationId: o.organisationId ?? '',
    titleEn: o.titleEn,
    titleCy: o.titleCy,
    descriptionEn: o.descriptionEn,
    descriptionCy: o.descriptionCy,
    rung: rungs[o.rung - 1] ?? '',
    level: o.level,
    ntaScope: o.ntaScope,
    ntaMode: o.ntaMode,
    method: o.method,
    audiences: o.audiences,
    closedGroupEn: text(o.closedGroupEn),
    closedGroupCy: text(o.closedGroupCy),
    welshMedium: o.welshMedium ? 'yes' : 'no',
    ...date(o.opensOn, 'opensOn'),
    ...date(o.closingDate, 'closingDate'),
    ...date(starts?.date ?? null, 'startsOn'),
    startsTime: starts?.time ?? '',
    endsTime: ends?.time ?? '',
    attendance: o.attendance,
    locationEn: text(o.locationEn),
    locationCy: text(o.locationCy),
    timeCommitmentEn: text(o.timeCommitmentEn),
    timeCommitmentCy: text(o.timeCommitmentCy),
    expectedHours: o.expectedHours === null ? '' : String(o.expectedHours),
    skillsNeeded: o.skillsNeeded,
    trainingNeeded: o.trainingNeeded,
    payment: o.payment,
    paymentDetailsEn: text(o.paymentDetailsEn),
    paymentDetailsCy: text(o.paymentDetailsCy),
    accessibilityEn: text(o.accessibilityEn),
    accessibilityCy: text(o.accessibilityCy),
    places: String(o.places),
    backups: String(o.backups),
    public: o.public ? 'yes' : 'no',
  };
}
