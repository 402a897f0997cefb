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

const london = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

function londonParts(at: Date) {
  const parts = Object.fromEntries(london.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
  };
}

/** The instant of a UK wall-clock time on the UK date of `day`. */
export function ukTimeOn(day: Date, hhmm: string): Date {
  const [hour = 0, minute = 0] = hhmm.split(':').map(Number);
  const { year, month, day: date } = londonParts(day);
  const guess = new Date(Date.UTC(year, month - 1, date, hour, minute));
  const seen = londonParts(guess);
  const driftMinutes = (seen.hour - hour) * 60 + (seen.minute - minute);
  return new Date(guess.getTime() - driftMinutes * 60_000);
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
