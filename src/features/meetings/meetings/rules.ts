/**
 * Meeting rules that need no database: the dates of a series, and whether a meeting's date and
 * times make sense (Europe/London wall-clock times, stored as instants).
 */
import { londonMoment } from '#platform/time/london.ts';
import type { SeriesRepeat } from '../tables.ts';

/** A series has between 2 and 24 meetings. */
export const SERIES_MIN = 2;
export const SERIES_MAX = 24;

function parseDate(date: string) {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return { y, m, d };
}
function format(y: number, m: number, d: number) {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}
function daysInMonth(y: number, m: number) {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
/** 0 = Sunday … 6 = Saturday. */
function weekdayOf(y: number, m: number, d: number) {
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}
function addDays(date: string, days: number) {
  const { y, m, d } = parseDate(date);
  const at = new Date(Date.UTC(y, m - 1, d + days));
  return format(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate());
}
function addMonths(y: number, m: number, months: number) {
  const index = y * 12 + (m - 1) + months;
  return { y: Math.floor(index / 12), m: (index % 12) + 1 };
}

/**
 * Which occurrence of its weekday a date is in its month (1 = first … 5 = fifth): the first
 * meeting on the 2nd Tuesday makes a "2nd Tuesday of the month" series.
 */
export function weekOfMonth(date: string) {
  return Math.ceil(parseDate(date).d / 7);
}

/**
 * The dates (YYYY-MM-DD, UK calendar) of `count` meetings repeating from `first`.
 * Monthly on the same weekday: the nth such weekday of each month, or the last one when a month
 * has no nth (a "5th Friday" series falls on the last Friday). Monthly on the same date: that
 * date, or the month's last day when it is shorter (31st → 30th, 28th or 29th).
 */
export function seriesDates(first: string, repeat: SeriesRepeat, count: number): string[] {
  const dates: string[] = [];
  const start = parseDate(first);
  for (let i = 0; i < count; i++) {
    switch (repeat) {
      case 'weekly':
        dates.push(addDays(first, 7 * i));
        break;
      case 'fortnightly':
        dates.push(addDays(first, 14 * i));
        break;
      case 'four_weekly':
        dates.push(addDays(first, 28 * i));
        break;
      case 'monthly_date': {
        const { y, m } = addMonths(start.y, start.m, i);
        dates.push(format(y, m, Math.min(start.d, daysInMonth(y, m))));
        break;
      }
      case 'monthly_weekday': {
        const { y, m } = addMonths(start.y, start.m, i);
        const weekday = weekdayOf(start.y, start.m, start.d);
        const nth = weekOfMonth(first);
        const firstOfKind = 1 + ((weekday - weekdayOf(y, m, 1) + 7) % 7);
        let day = firstOfKind + 7 * (nth - 1);
        if (day > daysInMonth(y, m)) day -= 7;
        dates.push(format(y, m, day));
        break;
      }
    }
  }
  return dates;
}

export type TimingProblem = 'endBeforeStart' | 'inThePast';

/**
 * The start and end instants of a meeting held on a UK date from `startTime` to `endTime`
 * (HH:MM, Europe/London, summer time included), and what is wrong with them, if anything.
 */
export function meetingTimes(date: string, startTime: string, endTime: string, now = new Date()) {
  const startsAt = londonMoment(date, startTime);
  const endsAt = londonMoment(date, endTime);
  const problems: TimingProblem[] = [];
  if (endsAt.getTime() <= startsAt.getTime()) problems.push('endBeforeStart');
  if (startsAt.getTime() < now.getTime()) problems.push('inThePast');
  return { startsAt, endsAt, problems };
}
