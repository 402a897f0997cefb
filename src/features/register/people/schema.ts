import type { TFunction } from 'i18next';
import { z } from 'zod';
import {
  activities,
  ageBands,
  consentMethods,
  consentPurposes,
  formats,
  personChannels,
  personKinds,
  personStatuses,
} from '../tables.ts';
import {
  isUkMobile,
  normaliseEmail,
  normalisePostcode,
  normaliseUkPhone,
} from './protected-fields.ts';

/**
 * Validation at the edge for the involvement register. Every form arrives as
 * `Record<string, string | string[]>`; the schemas turn it into clean, normalised values.
 * Messages are translation keys in locales/<lang>/people.json.
 */
const key = (k: string) => `people:errors.${k}`;

export const PAGE_SIZE = 25;
/** The register counts matches up to this many; beyond it the list says "more than". */
export const COUNT_CAP = 1000;
/** The consent wording staff read out or hand over (changes when the wording changes). */
export const CURRENT_WORDING_VERSION = '2026-1';

/** Skills people offer (a fixed list so they can be searched). */
export const skills = [
  'public_speaking',
  'writing',
  'design',
  'digital',
  'facilitation',
  'interviewing',
  'research',
  'peer_support',
  'translation',
  'arts',
] as const;
/** Training a person has completed (placeholder list until the training capability exists). */
export const trainings = [
  'induction',
  'interview_panel',
  'safeguarding',
  'confidentiality',
  'presenting',
  'peer_mentoring',
  'naloxone',
] as const;
export const orientations = ['advocate', 'activist', 'both', 'not_sure'] as const;
export const commitmentGroups = ['A', 'B', 'C'] as const;
export const relationships = [
  'carer',
  'family_member',
  'friend',
  'advocate',
  'worker',
  'other',
] as const;
/**
 * What a person allows to be shared with a supporter. `involvement` also decides whether a
 * registered supporter (a carer) sees the link to this person on their own record.
 */
export const sharing = ['involvement', 'contact', 'wellbeing', 'emergency'] as const;
export const safeContactRules = ['noVoicemail', 'plainEnvelope', 'noContactViaFamily'] as const;
/** Staff record consent given in person, on paper or by phone (the portal records its own). */
export const staffConsentMethods = ['in_person', 'paper', 'phone'] as const;
export const dayParts = {
  morning: ['09:00', '12:00'],
  afternoon: ['12:00', '17:00'],
  evening: ['17:00', '21:00'],
} as const;
export type DayPart = keyof typeof dayParts;
export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;

// ---------------------------------------------------------------- form helpers

import type { Form } from '#platform/validation/form.ts';
export type { Form };

/** One field as a string ('' when absent; the first value when repeated). */
export const str = (form: Form, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value : Array.isArray(value) ? (value[0] ?? '') : '';
};
/** A repeated field (checkboxes) as a list. */
export const list = (form: Form, name: string): string[] => {
  const value = form[name];
  return value === undefined ? [] : ([] as string[]).concat(value).filter(Boolean);
};

const collapse = (value: string) => value.normalize('NFC').replace(/\s+/gu, ' ').trim();
const tidy = (value: string) => value.normalize('NFC').replace(/\r\n?/g, '\n').trim();

/** Optional text: '' becomes null. */
const optionalText = (field: string, max: number, multiline = false) =>
  z
    .string()
    .default('')
    .transform(multiline ? tidy : collapse)
    .pipe(z.string().max(max, key(`${field}.tooLong`)))
    .transform((value) => (value === '' ? null : value));

const requiredText = (field: string, max: number) =>
  z
    .string({ error: key(`${field}.required`) })
    .transform(collapse)
    .pipe(
      z
        .string()
        .min(1, key(`${field}.required`))
        .max(max, key(`${field}.tooLong`)),
    );

const yesNo = z
  .enum(['yes', 'no', ''])
  .default('')
  .transform((value) => value === 'yes');

/** Checkboxes: one value arrives as a string, several as a list; unknown values are dropped. */
const pick = <T extends readonly string[]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((items) =>
      [...new Set(([] as string[]).concat(items))].filter((x): x is T[number] =>
        (values as readonly string[]).includes(x),
      ),
    );

const todayIso = () => new Date().toISOString().slice(0, 10);

/** A real calendar date from day, month and year fields, as YYYY-MM-DD; null when all empty. */
export function dateFromParts(day: string, month: string, year: string): string | null {
  const [d, m, y] = [day.trim(), month.trim(), year.trim()];
  if (!d && !m && !y) return null;
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return 'invalid';
  return realDate(Number(y), Number(m), Number(d));
}

/** "25/12/2026", "25-12-2026" or "2026-12-25" as YYYY-MM-DD; null when empty. */
export function dateFromText(text: string): string | null {
  const value = text.trim();
  if (!value) return null;
  let match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
  if (match) return realDate(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})[/.\s-](\d{1,2})[/.\s-](\d{4})$/.exec(value);
  if (match) return realDate(Number(match[3]), Number(match[2]), Number(match[1]));
  return 'invalid';
}

function realDate(year: number, month: number, day: number): string {
  if (year < 1900 || year > 2200) return 'invalid';
  const date = new Date(Date.UTC(year, month - 1, day));
  if (
    date.getUTCFullYear() !== year ||
    date.getUTCMonth() !== month - 1 ||
    date.getUTCDate() !== day
  )
    return 'invalid';
  return date.toISOString().slice(0, 10);
}

/** 24-hour "HH:MM" (also "9:30", "0930"); null when empty. */
export function timeFromText(text: string): string | null {
  const value = text.trim().replace('.', ':');
  if (!value) return null;
  const match = /^(\d{1,2}):?(\d{2})$/.exec(value);
  if (!match) return 'invalid';
  const [h, m] = [Number(match[1]), Number(match[2])];
  if (h > 23 || m > 59) return 'invalid';
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

// ---------------------------------------------------------------- question pages

export const kindStep = z.object({
  kind: z.enum(personKinds, { error: key('kind.required') }),
});

export const nameStep = z.object({
  displayName: requiredText('displayName', 100),
  legalName: optionalText('legalName', 200),
});

export const ageStep = z
  .object({
    dobDay: z.string().default(''),
    dobMonth: z.string().default(''),
    dobYear: z.string().default(''),
    ageBand: z
      .enum([...ageBands, ''])
      .default('')
      .catch(''),
  })
  .transform((value, ctx) => {
    const dateOfBirth = dateFromParts(value.dobDay, value.dobMonth, value.dobYear);
    if (dateOfBirth === 'invalid') {
      ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: key('dateOfBirth.invalid') });
      return z.NEVER;
    }
    if (dateOfBirth !== null && dateOfBirth > todayIso()) {
      ctx.addIssue({ code: 'custom', path: ['dateOfBirth'], message: key('dateOfBirth.future') });
      return z.NEVER;
    }
    return {
      dateOfBirth,
      ageBand: dateOfBirth ? ageBandOf(dateOfBirth) : value.ageBand === '' ? null : value.ageBand,
    };
  });

/** The age band a date of birth falls in today. */
export function ageBandOf(dateOfBirth: string, today = todayIso()): (typeof ageBands)[number] {
  const [y, m, d] = dateOfBirth.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  const age = ty - y - (tm < m || (tm === m && td < d) ? 1 : 0);
  if (age < 18) return 'under_18';
  if (age < 25) return '18_24';
  if (age < 35) return '25_34';
  if (age < 45) return '35_44';
  if (age < 55) return '45_54';
  if (age < 65) return '55_64';
  return '65_plus';
}

export const organisationStep = z.object({
  organisationId: z.guid({ error: key('organisationId.required') }),
});

export const languageStep = z
  .object({
    preferredLanguage: z.enum(['en', 'cy'], { error: key('preferredLanguage.required') }),
    speaksWelsh: yesNo,
    formats: pick(formats).default([]),
    interpreterLanguage: optionalText('interpreterLanguage', 100),
  })
  .superRefine((value, ctx) => {
    if (value.formats.includes('interpreter') && !value.interpreterLanguage)
      ctx.addIssue({
        code: 'custom',
        path: ['interpreterLanguage'],
        message: key('interpreterLanguage.required'),
      });
  })
  .transform((value) => ({
    ...value,
    interpreterLanguage: value.formats.includes('interpreter') ? value.interpreterLanguage : null,
  }));

export interface Address {
  lines: string;
  postcode: string;
}

export const contactStep = z
  .object({
    phone: z
      .string()
      .default('')
      .transform((v) => v.trim()),
    email: z
      .string()
      .default('')
      .transform((v) => v.trim()),
    addressLines: optionalText('addressLines', 500, true),
    postcode: z
      .string()
      .default('')
      .transform((v) => v.trim()),
    channel1: z.string().default(''),
    channel2: z.string().default(''),
    channel3: z.string().default(''),
    safe: pick(safeContactRules).default([]),
    quietFrom: z.string().default(''),
    quietTo: z.string().default(''),
  })
  .transform((value, ctx) => {
    const issue = (path: string, message: string) =>
      ctx.addIssue({ code: 'custom', path: [path], message: key(message) });
    let phone: string | null = null;
    if (value.phone) {
      if (value.phone.length > 30) issue('phone', 'phone.invalid');
      else {
        phone = normaliseUkPhone(value.phone);
        if (!phone) issue('phone', 'phone.invalid');
      }
    }
    let email: string | null = null;
    if (value.email) {
      if (value.email.length > 254) issue('email', 'email.tooLong');
      else if (!z.email().safeParse(value.email).success) issue('email', 'email.invalid');
      else email = normaliseEmail(value.email);
    }
    let address: Address | null = null;
    if (value.postcode || value.addressLines) {
      if (!value.addressLines) issue('addressLines', 'addressLines.required');
      const postcode = value.postcode.length > 10 ? null : normalisePostcode(value.postcode);
      if (!value.postcode) issue('postcode', 'postcode.required');
      else if (!postcode) issue('postcode', 'postcode.invalid');
      if (value.addressLines && postcode) address = { lines: value.addressLines, postcode };
    }
    const channels = [
      ...new Set(
        [value.channel1, value.channel2, value.channel3].filter(
          (c): c is (typeof personChannels)[number] =>
            (personChannels as readonly string[]).includes(c),
        ),
      ),
    ];
    channels.forEach((channel, i) => {
      const field = `channel${i + 1}`;
      if (channel === 'sms' && !(phone && isUkMobile(phone)))
        issue(field, 'channel.smsNeedsMobile');
      if (channel === 'phone' && !phone) issue(field, 'channel.phoneNeedsNumber');
      if (channel === 'email' && !email && !value.email) issue(field, 'channel.emailNeedsAddress');
      if (channel === 'letter' && !address && !value.postcode)
        issue(field, 'channel.letterNeedsAddress');
    });
    const quietFrom = timeFromText(value.quietFrom);
    const quietTo = timeFromText(value.quietTo);
    if (quietFrom === 'invalid') issue('quietFrom', 'time.invalid');
    if (quietTo === 'invalid') issue('quietTo', 'time.invalid');
    if ((quietFrom === null) !== (quietTo === null))
      issue(quietFrom ? 'quietTo' : 'quietFrom', 'quiet.both');
    return {
      phone,
      email,
      address,
      channels,
      noVoicemail: value.safe.includes('noVoicemail'),
      plainEnvelope: value.safe.includes('plainEnvelope'),
      noContactViaFamily: value.safe.includes('noContactViaFamily'),
      quietFrom: quietFrom === 'invalid' ? null : quietFrom,
      quietTo: quietTo === 'invalid' ? null : quietTo,
    };
  });

export const consentStep = z
  .object({
    purposes: pick(consentPurposes).default([]),
    method: z.enum(staffConsentMethods, { error: key('method.required') }),
    wordingVersion: requiredText('wordingVersion', 50),
  })
  .superRefine((value, ctx) => {
    if (!value.purposes.includes('register'))
      ctx.addIssue({ code: 'custom', path: ['purposes'], message: key('purposes.register') });
  });

/** Recording further consent on a person's page: at least one purpose. */
export const consentForm = z
  .object({
    purposes: pick(consentPurposes).default([]),
    method: z.enum(staffConsentMethods, { error: key('method.required') }),
    wordingVersion: requiredText('wordingVersion', 50),
  })
  .superRefine((value, ctx) => {
    if (value.purposes.length === 0)
      ctx.addIssue({ code: 'custom', path: ['purposes'], message: key('purposes.required') });
  });

export const withdrawForm = z.object({
  method: z.enum(staffConsentMethods, { error: key('method.required') }),
});

export type KindStep = z.infer<typeof kindStep>;
export type NameStep = z.infer<typeof nameStep>;
export type AgeStep = z.infer<typeof ageStep>;
export type OrganisationStep = z.infer<typeof organisationStep>;
export type LanguageStep = z.infer<typeof languageStep>;
export type ContactStep = z.infer<typeof contactStep>;
export type ConsentStep = z.infer<typeof consentStep>;

/** The question pages of registering someone, in order, each with its schema. */
export const steps = {
  kind: kindStep,
  name: nameStep,
  age: ageStep,
  organisation: organisationStep,
  language: languageStep,
  contact: contactStep,
  consent: consentStep,
} as const;
export type StepName = keyof typeof steps;
export const stepNames = Object.keys(steps) as StepName[];

/** Everything needed to register a person (the answers of every question page). */
export const newPersonSchema = z.object({
  ...kindStep.shape,
  ...nameStep.shape,
  // the draft holds the name step's output, where an empty legal name is already null
  legalName: z.string().max(200).nullable(),
  dateOfBirth: z.iso.date().nullable(),
  ageBand: z.enum(ageBands).nullable(),
  ...organisationStep.shape,
  preferredLanguage: z.enum(['en', 'cy']),
  speaksWelsh: z.boolean(),
  formats: z.array(z.enum(formats)),
  interpreterLanguage: z.string().max(100).nullable(),
  phone: z.string().max(20).nullable(),
  email: z.string().max(254).nullable(),
  address: z.object({ lines: z.string().max(500), postcode: z.string().max(10) }).nullable(),
  channels: z.array(z.enum(personChannels)),
  noVoicemail: z.boolean(),
  plainEnvelope: z.boolean(),
  noContactViaFamily: z.boolean(),
  quietFrom: z.string().nullable(),
  quietTo: z.string().nullable(),
  consent: z.object({
    purposes: z.array(z.enum(consentPurposes)).min(1),
    method: z.enum(consentMethods),
    wordingVersion: z.string().min(1).max(50),
  }),
});
export type NewPerson = z.infer<typeof newPersonSchema>;

// ---------------------------------------------------------------- sections of the record

export const sections = ['details', 'contact', 'availability', 'interests', 'carers'] as const;
export type Section = (typeof sections)[number];

export const detailsSection = z.object({ ...kindStep.shape, ...nameStep.shape }).and(ageStep);

export const contactSection = z.intersection(languageStep, contactStep);

/** Rows of repeated fields are named `<prefix>-<n>-<field>`: how many rows a form may send. */
export const MAX_ROWS = 10;

export interface UnavailableTime {
  weekday: number | null;
  startsAt: string;
  endsAt: string;
  reason: string | null;
}
export interface UnavailableDate {
  date: string;
  reason: string | null;
}
export interface Supporter {
  name: string | null;
  relationship: (typeof relationships)[number];
  relatedPersonId: string | null;
  mayShare: (typeof sharing)[number][];
}

export interface AvailabilitySection {
  travelLimit: string | null;
  accessNeeds: string | null;
  supportNeeded: string | null;
  unavailableTimes: UnavailableTime[];
  unavailableDates: UnavailableDate[];
}

export interface Issue {
  field: string;
  message: string;
}
export type Parsed<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };

const rowIndexes = (form: Form, prefix: string) =>
  [
    ...new Set(
      Object.keys(form)
        .map((name) => new RegExp(`^${prefix}-(\\d{1,2})-`).exec(name)?.[1])
        .filter((n): n is string => n !== undefined)
        .map(Number)
        .filter((n) => n < MAX_ROWS),
    ),
  ].sort((a, b) => a - b);

const textIssue = (issues: Issue[], field: string, value: string, max: number, message: string) => {
  if (value.length > max) issues.push({ field, message: key(message) });
};

export function parseAvailability(form: Form): Parsed<AvailabilitySection> {
  const issues: Issue[] = [];
  const text = (name: string, max: number) => {
    const value = tidy(str(form, name));
    textIssue(issues, name, value, max, `${name}.tooLong`);
    return value || null;
  };
  const travelLimit = text('travelLimit', 500);
  const accessNeeds = text('accessNeeds', 2000);
  const supportNeeded = text('supportNeeded', 2000);
  const unavailableTimes: UnavailableTime[] = [];
  for (const n of rowIndexes(form, 'time')) {
    const f = (name: string) => str(form, `time-${n}-${name}`).trim();
    const [weekday, from, to, reason] = [
      f('weekday'),
      f('startsAt'),
      f('endsAt'),
      collapse(f('reason')),
    ];
    if (!from && !to && !reason && !weekday) continue;
    const startsAt = timeFromText(from);
    const endsAt = timeFromText(to);
    if (startsAt === null || startsAt === 'invalid')
      issues.push({ field: `time-${n}-startsAt`, message: key('time.invalid') });
    if (endsAt === null || endsAt === 'invalid')
      issues.push({ field: `time-${n}-endsAt`, message: key('time.invalid') });
    textIssue(issues, `time-${n}-reason`, reason, 200, 'reason.tooLong');
    const day = weekday === '' ? null : Number(weekday);
    if (day !== null && !(weekdays as readonly number[]).includes(day))
      issues.push({ field: `time-${n}-weekday`, message: key('weekday.invalid') });
    if (startsAt && endsAt && startsAt !== 'invalid' && endsAt !== 'invalid') {
      if (endsAt <= startsAt)
        issues.push({ field: `time-${n}-endsAt`, message: key('time.order') });
      else unavailableTimes.push({ weekday: day, startsAt, endsAt, reason: reason || null });
    }
  }
  const unavailableDates: UnavailableDate[] = [];
  for (const n of rowIndexes(form, 'date')) {
    const raw = str(form, `date-${n}-date`);
    const reason = collapse(str(form, `date-${n}-reason`));
    if (!raw.trim() && !reason) continue;
    const date = raw.length > 20 ? 'invalid' : dateFromText(raw);
    textIssue(issues, `date-${n}-reason`, reason, 200, 'reason.tooLong');
    if (date === null || date === 'invalid')
      issues.push({ field: `date-${n}-date`, message: key('date.invalid') });
    else unavailableDates.push({ date, reason: reason || null });
  }
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    value: { travelLimit, accessNeeds, supportNeeded, unavailableTimes, unavailableDates },
  };
}

export const interestsSection = z.object({
  willingActivities: pick(activities).default([]),
  skills: pick(skills).default([]),
  interests: optionalText('interests', 2000, true),
  trainingCompleted: pick(trainings).default([]),
  orientation: z
    .enum([...orientations, ''])
    .default('')
    .transform((v) => (v === '' ? null : v)),
  commitmentGroup: z
    .enum([...commitmentGroups, ''])
    .default('')
    .transform((v) => (v === '' ? null : v)),
});
export type InterestsSection = z.infer<typeof interestsSection>;

export interface CarersSection {
  emergencyArrangements: string | null;
  supporters: Supporter[];
}

export function parseCarers(form: Form): Parsed<CarersSection> {
  const issues: Issue[] = [];
  const emergencyArrangements = tidy(str(form, 'emergencyArrangements'));
  textIssue(
    issues,
    'emergencyArrangements',
    emergencyArrangements,
    2000,
    'emergencyArrangements.tooLong',
  );
  const supporters: Supporter[] = [];
  for (const n of rowIndexes(form, 'supporter')) {
    const f = (name: string) => str(form, `supporter-${n}-${name}`);
    const name = collapse(f('name'));
    const related = f('relatedPersonId').trim().toLowerCase();
    const relationship = f('relationship');
    if (!name && !related) continue;
    textIssue(issues, `supporter-${n}-name`, name, 200, 'supporterName.tooLong');
    if (related && !z.guid().safeParse(related).success)
      issues.push({
        field: `supporter-${n}-relatedPersonId`,
        message: key('relatedPersonId.invalid'),
      });
    if (!(relationships as readonly string[]).includes(relationship))
      issues.push({ field: `supporter-${n}-relationship`, message: key('relationship.required') });
    else
      supporters.push({
        name: name || null,
        relationship: relationship as Supporter['relationship'],
        relatedPersonId: related || null,
        mayShare: pick(sharing).parse(list(form, `supporter-${n}-mayShare`)),
      });
  }
  if (issues.length) return { ok: false, issues };
  return { ok: true, value: { emergencyArrangements: emergencyArrangements || null, supporters } };
}

export const statusForm = z
  .object({
    status: z.enum(personStatuses, { error: key('status.required') }),
    reviewDay: z.string().default(''),
    reviewMonth: z.string().default(''),
    reviewYear: z.string().default(''),
    reason: optionalText('reason', 500, true),
  })
  .transform((value, ctx) => {
    const date = dateFromParts(value.reviewDay, value.reviewMonth, value.reviewYear);
    if (date === 'invalid') {
      ctx.addIssue({ code: 'custom', path: ['reviewDate'], message: key('reviewDate.invalid') });
      return z.NEVER;
    }
    if (date !== null && value.status === 'paused' && date < todayIso()) {
      ctx.addIssue({ code: 'custom', path: ['reviewDate'], message: key('reviewDate.past') });
      return z.NEVER;
    }
    return {
      status: value.status,
      reviewDate: value.status === 'paused' ? date : null,
      reason: value.reason,
    };
  });
export type StatusInput = z.infer<typeof statusForm>;

/** Issues from a zod error, each against its field. */
export function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((issue) => ({
    field: String(issue.path[0] ?? 'form'),
    message: issue.message.startsWith('people:') ? issue.message : key('form.invalid'),
  }));
}

/** Where the error summary links to, for fields whose first input has another id. */
const anchors: Record<string, string> = {
  dateOfBirth: 'dateOfBirth-day',
  reviewDate: 'reviewDate-day',
  form: 'main-content',
};

export interface FormErrors {
  errorList: { text: string; href: string }[];
  fields: Record<string, { text: string }>;
}

/** Issues (translation keys) as the GOV.UK error summary and inline messages. */
export function toFormErrors(t: TFunction, issues: Issue[]): FormErrors {
  const fields: FormErrors['fields'] = {};
  const errorList: FormErrors['errorList'] = [];
  for (const issue of issues) {
    if (fields[issue.field]) continue;
    const text = t(issue.message);
    fields[issue.field] = { text };
    errorList.push({ text, href: `#${anchors[issue.field] ?? issue.field}` });
  }
  return { errorList, fields };
}

// ---------------------------------------------------------------- the list

const oneOf = <T extends readonly string[]>(values: T) =>
  z.enum(values).optional().catch(undefined);
const manyOf = <T extends readonly string[]>(values: T) => pick(values).default([]).catch([]);

/** The list page's query string; anything unexpected is ignored. */
export const searchQuery = z.object({
  q: z.string().trim().max(100).catch(''),
  kind: oneOf(personKinds),
  status: oneOf(personStatuses),
  organisation: z.guid().optional().catch(undefined),
  willing: manyOf(activities),
  skill: manyOf(skills),
  trained: oneOf(trainings),
  welsh: z.literal('1').optional().catch(undefined),
  day: z.coerce.number().int().min(1).max(7).optional().catch(undefined),
  part: oneOf(['morning', 'afternoon', 'evening'] as const),
  page: z.coerce.number().int().min(1).max(4000).catch(1),
});
export type SearchQuery = z.infer<typeof searchQuery>;

export const idParams = z.object({ id: z.guid() });
export const sectionParams = z.object({ id: z.guid(), section: z.enum(sections) });
export const purposeParams = z.object({ id: z.guid(), purpose: z.enum(consentPurposes) });
export const historyQuery = z.object({
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});
