import type { ColumnType, Generated, Selectable } from 'kysely';
import type {
  CreatedAt,
  UpdatedAt,
  NullableTimestamp,
  DateString,
  TimeString,
  TextArray,
} from '#platform/db/columns.ts';

/** Table types of the involvement register (migrations/0006_people.sql). */

export const personKinds = [
  'service_user',
  'former_service_user',
  'carer',
  'family_member',
  'young_person',
] as const;
export type PersonKind = (typeof personKinds)[number];

export const personStatuses = ['active', 'paused', 'moved_on'] as const;
export type PersonStatus = (typeof personStatuses)[number];

export const ageBands = [
  'under_18',
  '18_24',
  '25_34',
  '35_44',
  '45_54',
  '55_64',
  '65_plus',
] as const;
export const formats = [
  'easy_read',
  'large_print',
  'braille',
  'audio',
  'bsl',
  'interpreter',
] as const;
export const personChannels = ['sms', 'phone', 'letter', 'email', 'in_person'] as const;
export type PersonChannel = (typeof personChannels)[number];

/** Involvement activities a person may be willing to do (WF 3.9, NW, BT methods). */
export const activities = [
  'forums',
  'surveys',
  'focus_groups',
  'interview_panels',
  'tender_panels',
  'monitoring_audit',
  'training_delivery',
  'peer_mentoring',
  'newsletters',
  'conferences',
  'consultation_events',
  'mystery_shopping',
  'service_delivery',
] as const;
export type Activity = (typeof activities)[number];

/**
 * What a person may need of a venue (0021), matched against a venue's features by meetings:
 * each need is met by the venue feature of the same name, or (`not_*`) by its absence.
 */
export const venueNeeds = [
  'step_free',
  'accessible_toilet',
  'hearing_loop',
  'quiet_room',
  'public_transport',
  'parking',
  'not_clinical_building',
  'not_police_building',
] as const;
export type VenueNeed = (typeof venueNeeds)[number];

export const consentPurposes = [
  'register',
  'contact',
  'share_deidentified',
  'share_identified',
  'equality',
  'media',
] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];
export const consentMethods = ['in_person', 'paper', 'portal', 'phone', 'import'] as const;

export interface PeopleTable {
  id: Generated<string>;
  organisation_id: string;
  scope_ids: TextArray;
  /** 0016: scope_ids while a share_identified consent is live, else empty (kept by triggers). */
  identified_scope_ids: Generated<string[]>;
  kind: PersonKind;
  display_name: string;
  legal_name: string | null;
  date_of_birth: string | null;
  age_band: (typeof ageBands)[number] | null;
  status: Generated<PersonStatus>;
  pause_review_date: DateString | null;
  preferred_language: Generated<'en' | 'cy'>;
  speaks_welsh: Generated<boolean>;
  formats: TextArray;
  interpreter_language: string | null;
  channels: TextArray;
  named_worker_account_id: string | null;
  phone: string | null;
  email: string | null;
  address: string | null;
  phone_lookup: string | null;
  email_lookup: string | null;
  dedupe_lookup: string | null;
  no_voicemail: Generated<boolean>;
  plain_envelope: Generated<boolean>;
  no_contact_via_family: Generated<boolean>;
  /** Texts and e-mails may name the service and the subject (default: discreet). */
  fuller_messages: Generated<boolean>;
  quiet_from: TimeString | null;
  quiet_to: TimeString | null;
  travel_limit: string | null;
  access_needs: string | null;
  /** 0021: what the person needs of a venue (`venueNeeds`), checked against meeting venues. */
  venue_needs: TextArray;
  support_needed: string | null;
  willing_activities: TextArray;
  skills: TextArray;
  interests: string | null;
  training_completed: TextArray;
  orientation: 'advocate' | 'activist' | 'both' | 'not_sure' | null;
  commitment_group: 'A' | 'B' | 'C' | null;
  emergency_arrangements: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
  erased_at: NullableTimestamp;
}

export interface PersonOrganisationsTable {
  person_id: string;
  organisation_id: string;
  created_at: CreatedAt;
}

export interface PersonStatusHistoryTable {
  id: Generated<number>;
  person_id: string;
  status: PersonStatus;
  pause_review_date: DateString | null;
  reason: string | null;
  changed_by: string | null;
  changed_at: CreatedAt;
}

export interface PersonUnavailableTimesTable {
  id: Generated<string>;
  person_id: string;
  /** 1 = Monday … 7 = Sunday; null = every day */
  weekday: number | null;
  starts_at: TimeString;
  ends_at: TimeString;
  reason: string | null;
}

export interface PersonUnavailableDatesTable {
  id: Generated<string>;
  person_id: string;
  date: DateString;
  reason: string | null;
}

export interface PersonSupportersTable {
  id: Generated<string>;
  person_id: string;
  related_person_id: string | null;
  name: string | null;
  relationship: 'carer' | 'family_member' | 'friend' | 'advocate' | 'worker' | 'other';
  may_share: TextArray;
  updated_at: UpdatedAt;
}

export interface ConsentsTable {
  id: Generated<string>;
  person_id: string;
  purpose: ConsentPurpose;
  wording_version: string;
  method: (typeof consentMethods)[number];
  recorded_by: string | null;
  given_at: ColumnType<Date, Date | string | undefined, Date | string>;
  withdrawn_at: NullableTimestamp;
  withdrawn_by: string | null;
  withdrawal_method: 'in_person' | 'paper' | 'portal' | 'phone' | null;
}

export interface EqualityMonitoringTable {
  person_id: string;
  organisation_id: string;
  age_band: string | null;
  disability: string | null;
  gender_reassignment: string | null;
  marriage_civil_partnership: string | null;
  pregnancy_maternity: string | null;
  ethnicity: string | null;
  religion_belief: string | null;
  sex: string | null;
  sexual_orientation: string | null;
  welsh_speaker: string | null;
  criminal_justice: string | null;
  housing: string | null;
  recorded_at: UpdatedAt;
}

export interface PersonMessagesTable {
  id: Generated<string>;
  person_id: string;
  organisation_id: string | null;
  template: string;
  personalisation: ColumnType<Record<string, string>, string | undefined, string>;
  purpose: Generated<string>;
  channel: PersonChannel | null;
  status: Generated<'queued' | 'sent' | 'blocked' | 'cancelled' | 'failed'>;
  not_before: UpdatedAt;
  reason: string | null;
  provider_id: string | null;
  created_at: CreatedAt;
  sent_at: NullableTimestamp;
  /** 0008: tries so far, and whether the personalisation is cleared once sent (sign-in codes). */
  attempts: Generated<number>;
  sensitive: Generated<boolean>;
}

/** 0008: a person's request from the portal to be paused or removed, for staff to act on. */
export interface PersonRequestsTable {
  id: Generated<string>;
  person_id: string;
  organisation_id: string;
  kind: 'pause' | 'remove';
  note: string | null;
  created_at: CreatedAt;
  resolved_at: NullableTimestamp;
  resolved_by: string | null;
}

export interface PortalCodesTable {
  id: Generated<string>;
  person_id: string;
  code_hash: string;
  channel: 'sms' | 'email';
  attempts: Generated<number>;
  expires_at: ColumnType<Date, Date | string, Date | string>;
  used_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface PersonImportsTable {
  id: Generated<string>;
  organisation_id: string;
  created_by: string;
  file_name: string;
  status: Generated<'parsing' | 'previewed' | 'importing' | 'imported' | 'discarded' | 'failed'>;
  total_rows: Generated<number>;
  good_rows: Generated<number>;
  bad_rows: Generated<number>;
  rows_encrypted: string | null;
  errors: ColumnType<unknown[], string | undefined, string>;
  created_at: CreatedAt;
  finished_at: NullableTimestamp;
  /** 0015: the rows chosen for merging, while importing; then created/merged/skipped counts. */
  decision: ColumnType<
    { merge: number[]; claimedAt: string } | null,
    string | null | undefined,
    string | null
  >;
  result: ColumnType<
    { created: number; merged: number; skipped: number } | null,
    string | null | undefined,
    string | null
  >;
}

export interface PeopleTables {
  people: PeopleTable;
  person_organisations: PersonOrganisationsTable;
  person_status_history: PersonStatusHistoryTable;
  person_unavailable_times: PersonUnavailableTimesTable;
  person_unavailable_dates: PersonUnavailableDatesTable;
  person_supporters: PersonSupportersTable;
  consents: ConsentsTable;
  equality_monitoring: EqualityMonitoringTable;
  person_messages: PersonMessagesTable;
  portal_codes: PortalCodesTable;
  person_imports: PersonImportsTable;
  person_requests: PersonRequestsTable;
}

export type Person = Selectable<PeopleTable>;

declare module '#platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DB extends PeopleTables {}
}
