import { sql, type SelectQueryBuilder } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { ATTENTION_CAP, scopeInputs, type ScopeInputs } from '#platform/modules/attention.ts';
import type { AttentionProvider } from '#platform/modules/contract.ts';
import type { MeetingsTable } from './tables.ts';

/** Planned meetings (`m`), for a provider to narrow. */
type PlannedMeetings = SelectQueryBuilder<DB & { m: MeetingsTable }, 'm', object>;

/** How many meetings a provider counted, and when there is only one, its id. */
export interface CountedMeetings {
  count: number;
  first: string | null;
}

/**
 * A "needs your attention" item for staff who run meetings (meeting.manage): how many planned
 * meetings at their organisations (and below) `narrow` keeps (up to `ATTENTION_CAP`), linking to the one meeting when
 * there is only one. Papers due, replies outstanding and minutes overdue use it, each narrowing to
 * a range of the partial index of meetings without minutes (`meetings_minutes_due_idx`, by
 * `ends_at`, which holds every column they test). Every meeting has its organisation, so a
 * platform administrator's count reads no organisation.
 */
export function meetingsNeedingAttention(options: {
  name: string;
  text: string;
  /** everywhere: the actor runs meetings at every organisation (a platform administrator). */
  narrow: (query: PlannedMeetings, everywhere: boolean) => PlannedMeetings;
  href: (count: number, first: string | null) => string;
}): AttentionProvider<{ meetings: CountedMeetings }, ScopeInputs> {
  return {
    name: options.name,
    inputs: (actor) => scopeInputs(actor, 'meeting.manage'),
    counts({ db }, { scope }) {
      const meetings = options
        .narrow(
          db.selectFrom('meetings as m').where('m.status', '=', sql.lit('planned')),
          scope === null,
        )
        // the actor's organisations first, then their meetings (by `meetings_organisation_idx`):
        // a join let the plan PostgreSQL keeps for the statement read the national range of
        // meetings and keep those in scope (6-18 ms a count), so it planned every page instead
        .$if(scope !== null, (qb) =>
          qb.where(
            sql<boolean>`m.organisation_id = any(array(select o.id from organisations o
              where o.ancestors && ${sql.val(scope)}::uuid[]))`,
          ),
        );
      // one pass over at most ATTENTION_CAP meetings gives the count and, when there is only
      // one, its id (a second lookup for the one meeting read the range again: 1 ms a page for
      // a platform administrator, whose replies outstanding probe every coming meeting's invitees)
      const capped = meetings.select(sql<string>`m.id::text`.as('id')).limit(ATTENTION_CAP);
      return {
        meetings: sql<CountedMeetings>`select json_build_object('count', count(*),
            'first', case when count(*) = 1 then min(c.id) end)
          from (${capped}) as c`,
      };
    },
    items: ({ meetings: { count, first } }) => [
      { text: options.text, count, href: options.href(count, first) },
    ],
  };
}
