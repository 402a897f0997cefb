import { londonMoment, londonParts } from '#platform/time/london.ts';

/**
 * When reminders of a meeting are due. Each reminder has a stable key so the job can record
 * that it was sent and never send it twice; quiet hours are left to safe contact.
 */
export interface ReminderRule {
  key: string;
  /** Hours before the start, or the local (UK) time on the meeting's day, "HH:MM". */
  hoursBefore?: number;
  onTheDayAt?: string;
}

export const defaultReminderRules: ReminderRule[] = [
  { key: 'two_days', hoursBefore: 48 },
  { key: 'morning', onTheDayAt: '08:00' },
];

/** The instant of a UK wall-clock time ("HH:MM") on the UK date of `day`. */
export function ukTimeOn(day: Date, hhmm: string): Date {
  return londonMoment(londonParts(day).date, hhmm);
}

/** The reminders due for a meeting, in time order; a reminder at or after the start is dropped. */
export function reminderTimes(startsAt: Date, rules: ReminderRule[] = defaultReminderRules) {
  return rules
    .map((rule) => ({
      key: rule.key,
      at:
        rule.onTheDayAt !== undefined
          ? ukTimeOn(startsAt, rule.onTheDayAt)
          : new Date(startsAt.getTime() - (rule.hoursBefore ?? 0) * 3_600_000),
    }))
    .filter((reminder) => reminder.at < startsAt)
    .sort((a, b) => a.at.getTime() - b.at.getTime());
}

/** The reminders whose time has come and which were not yet sent. */
export function dueReminders(
  startsAt: Date,
  now: Date,
  alreadySent: ReadonlySet<string>,
  rules: ReminderRule[] = defaultReminderRules,
) {
  if (now >= startsAt) return [];
  return reminderTimes(startsAt, rules).filter((r) => r.at <= now && !alreadySent.has(r.key));
}
