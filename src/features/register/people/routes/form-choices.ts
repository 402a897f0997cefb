import type { TFunction } from 'i18next';
import { choices, type Form } from '#platform/validation/index.ts';
import {
  activities,
  ageBands,
  consentPurposes,
  formats,
  personChannels,
  personKinds,
  personStatuses,
  venueNeeds,
} from '../../tables.ts';
import type { PersonView } from '../service/person-view.ts';
import {
  commitmentGroups,
  MAX_ROWS,
  orientations,
  relationships,
  safeContactRules,
  sharing,
  skills,
  staffConsentMethods,
  trainings,
  weekdays,
  type Section,
} from '../schema.ts';

/** The choices of the people forms (radios, checkboxes, selects), and their values. */

/** A posted value as one chosen value (a select or radios). */
const one = (chosen: unknown) =>
  typeof chosen === 'string' || typeof chosen === 'number' ? String(chosen) : undefined;
/** A posted value as the chosen values (checkboxes). */
const many = (chosen: unknown) =>
  ([] as unknown[]).concat(chosen ?? []).filter((x): x is string => typeof x === 'string');

/** A select's options (`people:<prefix>.<value>`), with the chosen one selected. */
export const options = (
  t: TFunction,
  prefix: string,
  values: readonly (string | number)[],
  chosen: unknown,
) => choices(t, values.map(String), `people:${prefix}.`, one(chosen), { select: true });
/** Checkboxes (`people:<prefix>.<value>`), with the chosen ones checked. */
export const checks = (t: TFunction, prefix: string, values: readonly string[], chosen: unknown) =>
  choices(t, values, `people:${prefix}.`, many(chosen));
/** Radios (`people:<prefix>.<value>`), with the chosen one checked. */
const radios = (t: TFunction, prefix: string, values: readonly string[], chosen: unknown) =>
  choices(t, values, `people:${prefix}.`, typeof chosen === 'string' ? chosen : undefined);

/** Everything the form partials need to show their choices. */
export function formChoices(t: TFunction, values: Form) {
  const v = (name: string) => values[name];
  const select = (
    none: string,
    prefix: string,
    list: readonly (string | number)[],
    name: string,
  ) => [{ value: '', text: t(none) }, ...options(t, prefix, list, v(name))];
  return {
    kinds: radios(t, 'kinds', personKinds, v('kind')),
    ageBands: radios(t, 'ageBands', ageBands, v('ageBand')),
    formats: checks(t, 'formats', formats, v('formats')),
    safe: checks(t, 'safe', safeContactRules, v('safe')),
    channels: (n: number) =>
      select('people:fields.channel.none', 'channels', personChannels, `channel${n}`),
    purposes: checks(t, 'purposes', consentPurposes, v('purposes')),
    methods: radios(t, 'methods', staffConsentMethods, v('method')),
    activities: checks(t, 'activities', activities, v('willingActivities')),
    venueNeeds: checks(t, 'venueNeeds', venueNeeds, v('venueNeeds')),
    skills: checks(t, 'skills', skills, v('skills')),
    trainings: checks(t, 'trainings', trainings, v('trainingCompleted')),
    orientations: radios(t, 'orientations', orientations, v('orientation')),
    commitmentGroups: radios(t, 'commitmentGroups', commitmentGroups, v('commitmentGroup')),
    weekdays: (n: number) =>
      select('people:weekdays.every', 'weekdays', weekdays, `time-${n}-weekday`),
    relationships: (n: number) =>
      select(
        'people:fields.relationship.choose',
        'relationships',
        relationships,
        `supporter-${n}-relationship`,
      ),
    sharing: (n: number) => checks(t, 'sharing', sharing, v(`supporter-${n}-mayShare`)),
    statuses: radios(t, 'statuses', personStatuses, v('status')),
  };
}

const rowIndexOf = (name: string, prefix: string) => {
  const n = new RegExp(`^${prefix}-(\\d{1,2})-`).exec(name)?.[1];
  return n === undefined ? undefined : Number(n);
};

/**
 * Row numbers for repeated fields: every row in the form (filled in or not), then `blank`
 * more to fill in; at least one row, never more than MAX_ROWS.
 */
export function rowsOf(values: Form, prefix: string, blank: number) {
  const used = Object.keys(values)
    .map((name) => rowIndexOf(name, prefix))
    .filter((n): n is number => n !== undefined);
  const count = Math.min(MAX_ROWS, Math.max(1, (used.length ? Math.max(...used) + 1 : 0) + blank));
  return Array.from({ length: count }, (_, i) => i);
}

/** The form without row `n` of `prefix`: the rows after it move up one (GOV.UK "add another"). */
export function withoutRow(values: Form, prefix: string, n: number): Form {
  const kept: Form = {};
  for (const [name, value] of Object.entries(values)) {
    const row = rowIndexOf(name, prefix);
    if (row === undefined || row < n) kept[name] = value;
    else if (row > n) kept[name.replace(`${prefix}-${row}-`, `${prefix}-${row - 1}-`)] = value;
  }
  return kept;
}

/** "2026-06-15" as the day, month and year boxes ("15", "6", "2026"); empty when null. */
export function dateParts(date: string | null) {
  const [year, month, day] = date?.split('-') ?? [];
  return {
    day: day ? String(Number(day)) : '',
    month: month ? String(Number(month)) : '',
    year: year ?? '',
  };
}

function availabilityValues(person: PersonView): Form {
  const values: Form = {
    travelLimit: person.travelLimit ?? '',
    accessNeeds: person.accessNeeds ?? '',
    venueNeeds: person.venueNeeds,
    supportNeeded: person.supportNeeded ?? '',
  };
  person.unavailableTimes.forEach((u, n) => {
    values[`time-${n}-weekday`] = u.weekday === null ? '' : String(u.weekday);
    values[`time-${n}-startsAt`] = u.startsAt;
    values[`time-${n}-endsAt`] = u.endsAt;
    values[`time-${n}-reason`] = u.reason ?? '';
  });
  person.unavailableDates.forEach((d, n) => {
    const { day, month, year } = dateParts(d.date);
    values[`date-${n}-date`] = `${day}/${month}/${year}`;
    values[`date-${n}-reason`] = d.reason ?? '';
  });
  return values;
}

function carersValues(person: PersonView): Form {
  const values: Form = { emergencyArrangements: person.emergencyArrangements ?? '' };
  person.supporters.forEach((s, n) => {
    values[`supporter-${n}-name`] = s.name ?? '';
    values[`supporter-${n}-relationship`] = s.relationship;
    values[`supporter-${n}-relatedPersonId`] = s.relatedPersonId ?? '';
    values[`supporter-${n}-mayShare`] = s.mayShare;
  });
  return values;
}

/** The contact section's form values as the person sees them (`phone` as people write it). */
export const contactValues = (person: PersonView, phone: string | null): Form => ({
  preferredLanguage: person.preferredLanguage,
  speaksWelsh: person.speaksWelsh ? 'yes' : 'no',
  formats: person.formats,
  interpreterLanguage: person.interpreterLanguage ?? '',
  phone: phone ?? '',
  email: person.email ?? '',
  addressLines: person.address?.lines ?? '',
  postcode: person.address?.postcode ?? '',
  channel1: person.channels[0] ?? '',
  channel2: person.channels[1] ?? '',
  channel3: person.channels[2] ?? '',
  safe: safeContactRules.filter((rule) => person[rule]),
  quietFrom: person.quietFrom ?? '',
  quietTo: person.quietTo ?? '',
});

/** A person's record as the values of a section's form (`phone` as people write it). */
export function formValuesOf(person: PersonView, section: Section, phone: string | null): Form {
  switch (section) {
    case 'details': {
      const { day, month, year } = dateParts(person.dateOfBirth);
      return {
        kind: person.kind,
        displayName: person.displayName,
        legalName: person.legalName ?? '',
        dobDay: day,
        dobMonth: month,
        dobYear: year,
        ageBand: person.dateOfBirth ? '' : (person.ageBand ?? ''),
      };
    }
    case 'contact':
      return { ...contactValues(person, phone), namedWorker: person.namedWorkerAccountId ?? '' };
    case 'availability':
      return availabilityValues(person);
    case 'interests':
      return {
        willingActivities: person.willingActivities,
        skills: person.skills,
        interests: person.interests ?? '',
        trainingCompleted: person.trainingCompleted,
        orientation: person.orientation ?? '',
        commitmentGroup: person.commitmentGroup ?? '',
      };
    case 'carers':
      return carersValues(person);
  }
}
