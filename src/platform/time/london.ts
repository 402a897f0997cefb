/**
 * UK wall-clock time (Europe/London, summer time included). Meetings, opportunities and quiet
 * hours are all set and shown in UK time while the database stores moments (timestamptz).
 */
const londonFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});
const weekdayNumbers: Record<string, number> = {
  Mon: 1,
  Tue: 2,
  Wed: 3,
  Thu: 4,
  Fri: 5,
  Sat: 6,
  Sun: 7,
};

export interface LondonParts {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM */
  time: string;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
}

/**
 * Moments worked out lately: `formatToParts` costs tens of microseconds, and a page asks about
 * the same few moments many times (a meeting's start for every check of its checklist).
 */
const recent = new Map<number, LondonParts>();
const RECENT_MAX = 500;

/** A moment as the UK date, time and weekday. */
export function londonParts(at: Date): LondonParts {
  const key = at.getTime();
  const known = recent.get(key);
  if (known) return { ...known };
  const p = Object.fromEntries(londonFormat.formatToParts(at).map((x) => [x.type, x.value]));
  const parts = {
    date: `${p.year}-${p.month}-${p.day}`,
    time: `${p.hour}:${p.minute}`,
    weekday: weekdayNumbers[p.weekday ?? ''] ?? 1,
  };
  if (recent.size >= RECENT_MAX) recent.clear();
  recent.set(key, parts);
  return { ...parts };
}

/** The moment a UK date and time happens (a time skipped in spring: the hour after). */
export function londonMoment(date: string, time: string): Date {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const [h, mi] = time.split(':').map(Number) as [number, number];
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  for (const offsetHours of [0, 1]) {
    const candidate = new Date(guess - offsetHours * 3_600_000);
    const parts = londonParts(candidate);
    if (parts.date === date && parts.time === time) return candidate;
  }
  return new Date(guess);
}
