import { sql } from 'kysely';
import { meetingsNeedingAttention } from '../attention.ts';

/**
 * "Needs your attention": meetings whose minutes are overdue (not published within the meeting's
 * minutes days) at organisations where the member of staff runs meetings. Counted on the partial
 * index of meetings without minutes (index-only); links to the meeting when there is one.
 */
export const minutesOverdue = meetingsNeedingAttention({
  name: 'meetings.minutes-overdue',
  text: 'proofing:attention.minutesOverdue',
  narrow: (meetings) =>
    meetings
      .where('m.minutes_published_at', 'is', null)
      // the index's range: meetings that ended (the longest due time is 90 days)
      .where('m.ends_at', '<', sql<Date>`now()`)
      // a meeting that ended over 91 days ago is overdue whatever its minutes days (1 to 90),
      // which spares most rows the date arithmetic (a third of the count's time); the subquery
      // is worked out once, not for each row
      .where(
        sql<boolean>`(m.ends_at < (select now() - interval '91 days')
          or m.ends_at + m.minutes_due_days * interval '1 day' < now())`,
      ),
  href: (count, first) =>
    count === 1 ? `/meetings/${first}/proofing#minutes_published` : '/meetings?minutes=overdue',
});
