import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { ElectionStatus } from './tables.ts';
import type { ElectionInput } from './schema.ts';

/** The election read model: types, loading one, who may vote, dates. */

type Db = Kysely<DB>;

export const PAGE_SIZE = 25;

/** A refusal the person or member of staff can act on: `elections:errors.<code>`. */
export class ElectionError extends Error {
  readonly code: string;
  readonly field: string;
  constructor(code: string, field = 'form') {
    super(code);
    this.code = code;
    this.field = field;
  }
}

/** Today in Europe/London, as YYYY-MM-DD. */
export function londonToday(now = new Date()) {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

/** An election: what its form set, and where it has got to. */
export interface Election extends ElectionInput {
  id: string;
  organisation: { id: string; ancestors: string[]; nameEn: string; nameCy: string };
  status: ElectionStatus;
  createdBy: string | null;
  votingOpenedAt: Date | null;
  publishedAt: Date | null;
}

export const electionColumns = [
  'e.id',
  'e.organisation_id as organisationId',
  'e.role_en as roleEn',
  'e.role_cy as roleCy',
  'e.description_en as descriptionEn',
  'e.description_cy as descriptionCy',
  'e.seats',
  'e.self_nomination as selfNomination',
  'e.electorate',
  'e.nominations_close_on as nominationsCloseOn',
  'e.voting_closes_on as votingClosesOn',
  'e.status',
  'e.created_by as createdBy',
  'e.voting_opened_at as votingOpenedAt',
  'e.published_at as publishedAt',
  'o.ancestors',
  'o.name_en as organisationNameEn',
  'o.name_cy as organisationNameCy',
] as const;

export async function loadElection(
  db: Db,
  id: string,
  lock?: 'update' | 'share',
): Promise<Election | null> {
  let query = db
    .selectFrom('elections as e')
    .innerJoin('organisations as o', 'o.id', 'e.organisation_id')
    .select(electionColumns)
    .where('e.id', '=', id);
  if (lock === 'update') query = query.forUpdate('e');
  if (lock === 'share') query = query.forShare('e');
  const row = await query.executeTakeFirst();
  if (!row) return null;
  const { ancestors, organisationNameEn, organisationNameCy, ...rest } = row;
  return {
    ...rest,
    organisation: {
      id: row.organisationId,
      ancestors,
      nameEn: organisationNameEn,
      nameCy: organisationNameCy,
    },
  };
}

/**
 * The SQL condition "person `alias` belongs to the election's electorate on `asOf`": active, not
 * erased, connected to the organisation or one below it; for a forum electorate, also took part
 * in a forum at the organisation or below it in the 12 months before `asOf`.
 */
export function electorateCondition(
  election: Pick<Election, 'organisationId' | 'electorate'>,
  asOf: string,
  alias = 'p',
): RawBuilder<boolean> {
  const p = (column: string) => sql.ref(`${alias}.${column}`);
  const org = sql.val([election.organisationId]);
  const connected = sql<boolean>`${p('erased_at')} is null and ${p('status')} = 'active'
    and ${p('scope_ids')} @> ${org}::uuid[]`;
  if (election.electorate === 'connected') return sql<boolean>`(${connected})`;
  return sql<boolean>`(${connected} and exists (select 1 from involvement_records r
    join organisations ro on ro.id = r.organisation_id
    where r.person_id = ${p('id')} and r.method = 'forum'
      and ro.ancestors @> ${org}::uuid[]
      and r.took_part_on > (${asOf}::date - interval '12 months')::date
      and r.took_part_on <= ${asOf}::date))`;
}

export const likePrefix = (text: string) =>
  `${text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export interface Candidate {
  nominationId: string;
  personId: string;
  displayName: string;
  status: 'pending' | 'accepted' | 'declined';
  method: string;
  selfNominated: boolean;
  /** Once published. */
  result: Omit<ResultRow, 'nominationId' | 'displayName'> | null;
}

export interface ResultRow {
  nominationId: string;
  displayName: string;
  portalVotes: number;
  paperVotes: number;
  votes: number;
  elected: boolean;
  tied: boolean;
}

/** A date in the person's language, for a message (Europe/London). */
export const messageDate = (iso: string, language: string) =>
  new Intl.DateTimeFormat(language === 'cy' ? 'cy-GB' : 'en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'Europe/London',
  }).format(new Date(`${iso}T12:00:00Z`));
