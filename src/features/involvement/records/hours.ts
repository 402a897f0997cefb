import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';

/**
 * Involvement records as other capabilities read them (time credits earn per hour): who, where,
 * when, for how long, in what. Hours are given exactly, in hundredths of an hour. Callers check
 * the reader's permission at the record's organisation.
 */
export interface InvolvementHours {
  id: string;
  personId: string;
  displayName: string;
  organisationId: string;
  /** YYYY-MM-DD. */
  tookPartOn: string;
  /** Hours in hundredths (1.5 hours = 150). */
  hoursHundredths: number;
  role: string;
  titleEn: string | null;
  titleCy: string | null;
}

const selectHours = sql`select r.id, r.person_id as "personId", p.display_name as "displayName",
    r.organisation_id as "organisationId", to_char(r.took_part_on, 'YYYY-MM-DD') as "tookPartOn",
    round(r.hours * 100)::int as "hoursHundredths", r.role, op.title_en as "titleEn",
    op.title_cy as "titleCy"
  from involvement_records r
  join people p on p.id = r.person_id
  left join opportunities op on op.id = r.opportunity_id`;

/** One involvement record, or undefined. */
export async function findInvolvementHours(db: Kysely<DB>, id: string) {
  const result = await sql<InvolvementHours>`${selectHours} where r.id = ${id}`.execute(db);
  return result.rows[0];
}

/**
 * The latest involvement records at an organisation (and of one person, if given), newest
 * first.
 */
export async function latestInvolvementHours(
  db: Kysely<DB>,
  filters: { organisationId: string; personId?: string | undefined; limit: number },
) {
  const result = await sql<InvolvementHours>`${selectHours}
    where r.organisation_id = ${filters.organisationId}
      ${filters.personId ? sql`and r.person_id = ${filters.personId}` : sql``}
      and p.erased_at is null
    order by r.took_part_on desc, r.created_at desc, r.id
    limit ${filters.limit}`.execute(db);
  return result.rows;
}
