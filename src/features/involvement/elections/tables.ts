import type { ColumnType, Generated } from 'kysely';
import type { CreatedAt, UpdatedAt, NullableTimestamp, DateString } from '#platform/db/columns.ts';

/** Table types of peer elections of representatives (migrations/0011_elections.sql). */

export const electionStatuses = [
  'nominations',
  'voting',
  'counting',
  'published',
  'cancelled',
] as const;
export type ElectionStatus = (typeof electionStatuses)[number];
/** Who may vote: people connected to the organisation, or those who took part in its forums. */
export const electorates = ['connected', 'forum'] as const;
export type Electorate = (typeof electorates)[number];
export const nominationMethods = ['portal', 'staff', 'paper'] as const;
export const nominationStatuses = ['pending', 'accepted', 'declined'] as const;
export type NominationStatus = (typeof nominationStatuses)[number];

export interface ElectionsTable {
  id: Generated<string>;
  organisation_id: string;
  role_en: string;
  role_cy: string;
  description_en: string | null;
  description_cy: string | null;
  seats: number;
  self_nomination: boolean;
  electorate: Electorate;
  nominations_close_on: DateString;
  voting_closes_on: DateString;
  status: Generated<ElectionStatus>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  voting_opened_at: NullableTimestamp;
  voting_closed_at: NullableTimestamp;
  published_at: NullableTimestamp;
}

export interface ElectionNominationsTable {
  id: Generated<string>;
  election_id: string;
  person_id: string;
  nominated_by_person_id: string | null;
  method: (typeof nominationMethods)[number];
  status: Generated<NominationStatus>;
  created_by: string | null;
  created_at: CreatedAt;
  responded_at: NullableTimestamp;
}

export interface ElectionSuggestionsTable {
  id: Generated<string>;
  election_id: string;
  suggested_by: string;
  name: string;
  handled_at: NullableTimestamp;
  handled_by: string | null;
  created_at: CreatedAt;
}

export interface ElectionVotersTable {
  election_id: string;
  person_id: string;
  voted_via: 'portal' | 'paper' | null;
}

/** A secret ballot: deliberately no person and no time. */
export interface ElectionBallotsTable {
  id: Generated<string>;
  election_id: string;
  choices: ColumnType<string[], string[], never>;
}

export interface ElectionPaperTalliesTable {
  election_id: string;
  ballots: number;
  counts: ColumnType<Record<string, number>, string, string>;
  entered_by: string;
  entered_at: UpdatedAt;
  confirmed_by: string | null;
  confirmed_at: NullableTimestamp;
}

export interface ElectionResultsTable {
  election_id: string;
  nomination_id: string;
  portal_votes: number;
  paper_votes: number;
  votes: number;
  elected: boolean;
  tied: Generated<boolean>;
}

export interface ElectionTables {
  elections: ElectionsTable;
  election_nominations: ElectionNominationsTable;
  election_suggestions: ElectionSuggestionsTable;
  election_voters: ElectionVotersTable;
  election_ballots: ElectionBallotsTable;
  election_paper_tallies: ElectionPaperTalliesTable;
  election_results: ElectionResultsTable;
}

declare module '#platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DB extends ElectionTables {}
}
