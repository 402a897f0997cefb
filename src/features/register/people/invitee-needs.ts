import { sql, type Expression, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { VenueNeed } from '../tables.ts';
import { visiblePeople, visibleTo, type Viewer } from './repository.ts';

/**
 * What a meeting (or any event) needs to know to check it suits the people invited: their
 * language, interpreter, what they need of a venue and whether they are free at its time. The
 * name and the reason they are not free are given only for people the viewer may see; for
 * others, only that something does not suit (private circumstances stay private).
 */
export interface InviteeNeeds {
  personId: string;
  /** False: the viewer may not see this person; name and reasons are withheld. */
  visible: boolean;
  displayName: string | null;
  preferredLanguage: 'en' | 'cy';
  speaksWelsh: boolean;
  interpreterLanguage: string | null;
  venueNeeds: VenueNeed[];
  /** Not free at the time: set with the reason staff recorded (null when none or withheld). */
  unavailable: { reason: string | null } | null;
}

/** One person's needs as the SQL below returns them (JSON). */
export interface InviteeNeedsRow {
  id: string;
  visible: boolean;
  name: string;
  language: 'en' | 'cy';
  welsh: boolean;
  interpreter: string | null;
  venue: string[];
  busy: boolean;
  reason: string | null;
}

/**
 * The needs of the people `personIds` (a `uuid[]` expression) for something from `startsAt` to
 * `endsAt` (`timestamptz` expressions), as a JSON array in name order — for a query that reads
 * them in the same round trip as what they are invited to (the meeting page). `needsOf` turns the
 * array into `InviteeNeeds`. The UK date, time and weekday of the start are worked out in SQL; a
 * meeting past midnight is checked against the rest of its first day.
 */
export function inviteeNeedsJson(
  viewer: Viewer,
  personIds: Expression<string[]>,
  startsAt: Expression<Date>,
  endsAt: Expression<Date>,
): RawBuilder<InviteeNeedsRow[]> {
  return sql<InviteeNeedsRow[]>`(select coalesce(json_agg(json_build_object('id', p.id,
      'visible', ${visibleTo(viewer)}, 'name', p.display_name, 'language', p.preferred_language,
      'welsh', p.speaks_welsh, 'interpreter', p.interpreter_language, 'venue', p.venue_needs,
      'busy', busy.reason is not null, 'reason', nullif(busy.reason, ''))
      order by p.display_name), '[]')
    from (select to_char(s, 'HH24:MI')::time as start_time, s::date as day,
        extract(isodow from s)::int as weekday,
        case when e::date = s::date then to_char(e, 'HH24:MI')::time else '24:00'::time end
          as end_time
      from (select ${startsAt} at time zone 'Europe/London' as s,
        ${endsAt} at time zone 'Europe/London' as e) moments) london
    join people p on p.id = any(${personIds}) and p.erased_at is null
    left join lateral (
      select coalesce(u.reason, '') as reason from person_unavailable_times u
      where u.person_id = p.id and (u.weekday is null or u.weekday = london.weekday)
        and u.starts_at < london.end_time and u.ends_at > london.start_time
      union all
      select coalesce(d.reason, '') from person_unavailable_dates d
      where d.person_id = p.id and d.date = london.day
      limit 1
    ) busy on true)`;
}

/** `inviteeNeedsJson`'s rows as `InviteeNeeds`: names and reasons only where visible. */
export function needsOf(rows: readonly InviteeNeedsRow[]): InviteeNeeds[] {
  return rows.map((row) => ({
    personId: row.id,
    visible: row.visible,
    displayName: row.visible ? row.name : null,
    preferredLanguage: row.language,
    speaksWelsh: row.welsh,
    interpreterLanguage: row.interpreter,
    venueNeeds: row.venue as VenueNeed[],
    unavailable: row.busy ? { reason: row.visible ? row.reason : null } : null,
  }));
}

/** One query for all the people invited to something from `startsAt` to `endsAt`. */
export async function inviteeNeeds(
  db: Kysely<DB>,
  viewer: Viewer,
  personIds: readonly string[],
  startsAt: Date,
  endsAt: Date,
): Promise<InviteeNeeds[]> {
  if (!personIds.length) return [];
  const needs = inviteeNeedsJson(
    viewer,
    sql<string[]>`${sql.val([...personIds])}::uuid[]`,
    sql<Date>`${startsAt}::timestamptz`,
    sql<Date>`${endsAt}::timestamptz`,
  );
  const result = await sql<{ needs: InviteeNeedsRow[] }>`select ${needs} as needs`.execute(db);
  return needsOf(result.rows[0]?.needs ?? []);
}

/** The names of people the viewer may see, by id (others are left out: the caller says "someone"). */
export async function namesFor(
  db: Kysely<DB>,
  viewer: Viewer,
  personIds: readonly string[],
): Promise<Map<string, string>> {
  if (!personIds.length) return new Map();
  const rows = await visiblePeople(db, viewer)
    .select(['p.id', 'p.display_name'])
    .where('p.id', 'in', [...personIds])
    .execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

/** May the viewer see this person (not erased)? */
export async function canSeePerson(db: Kysely<DB>, viewer: Viewer, personId: string) {
  const row = await visiblePeople(db, viewer)
    .select('p.id')
    .where('p.id', '=', personId)
    .executeTakeFirst();
  return row !== undefined;
}
