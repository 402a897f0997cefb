import type { ColumnType, Generated } from 'kysely';
import type {
  CreatedAt,
  DateString,
  NullableTimestamp,
  Timestamp,
  UpdatedAt,
} from '#platform/db/columns.ts';
import { venueNeeds, type VenueNeed } from '#features/register';

/** Table types and vocabularies of meetings and venues (migrations/0021_meetings.sql). */

export const meetingKinds = [
  'forum',
  'board',
  'reference_group',
  'panel',
  'open_meeting',
  'consultation_event',
  'conference',
  'surgery',
] as const;
export type MeetingKind = (typeof meetingKinds)[number];

export const attendanceModes = ['in_person', 'online', 'hybrid'] as const;
export type AttendanceMode = (typeof attendanceModes)[number];

/** The language a meeting is held in. */
export const meetingLanguages = ['en', 'cy', 'bilingual'] as const;
export type MeetingLanguage = (typeof meetingLanguages)[number];

/** A closed group: only these people may be invited. */
export const closedGroups = ['women', 'men', 'young_people', 'carers', 'service_users'] as const;
export type ClosedGroup = (typeof closedGroups)[number];

export const seriesRepeats = [
  'weekly',
  'fortnightly',
  'four_weekly',
  'monthly_weekday',
  'monthly_date',
] as const;
export type SeriesRepeat = (typeof seriesRepeats)[number];

export const inviteeRoles = ['member', 'representative', 'backup', 'observer'] as const;
export type InviteeRole = (typeof inviteeRoles)[number];

export const replies = ['yes', 'no', 'maybe', 'apologies'] as const;
export type Reply = (typeof replies)[number];
export const replyChannels = ['portal', 'link', 'sms', 'staff'] as const;
export type ReplyChannel = (typeof replyChannels)[number];

export const attendances = ['attended', 'apologies', 'did_not_attend', 'left_early'] as const;
export type Attendance = (typeof attendances)[number];

/**
 * What a venue offers (boolean columns of `venues`, in the order forms list them): one for each
 * need a person may have of a venue (register's `venueNeeds`), `not_*` naming the feature whose
 * absence meets it.
 */
type FeatureOf<Need> = Need extends `not_${infer Feature}` ? Feature : Need;
export type VenueFeature = FeatureOf<VenueNeed>;
export const venueFeatures: readonly VenueFeature[] = venueNeeds.map(
  (need) => need.replace(/^not_/, '') as VenueFeature,
);

/** The user-proofing checks (WF Annex 3, 3.1, 3.3, 3.4; BT). */
export const proofingChecks = [
  'papers_early',
  'time_suits',
  'venue_access',
  'language',
  'break',
  'expenses',
  'plain_papers',
  'minutes_published',
] as const;
export type ProofingCheck = (typeof proofingChecks)[number];

export interface VenuesTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  address: string;
  directions_en: string | null;
  directions_cy: string | null;
  step_free: Generated<boolean>;
  accessible_toilet: Generated<boolean>;
  hearing_loop: Generated<boolean>;
  quiet_room: Generated<boolean>;
  public_transport: Generated<boolean>;
  parking: Generated<boolean>;
  clinical_building: Generated<boolean>;
  police_building: Generated<boolean>;
  archived_at: NullableTimestamp;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MeetingSeriesTable {
  id: Generated<string>;
  organisation_id: string;
  repeat: SeriesRepeat;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface MeetingsTable {
  id: Generated<string>;
  organisation_id: string;
  series_id: string | null;
  kind: MeetingKind;
  title_en: string;
  title_cy: string;
  purpose_en: string | null;
  purpose_cy: string | null;
  rung: Generated<number>;
  attendance_mode: AttendanceMode;
  venue_id: string | null;
  online_details: string | null;
  starts_at: Timestamp;
  ends_at: Timestamp;
  chair_account_id: string | null;
  chair_person_id: string | null;
  languages: Generated<MeetingLanguage>;
  simultaneous_translation: Generated<boolean>;
  interpreter_language: string | null;
  closed_to: ClosedGroup | null;
  break_planned: Generated<boolean>;
  expenses_offered: Generated<boolean>;
  papers_due_days: Generated<number>;
  minutes_due_days: Generated<number>;
  status: Generated<'planned' | 'cancelled'>;
  cancelled_at: NullableTimestamp;
  minutes_published_at: NullableTimestamp;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: UpdatedAt;
}

export interface MeetingAgendaItemsTable {
  id: Generated<string>;
  meeting_id: string;
  position: number;
  title_en: string;
  title_cy: string;
  summary_en: string | null;
  summary_cy: string | null;
  minutes: number | null;
}

export interface MeetingInviteesTable {
  id: Generated<string>;
  meeting_id: string;
  person_id: string | null;
  account_id: string | null;
  guest_name: string | null;
  guest_email: string | null;
  role: Generated<InviteeRole>;
  backup_for: string | null;
  reply: Reply | null;
  replied_at: NullableTimestamp;
  reply_channel: (typeof replyChannels)[number] | null;
  backup_offered_at: NullableTimestamp;
  invited_at: NullableTimestamp;
  attendance: Attendance | null;
  attendance_recorded_by: string | null;
  involvement_record_id: string | null;
  added_by: string | null;
  added_at: ColumnType<Date, Date | string | undefined, never>;
  /** A copy of the meeting's start, kept by triggers (migration 0039): never written here. */
  meeting_starts_at: ColumnType<Date, never, never>;
}

export interface MeetingProofingOverridesTable {
  id: Generated<string>;
  meeting_id: string;
  check_key: ProofingCheck;
  invitee_id: string | null;
  reason: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export const outcomeKinds = ['decision', 'action'] as const;
export type OutcomeKind = (typeof outcomeKinds)[number];

export interface MeetingOutcomesTable {
  id: Generated<string>;
  meeting_id: string;
  kind: OutcomeKind;
  text_en: string;
  text_cy: string;
  owner_account_id: string | null;
  due_on: DateString | null;
  done_at: NullableTimestamp;
  done_by: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ConsultationQuestionsTable {
  id: Generated<string>;
  meeting_id: string;
  position: number;
  text_en: string;
  text_cy: string;
}

export interface ConsultationNotesTable {
  id: Generated<string>;
  meeting_id: string;
  question_id: string | null;
  group_label: string;
  note: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface ConsultationSummariesTable {
  id: Generated<string>;
  meeting_id: string;
  organisation_ids: string[];
  recipients: number;
  sent_by: string | null;
  sent_at: CreatedAt;
}

/** The reply link in an invitation (migrations/0029_meeting_invitations.sql), stored hashed. */
export interface MeetingReplyTokensTable {
  invitee_id: string;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: Timestamp;
}

/** Which reminders an invitee has been sent (a reminder rule's key, once each). */
export interface MeetingRemindersSentTable {
  invitee_id: string;
  reminder_key: string;
  sent_at: CreatedAt;
}

export interface MeetingsTables {
  venues: VenuesTable;
  meeting_series: MeetingSeriesTable;
  meetings: MeetingsTable;
  meeting_agenda_items: MeetingAgendaItemsTable;
  meeting_invitees: MeetingInviteesTable;
  meeting_proofing_overrides: MeetingProofingOverridesTable;
  meeting_outcomes: MeetingOutcomesTable;
  consultation_questions: ConsultationQuestionsTable;
  consultation_notes: ConsultationNotesTable;
  consultation_summaries: ConsultationSummariesTable;
  meeting_reply_tokens: MeetingReplyTokensTable;
  meeting_reminders_sent: MeetingRemindersSentTable;
}

declare module '#platform/db/schema.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface DB extends MeetingsTables {}
}
