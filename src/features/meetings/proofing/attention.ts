import { sql } from 'kysely';
import type { AttentionProvider } from '#platform/modules/contract.ts';
import { scopeOf } from '#platform/permissions/policy.ts';

/**
 * "Needs your attention": meetings whose minutes are overdue (not published within the meeting's
 * minutes days) at organisations where the member of staff runs meetings. One query on the
 * partial index of meetings without minutes; links to the meeting when there is one.
 */
export const minutesOverdue: AttentionProvider = {
  name: 'meetings.minutes-overdue',
  async items({ db }, actor) {
    const scope = scopeOf(actor, 'meeting.manage');
    if (scope !== null && scope.length === 0) return [];
    const row = await db
      .selectFrom('meetings as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .where('m.status', '=', 'planned')
      .where('m.minutes_published_at', 'is', null)
      // the index's range: meetings that ended (the longest due time is 90 days)
      .where('m.ends_at', '<', sql<Date>`now()`)
      .where(sql<boolean>`m.ends_at + m.minutes_due_days * interval '1 day' < now()`)
      .$if(scope !== null, (qb) => qb.where(sql<boolean>`o.ancestors && ${sql.val(scope)}::uuid[]`))
      .select([
        sql<number>`count(*)::int`.as('count'),
        sql<string | null>`min(m.id::text)`.as('first'),
      ])
      .executeTakeFirstOrThrow();
    if (row.count === 0) return [];
    const href =
      row.count === 1
        ? `/meetings/${row.first}/proofing#minutes_published`
        : '/meetings?minutes=overdue';
    return [{ text: 'proofing:attention.minutesOverdue', count: row.count, href }];
  },
};
