import { sql, type RawBuilder } from 'kysely';
import type { Activity, PersonKind } from '../tables.ts';

/**
 * Who an invitation suits, as SQL over `people` (alias `p`): the register's rules in one place,
 * so other capabilities (opportunities, meetings) match people without re-implementing them.
 * Contact consent is separate (`hasContactConsent`): callers count people without it rather than
 * drop them silently, and the safe-contact function checks it again when it sends.
 */
export interface Suitability {
  /** People connected to this organisation or one below it. */
  organisationId: string;
  /** Only these kinds of person (service user, carer, ...); empty or absent: any. */
  kinds?: readonly PersonKind[];
  /** Willing to do this (e.g. interview panels); absent: anything. */
  activity?: Activity | null;
  /** Held in Welsh: Welsh speakers and people who prefer Welsh. */
  welsh?: boolean;
  /** Free at this time: no unavailable time or date covering it (Europe/London parts). */
  at?: { date: string; weekday: number; time: string; endTime: string | null } | null;
}

/** Active, not erased, in scope, of a kind, willing, Welsh and free as asked. */
export function suitableFor(criteria: Suitability): RawBuilder<boolean> {
  const conditions = [
    sql`p.status = 'active'`,
    sql`p.erased_at is null`,
    sql`p.scope_ids @> array[${criteria.organisationId}]::uuid[]`,
  ];
  if (criteria.kinds?.length)
    conditions.push(sql`p.kind = any(${sql.val([...criteria.kinds])}::text[])`);
  if (criteria.activity) conditions.push(sql`${criteria.activity} = any(p.willing_activities)`);
  if (criteria.welsh) conditions.push(sql`(p.speaks_welsh or p.preferred_language = 'cy')`);
  if (criteria.at) conditions.push(availableAt(criteria.at));
  return sql<boolean>`(${sql.join(conditions, sql` and `)})`;
}

/** Not unavailable at a start (and until an end the same day), nor on that date. */
export function availableAt(at: NonNullable<Suitability['at']>): RawBuilder<boolean> {
  const times = at.endTime
    ? sql`u.starts_at < ${at.endTime}::time and u.ends_at > ${at.time}::time`
    : sql`u.starts_at <= ${at.time}::time and u.ends_at > ${at.time}::time`;
  return sql<boolean>`(not exists (select 1 from person_unavailable_times u where u.person_id = p.id
      and (u.weekday is null or u.weekday = ${at.weekday}) and ${times})
    and not exists (select 1 from person_unavailable_dates d where d.person_id = p.id
      and d.date = ${at.date}::date))`;
}

/** A live consent to be contacted about involvement. */
export const hasContactConsent = (): RawBuilder<boolean> =>
  sql<boolean>`exists (select 1 from consents c where c.person_id = p.id and c.purpose = 'contact'
    and c.withdrawn_at is null)`;
