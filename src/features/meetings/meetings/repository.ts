/**
 * Meetings in the database: scheduling one meeting or a whole series in one transaction, the
 * venues a meeting may use, and the list. Every function is scoped by organisation in SQL.
 */
import { sql, type Insertable } from 'kysely';
import type { Database } from '#platform/db/database.ts';
import { listedMeetingColumns } from '../access.ts';
import type { MeetingsTable, SeriesRepeat } from '../tables.ts';
import { meetingTimes, seriesDates, type TimingProblem } from './rules.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

/** The unarchived venues of an organisation and of its ancestors (a trust's hall serves its wards). */
export function venuesFor(db: Database, organisationId: string) {
  return db
    .selectFrom('venues')
    .innerJoin('organisations as o', (join) =>
      join
        .on('o.id', '=', organisationId)
        .on(sql<boolean>`venues.organisation_id = any(o.ancestors)`),
    )
    .select(['venues.id', 'venues.name', 'venues.step_free as stepFree'])
    .where('venues.archived_at', 'is', null)
    .orderBy('venues.name')
    .execute();
}

/** What a meeting (or the first of a series) is, as the schedule form gives it. */
export type MeetingDraft = Omit<
  Insertable<MeetingsTable>,
  'id' | 'organisation_id' | 'series_id' | 'starts_at' | 'ends_at' | 'created_by'
> & {
  date: string;
  startTime: string;
  endTime: string;
  repeat: SeriesRepeat | null;
  count: number;
};

export type ScheduleProblem = TimingProblem | 'venueMissing' | 'venueNotOurs';
export type ScheduleResult =
  | { ok: true; meetingIds: string[]; seriesId: string | null }
  | { ok: false; problems: ScheduleProblem[] };

/**
 * Schedule a meeting, or `count` meetings in a new series: all or nothing. Refuses an end before
 * the start, a meeting in the past, an in-person meeting without a venue, and a venue that is not
 * the organisation's or its ancestors'.
 */
export async function scheduleMeeting(
  db: Database,
  organisationId: string,
  accountId: string,
  draft: MeetingDraft,
  now = new Date(),
  /** Runs in the same transaction once the meetings are stored (the audit entry). */
  stored?: (trx: Database, meetingIds: string[], seriesId: string | null) => Promise<void>,
): Promise<ScheduleResult> {
  const { date, startTime, endTime, repeat, count, ...fields } = draft;
  const problems = new Set<ScheduleProblem>(meetingTimes(date, startTime, endTime, now).problems);
  if (fields.attendance_mode !== 'online' && !fields.venue_id) problems.add('venueMissing');
  if (fields.venue_id) {
    const venues = await venuesFor(db, organisationId);
    if (!venues.some((v) => v.id === fields.venue_id)) problems.add('venueNotOurs');
  }
  if (problems.size > 0) return { ok: false, problems: [...problems] };

  const dates = repeat ? seriesDates(date, repeat, count) : [date];
  return db.transaction().execute(async (trx) => {
    const series = repeat
      ? await trx
          .insertInto('meeting_series')
          .values({ organisation_id: organisationId, repeat, created_by: accountId })
          .returning('id')
          .executeTakeFirstOrThrow()
      : null;
    const rows = await trx
      .insertInto('meetings')
      .values(
        dates.map((day) => {
          const { startsAt, endsAt } = meetingTimes(day, startTime, endTime, now);
          return {
            ...fields,
            organisation_id: organisationId,
            series_id: series?.id ?? null,
            starts_at: startsAt,
            ends_at: endsAt,
            created_by: accountId,
          };
        }),
      )
      .returning('id')
      .execute();
    const meetingIds = rows.map((r) => r.id);
    await stored?.(trx, meetingIds, series?.id ?? null);
    return { ok: true as const, meetingIds, seriesId: series?.id ?? null };
  });
}

export const MEETINGS_PAGE_SIZE = 25;

/**
 * One page of meetings in the given subtrees (`scopeOf` the viewer; null is everywhere): upcoming ones
 * soonest first, or past ones newest first, with their invitee counts — one query. With
 * `organisationId`, only that organisation's subtree (within the scope still).
 */
export function listMeetings(
  db: Database,
  scope: readonly string[] | null,
  options: { when: 'upcoming' | 'past'; page: number; now?: Date; organisationId?: string },
) {
  if (scope?.length === 0) return Promise.resolve([]);
  const now = options.now ?? new Date();
  const upcoming = options.when === 'upcoming';
  return db
    .selectFrom('meetings as m')
    .innerJoin('organisations as o', 'o.id', 'm.organisation_id')
    .leftJoin('venues as v', 'v.id', 'm.venue_id')
    .select((eb) => [
      ...listedMeetingColumns,
      eb
        .selectFrom('meeting_invitees as i')
        .whereRef('i.meeting_id', '=', 'm.id')
        .select((c) => c.fn.countAll<string>().as('n'))
        .as('inviteeCount'),
    ])
    .where(inSubtrees(scope))
    .$if(options.organisationId !== undefined, (qb) =>
      qb.where(sql<boolean>`${sql.val(options.organisationId)}::uuid = any(o.ancestors)`),
    )
    .where('m.ends_at', upcoming ? '>=' : '<', now)
    .orderBy('m.starts_at', upcoming ? 'asc' : 'desc')
    .orderBy('m.id')
    .limit(MEETINGS_PAGE_SIZE + 1)
    .offset((Math.max(1, options.page) - 1) * MEETINGS_PAGE_SIZE)
    .execute();
}
