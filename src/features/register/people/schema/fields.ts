import { z } from 'zod';
import {
  collapseSpaces as collapse,
  filledListField as list,
  firstField as str,
  tidyLines as tidy,
} from '#platform/validation/form.ts';
import type { Form } from '#platform/validation/index.ts';

export type { Form };

/**
 * Validation at the edge for the involvement register: the fixed lists, field helpers, dates
 * and times. Every form arrives as
 * `Record<string, string | string[]>`; the schemas turn it into clean, normalised values.
 * Messages are translation keys in locales/<lang>/people.json.
 */
export const key = (k: string) => `people:errors.${k}`;

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
/** `fullerMessages` lifts a default instead of adding a rule: texts and e-mails are discreet
 * unless the person chose fuller ones (see docs/contact.md). */
export const safeContactRules = [
  'noVoicemail',
  'plainEnvelope',
  'noContactViaFamily',
  'fullerMessages',
] as const;
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

/** One field as a string; a repeated field as a list; text tidied for one line or several. */
export { collapse, list, str, tidy };

/** Optional text: '' becomes null. */
export const optionalText = (field: string, max: number, multiline = false) =>
  z
    .string()
    .default('')
    .transform(multiline ? tidy : collapse)
    .pipe(z.string().max(max, key(`${field}.tooLong`)))
    .transform((value) => (value === '' ? null : value));

export const requiredText = (field: string, max: number) =>
  z
    .string({ error: key(`${field}.required`) })
    .transform(collapse)
    .pipe(
      z
        .string()
        .min(1, key(`${field}.required`))
        .max(max, key(`${field}.tooLong`)),
    );

export const yesNo = z
  .enum(['yes', 'no', ''])
  .default('')
  .transform((value) => value === 'yes');

/** Checkboxes: one value arrives as a string, several as a list; unknown values are dropped. */
export const pick = <T extends readonly string[]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((items) =>
      [...new Set(([] as string[]).concat(items))].filter((x): x is T[number] =>
        (values as readonly string[]).includes(x),
      ),
    );

export const todayIso = () => new Date().toISOString().slice(0, 10);

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
