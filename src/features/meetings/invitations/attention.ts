import { sql } from 'kysely';
import { meetingsNeedingAttention } from '../attention.ts';

/** "Needs your attention" for staff who run meetings: papers due and replies outstanding. */

/**
 * Keeps the scan to the coming days on the partial index of meetings without minutes (ends_at;
 * planned, no minutes: true of every meeting not yet held). A meeting ends on the day it starts
 * (meetings/rules.ts), so its end is within a day of its start.
 */
const onComingMeetingsIndex = (days: number) =>
  sql<boolean>`m.minutes_published_at is null and m.ends_at > now()
    and m.ends_at <= now() + ${sql.lit(days)} * interval '1 day'`;

/**
 * Papers due: planned meetings not yet started whose papers deadline (the start less the
 * meeting's papers days) is within the next 3 days or has passed, with no paper uploaded.
 */
export const papersDue = meetingsNeedingAttention({
  name: 'meetings.papers-due',
  text: 'invitations:attention.papersDue',
  narrow: (meetings) =>
    meetings
      .where('m.starts_at', '>', sql<Date>`now()`)
      // the longest papers time is 60 days
      .where('m.starts_at', '<=', sql<Date>`now() + interval '63 days'`)
      .where(onComingMeetingsIndex(64))
      .where(
        // the right-hand side worked out once (a subquery), not for each meeting
        sql<boolean>`m.starts_at - m.papers_due_days * interval '1 day'
          <= (select now() + interval '3 days')`,
      )
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('meeting_papers as p')
              .select(sql`1`.as('one'))
              .whereRef('p.meeting_id', '=', 'm.id')
              .where('p.kind', '=', sql.lit('agenda_paper')),
          ),
        ),
      ),
  href: (count, first) => (count === 1 ? `/meetings/${first}/papers` : '/meetings'),
});

/** Replies outstanding: planned meetings in the next 7 days with invited people yet to reply. */
export const repliesOutstanding = meetingsNeedingAttention({
  name: 'meetings.replies-outstanding',
  text: 'invitations:attention.repliesOutstanding',
  narrow: (meetings, everywhere) => {
    const coming = meetings
      .where('m.starts_at', '>', sql<Date>`now()`)
      .where('m.starts_at', '<=', sql<Date>`now() + interval '7 days'`)
      .where(onComingMeetingsIndex(8));
    return everywhere
      ? // every organisation's: from the few invitees yet to reply, by their meeting's start
        // (migration 0039), not the invitees of each of the week's meetings in the country
        coming.where('m.id', 'in', (eb) =>
          eb
            .selectFrom('meeting_invitees as i')
            .select('i.meeting_id')
            .where(
              sql<boolean>`i.invited_at is not null and i.reply is null
                and i.meeting_starts_at > now() and i.meeting_starts_at <= now() + interval '7 days'`,
            ),
        )
      : // an organisation's few meetings: each one's invitees looked up
        coming.where((eb) =>
          eb.exists(
            eb
              .selectFrom('meeting_invitees as i')
              .select(sql`1`.as('one'))
              .whereRef('i.meeting_id', '=', 'm.id')
              .where('i.invited_at', 'is not', null)
              .where('i.reply', 'is', null),
          ),
        );
  },
  href: (count, first) => (count === 1 ? `/meetings/${first}/invitations` : '/meetings'),
});
