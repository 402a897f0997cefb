import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { venueFeatures, type VenueFeature } from '../tables.ts';
import type { VenueInput } from './schema.ts';

type Db = Kysely<DB>;

export const PAGE_SIZE = 25;
/** How many of the next meetings at a venue its page lists. */
export const NEXT_MEETINGS = 5;

export interface Venue extends Record<VenueFeature, boolean> {
  id: string;
  organisationId: string;
  organisationNameEn: string;
  organisationNameCy: string;
  ancestors: string[];
  name: string;
  address: string;
  directionsEn: string | null;
  directionsCy: string | null;
  archivedAt: Date | null;
}

/** `organisations.ancestors` overlaps the scope (null: everywhere). */
export const inScope = (scope: string[] | null, column = 'o.ancestors') => {
  if (scope === null) return sql<boolean>`true`;
  if (scope.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${sql.ref(column)} && ${sql.val(scope)}::uuid[]`;
};

const columns = [
  'v.id',
  'v.organisation_id as organisationId',
  'o.name_en as organisationNameEn',
  'o.name_cy as organisationNameCy',
  'o.ancestors',
  'v.name',
  'v.address',
  'v.directions_en as directionsEn',
  'v.directions_cy as directionsCy',
  'v.archived_at as archivedAt',
  ...venueFeatures.map((f) => `v.${f}` as const),
] as const;

/** The SQL of the venues pages; every rule of who may see what is in the service. */
export function venuesRepository(db: Db) {
  return {
    findVenue(trx: Db, id: string, lock = false) {
      const query = trx
        .selectFrom('venues as v')
        .innerJoin('organisations as o', 'o.id', 'v.organisation_id')
        .select(columns)
        .where('v.id', '=', id);
      return (lock ? query.forUpdate('v') : query).executeTakeFirst() as Promise<Venue | undefined>;
    },

    async listVenues(
      scope: string[] | null,
      filters: { organisationId?: string | undefined; archived: boolean },
      page: number,
    ) {
      let query = db
        .selectFrom('venues as v')
        .innerJoin('organisations as o', 'o.id', 'v.organisation_id')
        .where(inScope(scope))
        .where('v.archived_at', filters.archived ? 'is not' : 'is', null);
      if (filters.organisationId)
        query = query.where('v.organisation_id', '=', filters.organisationId);
      const rows = await query
        .select([...columns, sql<number>`count(*) over ()`.as('total')])
        .orderBy(sql`lower(v.name)`)
        .orderBy('v.id')
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .execute();
      const total = rows[0]?.total ?? 0;
      return {
        rows: rows as unknown as Venue[],
        total,
        page,
        pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      };
    },

    organisationsIn(scope: string[] | null) {
      return db
        .selectFrom('organisations as o')
        .select(['o.id', 'o.name_en as nameEn', 'o.name_cy as nameCy', 'o.ancestors'])
        .where(inScope(scope))
        .where('o.archived_at', 'is', null)
        .orderBy('o.name_en')
        .limit(500)
        .execute();
    },

    /** The next planned meetings at the venue, soonest first (titles and times only). */
    nextMeetings(venueId: string) {
      return db
        .selectFrom('meetings')
        .select(['id', 'title_en as titleEn', 'title_cy as titleCy', 'starts_at as startsAt'])
        .where('venue_id', '=', venueId)
        .where('status', '=', 'planned')
        .where('starts_at', '>=', sql<Date>`now()`)
        .orderBy('starts_at')
        .limit(NEXT_MEETINGS)
        .execute();
    },

    insertVenue(trx: Db, input: VenueInput, accountId: string) {
      return trx
        .insertInto('venues')
        .values({ ...rowOf(input), organisation_id: input.organisationId, created_by: accountId })
        .returning('id')
        .executeTakeFirstOrThrow();
    },

    updateVenue(trx: Db, id: string, input: VenueInput) {
      return trx
        .updateTable('venues')
        .set({ ...rowOf(input), updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .execute();
    },

    setArchived(trx: Db, id: string, archived: boolean) {
      return trx
        .updateTable('venues')
        .set({ archived_at: archived ? sql<Date>`now()` : null, updated_at: sql<Date>`now()` })
        .where('id', '=', id)
        .execute();
    },
  };
}

function rowOf(input: VenueInput) {
  const features = Object.fromEntries(
    venueFeatures.map((f) => [f, input.features.includes(f)]),
  ) as Record<VenueFeature, boolean>;
  return {
    name: input.name,
    address: input.address,
    directions_en: input.directionsEn,
    directions_cy: input.directionsCy,
    ...features,
  };
}
