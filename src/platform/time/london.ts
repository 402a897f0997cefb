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

const HOUR = 3_600_000;

/**
 * A moment's parts as `Intl` gives them (tens of microseconds a call): what `londonParts` falls
 * back on, and what its test checks it against.
 */
export function partsFromIntl(at: Date): LondonParts {
  const p = Object.fromEntries(londonFormat.formatToParts(at).map((x) => [x.type, x.value]));
  return {
    date: `${p.year}-${p.month}-${p.day}`,
    time: `${p.hour}:${p.minute}`,
    weekday: weekdayNumbers[p.weekday ?? ''] ?? 1,
  };
}

/** UK time's offset from UTC (ms) at a whole UTC minute, from `Intl`. */
const offsetAt = (ms: number) => {
  const { date, time } = partsFromIntl(new Date(ms));
  return Date.parse(`${date}T${time}:00Z`) - ms;
};

/**
 * UK time's offset from UTC in each UTC hour asked about lately, or null for an hour in which it
 * changes (none since 1972: the clocks change at 01:00 UTC). A page asks about many moments
 * (every check of a meeting's checklist, "now" on every request), and `formatToParts` costs tens
 * of microseconds where adding an offset costs almost nothing.
 */
const offsets = new Map<number, number | null>();
const OFFSETS_MAX = 5_000;

function offsetInHour(hour: number): number | null {
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const first = offsetAt(hour * HOUR);
    const steady = offsetAt(hour * HOUR + HOUR - 60_000) === first;
    // whole quarter hours only (local mean time before 1847 was 75 seconds behind)
    offset = steady && first % 900_000 === 0 ? first : null;
    if (offsets.size >= OFFSETS_MAX) offsets.clear();
    offsets.set(hour, offset);
  }
  return offset;
}

/** A moment as the UK date, time and weekday. */
export function londonParts(at: Date): LondonParts {
  const ms = at.getTime();
  const offset = Number.isFinite(ms) ? offsetInHour(Math.floor(ms / HOUR)) : null;
  if (offset === null) return partsFromIntl(at);
  const local = new Date(ms + offset);
  const iso = local.toISOString();
  // years 0-9999 only: toISOString writes others with a sign and six digits
  if (iso.length !== 24) return partsFromIntl(at);
  return { date: iso.slice(0, 10), time: iso.slice(11, 16), weekday: local.getUTCDay() || 7 };
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
