import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';

/** An opportunity a person was selected for, as other capabilities read it (money: claims). */
export interface SelectedOpportunity {
  id: string;
  titleEn: string;
  titleCy: string;
  /** When it (first) takes place, if set. */
  startsAt: Date | null;
}

/**
 * The opportunities of an organisation (or one below it) a person was selected for, latest
 * decision first: one query on the selected-interest index. Callers check the reader's
 * permission at the organisation.
 */
export function selectedOpportunitiesOf(
  db: Kysely<DB>,
  filters: { personId: string; organisationId: string; limit: number },
): Promise<SelectedOpportunity[]> {
  return db
    .selectFrom('expressions_of_interest as e')
    .innerJoin('opportunities as op', 'op.id', 'e.opportunity_id')
    .innerJoin('organisations as o', 'o.id', 'op.organisation_id')
    .select([
      'op.id',
      'op.title_en as titleEn',
      'op.title_cy as titleCy',
      'op.starts_at as startsAt',
    ])
    .where('e.person_id', '=', filters.personId)
    .where('e.status', '=', 'selected')
    .where(sql<boolean>`o.ancestors @> array[${filters.organisationId}]::uuid[]`)
    .orderBy('e.decided_at', 'desc')
    .limit(filters.limit)
    .execute();
}
