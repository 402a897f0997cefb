import type { ColumnType, Generated } from 'kysely';
import type {
  CreatedAt,
  UpdatedAt,
  NullableTimestamp,
  DateString,
  TextArray,
} from '#platform/db/columns.ts';
import type { Activity } from '#features/register';

/** Table types and vocabularies of opportunities and involvement (migrations/0009_opportunities.sql). */

/**
 * The 7-rung ladder of participation (WF Appendix 7), lowest first. Stored as 1…7.
 * Plain-words explanations live in locales/<lang>/involvement.json under `rungs.<key>`.
 */
export const rungs = [
  'information',
  'positive_contribution',
  'consultation',
  'representation',
  'decision_sharing',
  'implementing',
  'initiating',
] as const;
export type Rung = (typeof rungs)[number];
/** 1 → 'information' … 7 → 'initiating'. */
export const rungKey = (rung: number): Rung => {
  const key = rungs[rung - 1];
  if (!key) throw new RangeError(`No rung ${String(rung)}`);
  return key;
};

/** Levels of involvement (NP): about their own care, a service, strategy, policy. */
export const levels = ['individual', 'service', 'strategic', 'policy'] as const;
export type Level = (typeof levels)[number];

/** The NTA grid (WM): who (one person or a group) × what (information, feedback, influence). */
export const ntaScopes = ['individual', 'collective'] as const;
export const ntaModes = ['information', 'feedback', 'influence'] as const;

/** Methods of involvement (BT methods, WF 3.9, NW). */
export const methods = [
  'forum',
  'survey',
  'focus_group',
  'interview_panel',
  'tender_panel',
  'consultation_event',
  'peer_education',
  'newsletter',
  'mystery_shopping',
  'advisory_group',
  'service_delivery',
  'monitoring_audit',
  'training_delivery',
  'peer_mentoring',
  'conference',
  'other',
] as const;
export type Method = (typeof methods)[number];

/**
 * The register's "willing to do" activity a method needs (people.willing_activities), used to
 * match an opportunity to people. `null`: no particular willingness needed.
 */
export const activityForMethod: Record<Method, Activity | null> = {
  forum: 'forums',
  survey: 'surveys',
  focus_group: 'focus_groups',
  interview_panel: 'interview_panels',
  tender_panel: 'tender_panels',
  consultation_event: 'consultation_events',
  peer_education: 'peer_mentoring',
  newsletter: 'newsletters',
  mystery_shopping: 'mystery_shopping',
  advisory_group: 'forums',
  service_delivery: 'service_delivery',
  monitoring_audit: 'monitoring_audit',
  training_delivery: 'training_delivery',
  peer_mentoring: 'peer_mentoring',
  conference: 'conferences',
  other: null,
};

export const attendances = ['in_person', 'online', 'hybrid', 'anywhere'] as const;
export const paymentTerms = [
  'none',
  'expenses_only',
  'voucher',
  'payment',
  'time_credits',
] as const;
/** How a subject access page names an opportunity that a row points at: by its title. */
export const opportunityNames = {
  opportunity_id: { table: 'opportunities', en: 'title_en', cy: 'title_cy' },
};

export const opportunityStatuses = ['draft', 'open', 'closed', 'completed', 'cancelled'] as const;
export type OpportunityStatus = (typeof opportunityStatuses)[number];

export const interestMethods = ['portal', 'staff', 'paper'] as const;
export const interestStatuses = [
  'interested',
  'selected',
  'backup',
  'not_selected',
  'withdrawn',
] as const;
export type InterestStatus = (typeof interestStatuses)[number];
/** Why a person was or was not selected: recorded for every decision (fair and transparent). */
export const decisionReasons = [
  'meets_needs',
  'not_involved_recently',
  'skills_or_experience',
  'training_completed',
  'lived_experience_mix',
  'places_filled',
  'not_available',
  'training_needed',
  'not_eligible',
  'others_turn',
  'other',
] as const;

/** Roles in an involvement record. */
export const involvementRoles = [
  'participant',
  'representative',
  'panel_member',
  'facilitator',
  'peer_mentor',
  'volunteer',
  'chair',
  'trainer',
  'other',
] as const;
export type InvolvementRole = (typeof involvementRoles)[number];

export interface OpportunitiesTable {
  id: Generated<string>;
  organisation_id: string;
  title_en: string;
  title_cy: string;
  description_en: string;
  description_cy: string;
  rung: number;
  level: Level;
  nta_scope: (typeof ntaScopes)[number];
  nta_mode: (typeof ntaModes)[number];
  method: Method;
  audiences: TextArray;
  closed_group_en: string | null;
  closed_group_cy: string | null;
  opens_on: DateString | null;
  closing_date: DateString | null;
  starts_at: NullableTimestamp;
  ends_at: NullableTimestamp;
  attendance: Generated<(typeof attendances)[number]>;
  location_en: string | null;
  location_cy: string | null;
  time_commitment_en: string | null;
  time_commitment_cy: string | null;
  expected_hours: number | null;
  skills_needed: TextArray;
  training_needed: TextArray;
  payment: Generated<(typeof paymentTerms)[number]>;
  payment_details_en: string | null;
  payment_details_cy: string | null;
  accessibility_en: string | null;
  accessibility_cy: string | null;
  welsh_medium: Generated<boolean>;
  places: Generated<number>;
  backups: Generated<number>;
  status: Generated<OpportunityStatus>;
  public: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  opened_at: NullableTimestamp;
  closed_at: NullableTimestamp;
  completed_at: NullableTimestamp;
  /** The last matching run's counts (migrations/0012_opportunity_match.sql). */
  match_summary: ColumnType<
    OpportunityMatchSummary | null,
    string | null | undefined,
    string | null
  >;
  matched_at: NullableTimestamp;
}

/** Counts only: matched, told (queued), and not told for each reason. */
export interface OpportunityMatchSummary {
  matched: number;
  queued: number;
  blocked: Record<string, number>;
}

export interface OpportunityInvitationsTable {
  opportunity_id: string;
  person_id: string;
  message_id: string | null;
  status: string;
  created_at: CreatedAt;
}

export interface ExpressionsOfInterestTable {
  id: Generated<string>;
  opportunity_id: string;
  person_id: string;
  method: (typeof interestMethods)[number];
  note: string | null;
  /** What would help the person take part (migrations/0013_selection.sql). */
  support_needed: string | null;
  status: Generated<InterestStatus>;
  decision_reason: (typeof decisionReasons)[number] | null;
  decision_note: string | null;
  /** With reason 'other': the reason written for the person, in their language. */
  decision_reason_for_person: string | null;
  decided_by: string | null;
  decided_at: NullableTimestamp;
  told_at: NullableTimestamp;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface InvolvementRecordsTable {
  id: Generated<string>;
  organisation_id: string;
  person_id: string;
  opportunity_id: string | null;
  took_part_on: DateString;
  hours: number;
  rung: number;
  level: Level;
  method: Method;
  role: InvolvementRole;
  outcome: string | null;
  recorded_by: string | null;
  created_at: CreatedAt;
}

export interface InvolvementTables {
  opportunities: OpportunitiesTable;
  opportunity_invitations: OpportunityInvitationsTable;
  expressions_of_interest: ExpressionsOfInterestTable;
  involvement_records: InvolvementRecordsTable;
}

declare module '#platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DB extends InvolvementTables {}
}
