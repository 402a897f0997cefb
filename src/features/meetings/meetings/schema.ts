/**
 * The meeting pages' forms: the schedule and edit form, the cancel form and the agenda, parsed
 * into what the service takes. Messages are translation keys under `meetings:pages.errors`.
 */
import { z } from 'zod';
import { parseDayMonthYear } from '#platform/validation/dates.ts';
import { listField as list, textField as str, type Form } from '#platform/validation/form.ts';
import type { Issue } from '#platform/validation/index.ts';
import {
  attendanceModes,
  closedGroups,
  meetingKinds,
  meetingLanguages,
  seriesRepeats,
} from '../tables.ts';
import type { MeetingDraft } from './repository.ts';
import { SERIES_MAX, SERIES_MIN } from './rules.ts';

export type { Form };
/** A single text field ('' when missing or repeated), trimmed, NFC. */
export { str };

const E = 'meetings:pages.errors.';

export const listQuery = z.object({
  when: z.enum(['upcoming', 'past']).catch('upcoming').default('upcoming'),
  organisation: z.guid().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});

export const newQuery = z.object({ organisation: z.guid().optional().catch(undefined) });

/** The extras a meeting may offer (checkboxes): each a boolean column. */
export const arrangements = [
  'simultaneous_translation',
  'break_planned',
  'expenses_offered',
] as const;

/** Which meetings of a series a change or a cancellation applies to. */
export const scopes = ['this', 'later'] as const;
export type Scope = (typeof scopes)[number];

const oneOf = <T extends string>(values: readonly T[], value: string): value is T =>
  (values as readonly string[]).includes(value);

/** 14:00, 9:30, 09.30 → HH:MM; null when it is not a time of day. */
export function parseTime(value: string): string | null {
  const match = /^(\d{1,2})[:.](\d{2})$/.exec(value.trim());
  if (!match) return null;
  const [h, m] = [Number(match[1]), Number(match[2])];
  if (h > 23 || m > 59) return null;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

const wholeNumber = (value: string, min: number, max: number) => {
  if (!/^\d{1,3}$/.test(value)) return null;
  const n = Number(value);
  return n >= min && n <= max ? n : null;
};

export type MeetingFields = Omit<MeetingDraft, 'repeat' | 'count'>;

/**
 * The schedule form (with repeat and count) or the edit form (`series: false`: without them).
 * The organisation is checked by the service; venue and chair against the organisation there too.
 */
export function parseMeetingForm(
  form: Form,
  options: { repeat: boolean },
): { ok: true; value: MeetingDraft } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const add = (field: string, key: string) => issues.push({ field, message: E + key });
  const kind = str(form, 'kind');
  if (!oneOf(meetingKinds, kind)) add('kind', 'kind');
  const text = (field: string, max: number, required: boolean) => {
    const value = str(form, field);
    if (required && !value) add(field, `${field}.required`);
    else if (value.length > max) add(field, `${field}.long`);
    return value;
  };
  const titleEn = text('titleEn', 150, true);
  const titleCy = text('titleCy', 150, true);
  const purposeEn = text('purposeEn', 2000, false);
  const purposeCy = text('purposeCy', 2000, false);
  const rung = wholeNumber(str(form, 'rung'), 1, 7);
  if (rung === null) add('rung', 'rung');
  const mode = str(form, 'attendanceMode');
  if (!oneOf(attendanceModes, mode)) add('attendanceMode', 'attendanceMode');
  const venueId = str(form, 'venueId');
  if (venueId && !z.guid().safeParse(venueId).success) add('venueId', 'venueNotOurs');
  else if (!venueId && oneOf(attendanceModes, mode) && mode !== 'online')
    add('venueId', 'venueMissing');
  const onlineDetails = text('onlineDetails', 1000, false);
  const date = parseDayMonthYear(
    str(form, 'date-day'),
    str(form, 'date-month'),
    str(form, 'date-year'),
  );
  if (!date) add('date', 'date');
  const startTime = parseTime(str(form, 'startTime'));
  if (!startTime) add('startTime', 'startTime');
  const endTime = parseTime(str(form, 'endTime'));
  if (!endTime) add('endTime', 'endTime');
  else if (startTime && endTime <= startTime) add('endTime', 'endBeforeStart');
  const chair = str(form, 'chairAccountId');
  if (chair && !z.guid().safeParse(chair).success) add('chairAccountId', 'chair');
  const languages = str(form, 'languages');
  if (!oneOf(meetingLanguages, languages)) add('languages', 'languages');
  const interpreterLanguage = text('interpreterLanguage', 100, false);
  const closedTo = str(form, 'closedTo');
  if (closedTo && !oneOf(closedGroups, closedTo)) add('closedTo', 'closedTo');
  const ticked = list(form, 'arrangements');
  if (ticked.some((a) => !oneOf(arrangements, a))) add('arrangements', 'arrangements');
  const papersDueDays = wholeNumber(str(form, 'papersDueDays'), 0, 60);
  if (papersDueDays === null) add('papersDueDays', 'papersDueDays');
  const minutesDueDays = wholeNumber(str(form, 'minutesDueDays'), 1, 90);
  if (minutesDueDays === null) add('minutesDueDays', 'minutesDueDays');
  let repeat: MeetingDraft['repeat'] = null;
  let count = 1;
  if (options.repeat) {
    const chosen = str(form, 'repeat');
    if (chosen && !oneOf(seriesRepeats, chosen)) add('repeat', 'repeat');
    else if (chosen && oneOf(seriesRepeats, chosen)) {
      repeat = chosen;
      const n = wholeNumber(str(form, 'count'), SERIES_MIN, SERIES_MAX);
      if (n === null) add('count', 'count');
      else count = n;
    }
  }
  if (issues.length) return { ok: false, issues };
  return {
    ok: true,
    value: {
      kind: kind as MeetingDraft['kind'],
      title_en: titleEn,
      title_cy: titleCy,
      purpose_en: purposeEn || null,
      purpose_cy: purposeCy || null,
      rung: rung!,
      attendance_mode: mode as MeetingDraft['attendance_mode'],
      venue_id: venueId || null,
      online_details: onlineDetails || null,
      chair_account_id: chair || null,
      languages: languages as MeetingDraft['languages'] & string,
      simultaneous_translation: ticked.includes('simultaneous_translation'),
      interpreter_language: interpreterLanguage || null,
      closed_to: (closedTo || null) as MeetingDraft['closed_to'],
      break_planned: ticked.includes('break_planned'),
      expenses_offered: ticked.includes('expenses_offered'),
      papers_due_days: papersDueDays!,
      minutes_due_days: minutesDueDays!,
      date: date!,
      startTime: startTime!,
      endTime: endTime!,
      repeat,
      count,
    },
  };
}

/** Which meetings of a series: 'this' unless 'later' is chosen. */
export const scopeChosen = (form: Form): Scope =>
  str(form, 'scope') === 'later' ? 'later' : 'this';

/** An agenda item as typed: the row's number on the form and its fields. */
export interface AgendaRow {
  row: number;
  position: string;
  titleEn: string;
  titleCy: string;
  summaryEn: string;
  summaryCy: string;
  minutes: string;
}

export interface AgendaItemInput {
  position: number;
  title_en: string;
  title_cy: string;
  summary_en: string | null;
  summary_cy: string | null;
  minutes: number | null;
}

/** At most this many rows on the agenda form (a forged form may not send thousands). */
export const AGENDA_MAX_ROWS = 100;

/** An agenda row with nothing typed in it yet. */
export const emptyAgendaRow = (row: number): AgendaRow => ({
  row,
  position: '',
  titleEn: '',
  titleCy: '',
  summaryEn: '',
  summaryCy: '',
  minutes: '',
});

const AGENDA_ROW = /^item-(\d{1,3})-(position|titleEn|titleCy|summaryEn|summaryCy|minutes)$/;

/** The rows of a submitted agenda form, in the form's order. */
export function agendaRowsOf(form: Form): AgendaRow[] {
  const rows = new Map<number, AgendaRow>();
  for (const key of Object.keys(form)) {
    const match = AGENDA_ROW.exec(key);
    if (!match) continue;
    const row = Number(match[1]);
    if (row >= AGENDA_MAX_ROWS) continue;
    const entry = rows.get(row) ?? emptyAgendaRow(row);
    entry[match[2] as Exclude<keyof AgendaRow, 'row'>] = str(form, key);
    rows.set(row, entry);
  }
  return [...rows.values()].sort((a, b) => a.row - b.row);
}

const blank = (r: AgendaRow) =>
  !r.titleEn && !r.titleCy && !r.summaryEn && !r.summaryCy && !r.minutes;

/**
 * The agenda from its rows: empty rows are dropped (that is how an item is removed), the rest
 * ordered by their place number (rows without one keep their place in the form; a row given a
 * place goes before one that is there only by its row) and numbered 1, 2, 3…
 */
export function parseAgenda(
  rows: AgendaRow[],
): { ok: true; value: AgendaItemInput[] } | { ok: false; issues: Issue[] } {
  const issues: Issue[] = [];
  const items: (AgendaItemInput & { order: number; row: number; moved: boolean })[] = [];
  for (const r of rows.filter((x) => !blank(x))) {
    const field = (name: string) => `item-${String(r.row)}-${name}`;
    if (!r.titleEn) issues.push({ field: field('titleEn'), message: `${E}agenda.titleEn` });
    else if (r.titleEn.length > 200)
      issues.push({ field: field('titleEn'), message: `${E}agenda.titleLong` });
    if (!r.titleCy) issues.push({ field: field('titleCy'), message: `${E}agenda.titleCy` });
    else if (r.titleCy.length > 200)
      issues.push({ field: field('titleCy'), message: `${E}agenda.titleLong` });
    for (const name of ['summaryEn', 'summaryCy'] as const)
      if (r[name].length > 2000)
        issues.push({ field: field(name), message: `${E}agenda.summaryLong` });
    const minutes = r.minutes ? wholeNumber(r.minutes, 1, 600) : null;
    if (r.minutes && minutes === null)
      issues.push({ field: field('minutes'), message: `${E}agenda.minutes` });
    const position = r.position ? wholeNumber(r.position, 1, 999) : null;
    if (r.position && position === null)
      issues.push({ field: field('position'), message: `${E}agenda.position` });
    items.push({
      order: position ?? items.length + 1,
      row: r.row,
      moved: position !== null,
      position: 0,
      title_en: r.titleEn,
      title_cy: r.titleCy,
      summary_en: r.summaryEn || null,
      summary_cy: r.summaryCy || null,
      minutes,
    });
  }
  if (issues.length) return { ok: false, issues };
  // an item given a place goes before one that only kept its place there
  items.sort((a, b) => a.order - b.order || Number(b.moved) - Number(a.moved) || a.row - b.row);
  return {
    ok: true,
    value: items.map(({ order: _order, row: _row, moved: _moved, ...item }, i) => ({
      ...item,
      position: i + 1,
    })),
  };
}
