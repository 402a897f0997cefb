import { z } from 'zod';
import { activities, personStatuses, venueNeeds, type VenueNeed } from '../../tables.ts';
import type { Form, Issue, Result } from '#platform/validation/index.ts';
import {
  collapse,
  commitmentGroups,
  dateFromParts,
  dateFromText,
  key,
  list,
  optionalText,
  orientations,
  pick,
  relationships,
  sharing,
  skills,
  str,
  timeFromText,
  tidy,
  todayIso,
  trainings,
  weekdays,
} from './fields.ts';
import { contactStep, kindStep, languageStep, nameStep, ageStep } from './steps.ts';

/** The sections of a person's record, each changed on its own page, and their status. */

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
  /** What they need of a venue (`venueNeeds`), checked against meeting venues. */
  venueNeeds: VenueNeed[];
  supportNeeded: string | null;
  unavailableTimes: UnavailableTime[];
  unavailableDates: UnavailableDate[];
}

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

export function parseAvailability(form: Form): Result<AvailabilitySection> {
  const issues: Issue[] = [];
  const text = (name: string, max: number) => {
    const value = tidy(str(form, name));
    textIssue(issues, name, value, max, `${name}.tooLong`);
    return value || null;
  };
  const travelLimit = text('travelLimit', 500);
  const accessNeeds = text('accessNeeds', 2000);
  const ticked = pick(venueNeeds).safeParse(form.venueNeeds ?? []);
  const needs = ticked.success ? ticked.data : [];
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
    value: {
      travelLimit,
      accessNeeds,
      venueNeeds: venueNeeds.filter((n) => needs.includes(n)),
      supportNeeded,
      unavailableTimes,
      unavailableDates,
    },
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

export function parseCarers(form: Form): Result<CarersSection> {
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
