import type { PersonView } from '../people/service.ts';
import type { Form } from '../people/schema.ts';
import { contactValues } from '../people/routes/form-choices.ts';
import { consentPurposes } from '../tables.ts';

/** Consent a person can give or withdraw here; leaving the register is a request (/portal/request). */
export const portalPurposes = consentPurposes.filter((purpose) => purpose !== 'register');
/** The wording people agree to on the portal's consent page (locales: portal:consent.purposes). */
export const PORTAL_WORDING_VERSION = 'portal-2026-1';

/** The record's contact section as the people feature's form has it, to change one part. */
export const contactFormOf = (person: PersonView): Form => contactValues(person, person.phone);

export const one = (form: Form, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};
export const many = (form: Form, name: string) => ([] as string[]).concat(form[name] ?? []);

export interface AvailabilityValues {
  travelLimit: string;
  accessNeeds: string;
  venueNeeds: string[];
  supportNeeded: string;
  times: { weekday: string; startsAt: string; endsAt: string; reason: string }[];
  dates: { date: string; reason: string }[];
}

const blankTime = { weekday: '', startsAt: '', endsAt: '', reason: '' };
const blankDate = { date: '', reason: '' };

/** The availability page's values from the record, with a blank row of each kind to add. */
export function availabilityOf(person: PersonView): AvailabilityValues {
  return {
    travelLimit: person.travelLimit ?? '',
    accessNeeds: person.accessNeeds ?? '',
    venueNeeds: person.venueNeeds,
    supportNeeded: person.supportNeeded ?? '',
    times: [
      ...person.unavailableTimes.map((t) => ({
        weekday: t.weekday === null ? '' : String(t.weekday),
        startsAt: t.startsAt.slice(0, 5),
        endsAt: t.endsAt.slice(0, 5),
        reason: t.reason ?? '',
      })),
      blankTime,
    ],
    dates: [
      ...person.unavailableDates.map((d) => ({ date: d.date, reason: d.reason ?? '' })),
      blankDate,
    ],
  };
}

/** The availability page's values as they were sent (shown again with the errors). */
export function availabilityAsSent(form: Form): AvailabilityValues {
  const rows = (prefix: string, fields: string[]) =>
    [
      ...new Set(
        Object.keys(form)
          .map((name) => new RegExp(`^${prefix}-(\\d{1,2})-`).exec(name)?.[1])
          .filter((n): n is string => n !== undefined),
      ),
    ]
      .sort((a, b) => Number(a) - Number(b))
      .map((n) => Object.fromEntries(fields.map((f) => [f, one(form, `${prefix}-${n}-${f}`)])));
  return {
    travelLimit: one(form, 'travelLimit'),
    accessNeeds: one(form, 'accessNeeds'),
    venueNeeds: many(form, 'venueNeeds'),
    supportNeeded: one(form, 'supportNeeded'),
    times: rows('time', ['weekday', 'startsAt', 'endsAt', 'reason']) as never,
    dates: rows('date', ['date', 'reason']) as never,
  };
}
