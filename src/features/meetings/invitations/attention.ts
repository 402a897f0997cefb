import { sql } from 'kysely';
import type { AttentionProvider } from '#platform/modules/contract.ts';
import { scopeOf } from '#platform/permissions/policy.ts';

/**
 * "Needs your attention" for staff who run meetings (meeting.manage), over their organisations'
 * subtree; counts only, one query each.
 */

/**
 * Keeps the scan to the coming days on the partial index of meetings without minutes (ends_at;
 * planned, no minutes: true of every meeting not yet held). A meeting ends on the day it starts
 * (meetings/rules.ts), so its end is within a day of its start.
 */
const onComingMeetingsIndex = (days: number) =>
  sql<boolean>`m.minutes_published_at is null and m.ends_at > now()
    and m.ends_at <= now() + ${days} * interval '1 day'`;

/**
 * Papers due: planned meetings not yet started whose papers deadline (the start less the
 * meeting's papers days) is within the next 3 days or has passed, with no paper uploaded.
 */
export const papersDue: AttentionProvider = {
  name: 'meetings.papers-due',
  async items({ db }, actor) {
    const scope = scopeOf(actor, 'meeting.manage');
    if (scope !== null && scope.length === 0) return [];
    const row = await db
      .selectFrom('meetings as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .where('m.status', '=', 'planned')
      .where('m.starts_at', '>', sql<Date>`now()`)
      // the longest papers time is 60 days
      .where('m.starts_at', '<=', sql<Date>`now() + interval '63 days'`)
      .where(onComingMeetingsIndex(64))
      .where(
        sql<boolean>`m.starts_at - m.papers_due_days * interval '1 day' <= now() + interval '3 days'`,
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('meeting_papers as p')
              .select(sql`1`.as('one'))
              .whereRef('p.meeting_id', '=', 'm.id')
              .where('p.kind', '=', 'agenda_paper'),
          ),
        ),
      )
      .$if(scope !== null, (qb) => qb.where(sql<boolean>`o.ancestors && ${sql.val(scope)}::uuid[]`))
      .select([
        sql<number>`count(*)::int`.as('count'),
        sql<string | null>`min(m.id::text)`.as('first'),
      ])
      .executeTakeFirstOrThrow();
    if (row.count === 0) return [];
    const href = row.count === 1 ? `/meetings/${row.first}/papers` : '/meetings';
    return [{ text: 'invitations:attention.papersDue', count: row.count, href }];
  },
};

/** Replies outstanding: planned meetings in the next 7 days with invited people yet to reply. */
export const repliesOutstanding: AttentionProvider = {
  name: 'meetings.replies-outstanding',
  async items({ db }, actor) {
    const scope = scopeOf(actor, 'meeting.manage');
    if (scope !== null && scope.length === 0) return [];
    const row = await db
      .selectFrom('meetings as m')
      .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
      .where('m.status', '=', 'planned')
      .where('m.starts_at', '>', sql<Date>`now()`)
      .where('m.starts_at', '<=', sql<Date>`now() + interval '7 days'`)
      .where(onComingMeetingsIndex(8))
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('meeting_invitees as i')
            .select(sql`1`.as('one'))
            .whereRef('i.meeting_id', '=', 'm.id')
            .where('i.invited_at', 'is not', null)
            .where('i.reply', 'is', null),
        ),
      )
      .$if(scope !== null, (qb) => qb.where(sql<boolean>`o.ancestors && ${sql.val(scope)}::uuid[]`))
      .select([
        sql<number>`count(*)::int`.as('count'),
        sql<string | null>`min(m.id::text)`.as('first'),
      ])
      .executeTakeFirstOrThrow();
    if (row.count === 0) return [];
    const href = row.count === 1 ? `/meetings/${row.first}/invitations` : '/meetings';
    return [{ text: 'invitations:attention.repliesOutstanding', count: row.count, href }];
  },
};
