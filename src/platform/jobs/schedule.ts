import { CronExpressionParser } from 'cron-parser';

/**
 * When a scheduled job runs: a cron expression (5 fields, or 6 with seconds first), read in the
 * schedule's time zone, or a fixed interval aligned to the Unix epoch (so `{ everyMs: 900_000 }`
 * runs at :00, :15, :30 and :45 on every instance alike).
 */
export type When = string | { everyMs: number };

/** Cron expressions are read in UK time unless a schedule says otherwise. */
export const DEFAULT_TIME_ZONE = 'Europe/London';

/**
 * Returns a function giving the slot a moment falls in: the start of the most recent period at or
 * before it. A slot is the unit that runs exactly once. Throws at once on a bad expression.
 */
export function slotter(when: When, timeZone = DEFAULT_TIME_ZONE): (now: Date) => Date {
  if (typeof when === 'string') {
    try {
      CronExpressionParser.parse(when, { tz: timeZone });
    } catch (error) {
      throw new Error(`Invalid cron expression "${when}": ${(error as Error).message}`, {
        cause: error,
      });
    }
    // prev() is strictly before currentDate, so look from 1 ms later: a slot starts at its time.
    return (now) =>
      CronExpressionParser.parse(when, { currentDate: new Date(now.getTime() + 1), tz: timeZone })
        .prev()
        .toDate();
  }
  const { everyMs } = when;
  if (!Number.isInteger(everyMs) || everyMs < 1_000) {
    throw new Error(`A schedule interval must be a whole number of ms, at least 1000: ${everyMs}`);
  }
  return (now) => new Date(Math.floor(now.getTime() / everyMs) * everyMs);
}
