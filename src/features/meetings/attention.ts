import { sql, type SelectQueryBuilder } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { AttentionProvider } from '#platform/modules/contract.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import type { MeetingsTable } from './tables.ts';

/** Planned meetings joined to their organisation (`m`, `o`), for a provider to narrow. */
type PlannedMeetings = SelectQueryBuilder<
  DB & { m: MeetingsTable; o: DB['organisations'] },
  'm' | 'o',
  object
>;

/**
 * A "needs your attention" item for staff who run meetings (meeting.manage): how many planned
 * meetings at their organisations (and below) `narrow` keeps, in one query, linking to the one
 * meeting when there is only one. Papers due, replies outstanding and minutes overdue use it.
 */
export function meetingsNeedingAttention(options: {
  name: string;
  text: string;
  narrow: (query: PlannedMeetings) => PlannedMeetings;
  href: (count: number, first: string | null) => string;
}): AttentionProvider {
  return {
    name: options.name,
    async items({ db }, actor) {
      const scope = scopeOf(actor, 'meeting.manage');
      if (scope !== null && scope.length === 0) return [];
      const planned = db
        .selectFrom('meetings as m')
        .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
        .where('m.status', '=', 'planned');
      const row = await options
        .narrow(planned)
        .$if(scope !== null, (qb) =>
          qb.where(sql<boolean>`o.ancestors && ${sql.val(scope)}::uuid[]`),
        )
        .select([
          sql<number>`count(*)::int`.as('count'),
          sql<string | null>`min(m.id::text)`.as('first'),
        ])
        .executeTakeFirstOrThrow();
      if (row.count === 0) return [];
      return [{ text: options.text, count: row.count, href: options.href(row.count, row.first) }];
    },
  };
}
