import type { ColumnType, Generated } from 'kysely';

/** Where feedback came in. */
export const channels = [
  'web',
  'sms',
  'card',
  'survey',
  'experience_log',
  'story',
  'portal',
  'staff',
] as const;
export type Channel = (typeof channels)[number];

/** What it is. */
export const feedbackKinds = [
  'suggestion',
  'concern',
  'compliment',
  'complaint',
  'question',
] as const;
export type FeedbackKind = (typeof feedbackKinds)[number];

/** The loop: received → acknowledged → being looked at → outcome decided → published. */
export const feedbackStatuses = [
  'received',
  'acknowledged',
  'looking',
  'decided',
  'published',
  'closed',
] as const;
export type FeedbackStatus = (typeof feedbackStatuses)[number];

export const outcomes = ['done', 'will_do', 'cant_do'] as const;
export type Outcome = (typeof outcomes)[number];

export type Nation = 'england-and-wales' | 'scotland' | 'northern-ireland';

export interface FeedbackInboxesTable {
  organisation_id: string;
  code: string;
  keyword: string | null;
  enabled: Generated<boolean>;
  created_at: ColumnType<Date, never, never>;
}

export interface FeedbackThemesTable {
  id: Generated<string>;
  organisation_id: string | null;
  name_en: string;
  name_cy: string;
  archived_at: Date | null;
  created_at: ColumnType<Date, never, never>;
}

export interface FeedbackSettingsTable {
  organisation_id: string;
  acknowledge_days: Generated<number>;
  respond_days: Generated<number>;
  nation: Generated<Nation>;
  commissioner_organisation_id: string | null;
  safeguarding_lead_id: string | null;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | undefined, Date>;
}

export interface WorkingDayHolidaysTable {
  nation: Nation;
  /** YYYY-MM-DD (dates are read as text). */
  day: string;
  name_en: string;
  name_cy: string;
}

export interface FeedbackItemsTable {
  id: Generated<string>;
  /** Shown as F-000123. */
  number: Generated<number>;
  organisation_id: string;
  channel: Channel;
  kind: FeedbackKind;
  body: string;
  language: Generated<'en' | 'cy'>;
  receipt_code: string;
  person_id: string | null;
  /** Contact details left on the anonymous form, encrypted (platform/crypto/encryption.ts). */
  contact_encrypted: string | null;
  urgency: Generated<'normal' | 'urgent'>;
  safeguarding: Generated<boolean>;
  safeguarding_lead_id: string | null;
  owner_account_id: string | null;
  merged_into_id: string | null;
  status: Generated<FeedbackStatus>;
  outcome: Outcome | null;
  outcome_due_on: string | null;
  outcome_en: string | null;
  outcome_cy: string | null;
  quote_consent: Generated<boolean>;
  quote_en: string | null;
  quote_cy: string | null;
  acknowledge_by: string | null;
  respond_by: string | null;
  escalated_at: Date | null;
  escalated_reason: 'acknowledge_overdue' | 'respond_overdue' | 'asked' | null;
  received_at: Generated<Date>;
  acknowledged_at: Date | null;
  decided_at: Date | null;
  published_at: Date | null;
  told_at: Date | null;
  recorded_by: string | null;
  version: Generated<number>;
}

export interface FeedbackItemThemesTable {
  item_id: string;
  theme_id: string;
}

export interface FeedbackCardPhotosTable {
  item_id: string;
  media_type: 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic';
  byte_size: number;
  content: Buffer;
  added_by: string | null;
  added_at: ColumnType<Date, never, never>;
}

export interface FeedbackRateWindowsTable {
  key: string;
  window_started_at: Generated<Date>;
  count: Generated<number>;
}

declare module '#platform/db/schema.ts' {
  interface DB {
    feedback_inboxes: FeedbackInboxesTable;
    feedback_themes: FeedbackThemesTable;
    feedback_settings: FeedbackSettingsTable;
    working_day_holidays: WorkingDayHolidaysTable;
    feedback_items: FeedbackItemsTable;
    feedback_item_themes: FeedbackItemThemesTable;
    feedback_card_photos: FeedbackCardPhotosTable;
    feedback_rate_windows: FeedbackRateWindowsTable;
  }
}
