import { sql } from 'kysely';
import type { AttentionProvider } from '#platform/modules/contract.ts';

/** "Needs your attention": actions the member of staff owns, due within a week or overdue. */
export const actionsDue: AttentionProvider = {
  name: 'meetings.actions-due',
  async items({ db }, actor) {
    const row = await db
      .selectFrom('meeting_outcomes')
      .where('owner_account_id', '=', actor.id)
      .where('kind', '=', 'action')
      .where('done_at', 'is', null)
      .where(sql<boolean>`due_on <= current_date + 7`)
      .select([
        sql<number>`count(*)::int`.as('count'),
        sql<string | null>`min(meeting_id::text)`.as('meeting'),
        sql<number>`count(distinct meeting_id)::int`.as('meetings'),
      ])
      .executeTakeFirstOrThrow();
    if (row.count === 0) return [];
    // one meeting: its actions; several: the first of them (the home page counts them all)
    return [
      {
        text: 'outcomes:attention.actionsDue',
        count: row.count,
        href: `/meetings/${row.meeting}/outcomes`,
      },
    ];
  },
};
