import type { Generated } from 'kysely';
import type { CreatedAt, UpdatedAt, NullableTimestamp, DateString } from '#platform/db/columns.ts';

/** Table types of interview and tender panels (migrations/0010_panels.sql). */

/** interview: a staff recruitment panel; tender: evaluating bids for a contract (WF 3.11). */
export const panelKinds = ['interview', 'tender'] as const;
export type PanelKind = (typeof panelKinds)[number];
export const panelStatuses = ['open', 'closed'] as const;
export type PanelStatus = (typeof panelStatuses)[number];

export interface PanelsTable {
  id: Generated<string>;
  organisation_id: string;
  kind: PanelKind;
  title_en: string;
  title_cy: string;
  opportunity_id: string | null;
  held_on: DateString;
  /** numeric: a JavaScript number on both engines. */
  hours: number;
  scale_min: Generated<number>;
  scale_max: Generated<number>;
  /** Share (%) of the combined result from the service-user members' scores. */
  user_weight: number;
  status: Generated<PanelStatus>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  closed_by: string | null;
  closed_at: NullableTimestamp;
}

export interface PanelMembersTable {
  panel_id: string;
  person_id: string;
  added_by: string | null;
  added_at: CreatedAt;
  involvement_record_id: string | null;
}

export interface PanelQuestionsTable {
  id: Generated<string>;
  panel_id: string;
  position: number;
  text_en: string;
  text_cy: string;
  weight: Generated<number>;
}

export interface PanelCandidatesTable {
  id: Generated<string>;
  panel_id: string;
  position: number;
  label: string;
  staff_score: number | null;
}

export interface PanelScoresTable {
  panel_id: string;
  person_id: string;
  candidate_id: string;
  question_id: string;
  score: number;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

export interface PanelTables {
  panels: PanelsTable;
  panel_members: PanelMembersTable;
  panel_questions: PanelQuestionsTable;
  panel_candidates: PanelCandidatesTable;
  panel_scores: PanelScoresTable;
}

declare module '#platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DB extends PanelTables {}
}
