/**
 * The meeting pages' view models: the schedule/edit form's choices and values, a meeting's
 * details in the reader's language, and the problems the service finds as form issues.
 */
import type { TFunction } from 'i18next';
import { local } from '#platform/i18n/i18n.ts';
import { rungs } from '#features/involvement';
import { londonParts } from '#platform/time/london.ts';
import { formatDate, formatDateTime } from '#platform/views/views.ts';
import { choices, type Issue } from '#platform/validation/index.ts';
import {
  attendanceModes,
  closedGroups,
  meetingKinds,
  meetingLanguages,
  seriesRepeats,
} from '../tables.ts';
import { checklistView } from '../proofing/present.ts';
import type { CheckResult } from '../proofing/rules.ts';
import type { MeetingDetails } from './details.ts';
import type { MeetingProblem } from './service.ts';
import { arrangements, scopes, type Form } from './schema.ts';

const P = 'meetings:pages.';

/** The time part of a moment in UK time (14:00). */
export const londonTime = (at: Date | string) => londonParts(new Date(at)).time;

/** "Tuesday 12 January 2027, 14:00 to 16:00" in the reader's language. */
export function whenText(t: TFunction, lang: string, startsAt: Date, endsAt: Date) {
  return t(`${P}when`, {
    date: formatDate(startsAt, lang),
    start: londonTime(startsAt),
    end: londonTime(endsAt),
  });
}

/** Where a meeting is: its venue, "online", or both. */
export function placeText(
  t: TFunction,
  meeting: { attendanceMode: string; venueName: string | null },
) {
  if (meeting.attendanceMode === 'online' || !meeting.venueName) return t(`${P}online`);
  if (meeting.attendanceMode === 'hybrid')
    return t(`${P}venueAndOnline`, { venue: meeting.venueName });
  return meeting.venueName;
}

/** Where the service's problems show on the form. */
const problemFields: Record<MeetingProblem, string> = {
  endBeforeStart: 'endTime',
  inThePast: 'date',
  venueMissing: 'venueId',
  venueNotOurs: 'venueId',
  chairNotOurs: 'chairAccountId',
};
export const problemIssues = (problems: readonly MeetingProblem[]): Issue[] =>
  problems.map((p) => ({ field: problemFields[p], message: `${P}errors.${p}` }));

/** The error summary links a date to its day box. */
export const anchors = { date: 'date-day', arrangements: 'arrangements', rung: 'rung' };

/** A meeting as the edit form's values. */
export function valuesOf(meeting: MeetingDetails): Form {
  const start = londonParts(new Date(meeting.startsAt));
  const [y, m, d] = start.date.split('-');
  return {
    kind: meeting.kind,
    titleEn: meeting.titleEn,
    titleCy: meeting.titleCy,
    purposeEn: meeting.purposeEn ?? '',
    purposeCy: meeting.purposeCy ?? '',
    rung: String(meeting.rung),
    attendanceMode: meeting.attendanceMode,
    venueId: meeting.venueId ?? '',
    onlineDetails: meeting.onlineDetails ?? '',
    'date-day': String(Number(d)),
    'date-month': String(Number(m)),
    'date-year': y,
    startTime: start.time,
    endTime: londonTime(meeting.endsAt),
    chairAccountId: meeting.chairAccountId ?? '',
    languages: meeting.languages,
    interpreterLanguage: meeting.interpreterLanguage ?? '',
    closedTo: meeting.closedTo ?? '',
    arrangements: [
      ...(meeting.simultaneousTranslation ? ['simultaneous_translation'] : []),
      ...(meeting.breakPlanned ? ['break_planned'] : []),
      ...(meeting.expensesOffered ? ['expenses_offered'] : []),
    ],
    papersDueDays: String(meeting.papersDueDays),
    minutesDueDays: String(meeting.minutesDueDays),
    scope: 'this',
  };
}

/** What a new meeting's form starts with. */
export const defaultValues = (organisationId: string): Form => ({
  organisationId,
  rung: '3',
  languages: 'en',
  papersDueDays: '7',
  minutesDueDays: '14',
  repeat: '',
  count: '6',
});

const one = (value: Form[string]) => (typeof value === 'string' ? value : '');
const many = (value: Form[string]) => (value === undefined ? [] : [value].flat());

/** The choices of the schedule/edit form, with the form's values picked. */
export function formChoices(
  t: TFunction,
  values: Form,
  venues: { id: string; name: string }[],
  staff: { id: string; name: string }[],
) {
  const select = (items: { value: string; text: string }[], chosen: string) =>
    items.map((item) => ({ ...item, selected: item.value === chosen }));
  return {
    kinds: choices(t, meetingKinds, 'meetings:kinds.', one(values.kind), { select: true }),
    rungs: rungs.map((rung, i) => ({
      value: String(i + 1),
      text: t(`involvement:rungs.${rung}.name`),
      hint: { text: t(`involvement:rungs.${rung}.explanation`) },
      checked: one(values.rung) === String(i + 1),
    })),
    attendanceModes: choices(
      t,
      attendanceModes,
      'meetings:attendanceModes.',
      one(values.attendanceMode),
    ),
    venues: select(
      [
        { value: '', text: t(`${P}form.venueId.none`) },
        ...venues.map((v) => ({ value: v.id, text: v.name })),
      ],
      one(values.venueId),
    ),
    staff: select(
      [
        { value: '', text: t(`${P}form.chairAccountId.none`) },
        ...staff.map((s) => ({ value: s.id, text: s.name })),
      ],
      one(values.chairAccountId),
    ),
    languages: choices(t, meetingLanguages, 'meetings:languages.', one(values.languages)),
    closedGroups: select(
      [
        { value: '', text: t(`${P}form.closedTo.none`) },
        ...closedGroups.map((g) => ({ value: g, text: t(`meetings:closedGroups.${g}`) })),
      ],
      one(values.closedTo),
    ),
    arrangements: choices(t, arrangements, `${P}form.arrangements.`, many(values.arrangements)),
    repeats: select(
      [
        { value: '', text: t(`${P}repeats.none`) },
        ...seriesRepeats.map((r) => ({ value: r, text: t(`${P}repeats.${r}`) })),
      ],
      one(values.repeat),
    ),
    scopes: choices(t, scopes, `${P}scopes.`, one(values.scope) || 'this'),
  };
}

/** The date input's three boxes with the form's values. */
export const dateItems = (values: Form) =>
  (['day', 'month', 'year'] as const).map((part) => ({
    name: part,
    classes: part === 'year' ? 'govuk-input--width-4' : 'govuk-input--width-2',
    value: one(values[`date-${part}`]),
  }));

/** The details list of the meeting page. */
export function detailRows(t: TFunction, lang: string, m: MeetingDetails) {
  const yes = (b: boolean) => t(b ? 'common:yes' : 'common:no');
  const rows: [string, string][] = [
    [t(`${P}fields.kind`), t(`meetings:kinds.${m.kind}`)],
    [t(`${P}fields.organisation`), local(lang, m.organisationNameEn, m.organisationNameCy)],
    [t(`${P}fields.when`), whenText(t, lang, m.startsAt, m.endsAt)],
    [t(`${P}fields.attendanceMode`), t(`meetings:attendanceModes.${m.attendanceMode}`)],
  ];
  if (m.venueName) rows.push([t(`${P}fields.venue`), `${m.venueName}, ${m.venueAddress ?? ''}`]);
  if (m.attendanceMode !== 'in_person')
    rows.push([t(`${P}fields.onlineDetails`), m.onlineDetails || t(`${P}notGiven`)]);
  rows.push(
    [t(`${P}fields.purpose`), local(lang, m.purposeEn, m.purposeCy) || t(`${P}notGiven`)],
    [t(`${P}fields.rung`), t(`involvement:rungs.${rungs[m.rung - 1] ?? 'consultation'}.name`)],
    [t(`${P}fields.chair`), m.chairName ?? t(`${P}notGiven`)],
    [t(`${P}fields.languages`), t(`meetings:languages.${m.languages}`)],
    [t(`${P}fields.simultaneousTranslation`), yes(m.simultaneousTranslation)],
    [t(`${P}fields.interpreterLanguage`), m.interpreterLanguage || t(`${P}notGiven`)],
    [
      t(`${P}fields.closedTo`),
      m.closedTo ? t(`meetings:closedGroups.${m.closedTo}`) : t(`${P}openToAll`),
    ],
    [t(`${P}fields.breakPlanned`), yes(m.breakPlanned)],
    [t(`${P}fields.expensesOffered`), yes(m.expensesOffered)],
    [t(`${P}fields.papersDue`), t(`${P}daysBefore`, { count: m.papersDueDays })],
    [t(`${P}fields.minutesDue`), t(`${P}daysAfter`, { count: m.minutesDueDays })],
  );
  if (m.cancelledAt) rows.push([t(`${P}fields.cancelledAt`), formatDateTime(m.cancelledAt, lang)]);
  return rows.map(([key, value]) => ({ key: { text: key }, value: { text: value } }));
}

/** Minutes as "1 hour 30 minutes" in the reader's language. */
export function duration(t: TFunction, minutes: number) {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [
    ...(hours ? [t(`${P}hours`, { count: hours })] : []),
    ...(rest || !hours ? [t(`${P}minutes`, { count: rest })] : []),
  ];
  return parts.join(' ');
}

/**
 * The user-proofing checklist as the meeting page shows it: each check's status and its findings
 * about the meeting, and for findings about invitees only how many there are (no names: those
 * are on the checklist page, where looking at them is audited).
 */
export function checklistSummary(t: TFunction, lang: string, results: readonly CheckResult[]) {
  const general = results.map((r) => ({ ...r, findings: r.findings.filter((f) => !f.inviteeId) }));
  const { checks } = checklistView(t, lang, general);
  let open = 0;
  results.forEach((result, i) => {
    const warning = result.status === 'warning' || result.status === 'overridden';
    if (warning) open += result.findings.filter((f) => !f.override).length;
    const people = result.findings.filter((f) => f.inviteeId).length;
    if (people)
      checks[i]!.findings.push({
        text: t('meetings:pages.show.proofingPeople', { count: people }),
        warning,
        inviteeId: '',
        override: undefined,
      });
  });
  return { checks, open };
}
