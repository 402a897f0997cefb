import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { londonParts } from '#platform/time/london.ts';
import type { VenueNeed } from '../tables.ts';
import { visibleTo, type Viewer } from './repository.ts';

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

interface Row {
  id: string;
  visible: boolean;
  display_name: string;
  preferred_language: 'en' | 'cy';
  speaks_welsh: boolean;
  interpreter_language: string | null;
  venue_needs: string[];
  busy: boolean;
  reason: string | null;
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
  const start = londonParts(startsAt);
  const end = londonParts(endsAt);
  // a meeting past midnight is checked against the rest of its first day
  const endTime = end.date === start.date ? end.time : '24:00';
  const result = await sql<Row>`
    select p.id, ${visibleTo(viewer)} as visible, p.display_name, p.preferred_language,
      p.speaks_welsh, p.interpreter_language, p.venue_needs, busy.reason is not null as busy,
      nullif(busy.reason, '') as reason
    from people p
    left join lateral (
      select coalesce(u.reason, '') as reason from person_unavailable_times u
      where u.person_id = p.id and (u.weekday is null or u.weekday = ${start.weekday})
        and u.starts_at < ${endTime}::time and u.ends_at > ${start.time}::time
      union all
      select coalesce(d.reason, '') from person_unavailable_dates d
      where d.person_id = p.id and d.date = ${start.date}::date
      limit 1
    ) busy on true
    where p.id = any(${sql.val([...personIds])}::uuid[]) and p.erased_at is null
    order by p.display_name`.execute(db);
  return result.rows.map((row) => ({
    personId: row.id,
    visible: row.visible,
    displayName: row.visible ? row.display_name : null,
    preferredLanguage: row.preferred_language,
    speaksWelsh: row.speaks_welsh,
    interpreterLanguage: row.interpreter_language,
    venueNeeds: row.venue_needs as VenueNeed[],
    unavailable: row.busy ? { reason: row.visible ? row.reason : null } : null,
  }));
}

/** The names of people the viewer may see, by id (others are left out: the caller says "someone"). */
export async function namesFor(
  db: Kysely<DB>,
  viewer: Viewer,
  personIds: readonly string[],
): Promise<Map<string, string>> {
  if (!personIds.length) return new Map();
  const rows = await db
    .selectFrom('people as p')
    .select(['p.id', 'p.display_name'])
    .where('p.id', 'in', [...personIds])
    .where('p.erased_at', 'is', null)
    .where(visibleTo(viewer))
    .execute();
  return new Map(rows.map((row) => [row.id, row.display_name]));
}

/** May the viewer see this person (not erased)? */
export async function canSeePerson(db: Kysely<DB>, viewer: Viewer, personId: string) {
  const row = await db
    .selectFrom('people as p')
    .select('p.id')
    .where('p.id', '=', personId)
    .where('p.erased_at', 'is', null)
    .where(visibleTo(viewer))
    .executeTakeFirst();
  return row !== undefined;
}
