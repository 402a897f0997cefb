import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CreatedAt, Timestamp, NullableTimestamp } from './columns.ts';

/** Kysely table types, kept in step with migrations/*.sql. */

export const organisationKinds = [
  'nation',
  'region',
  'area',
  'provider',
  'service',
  'group',
] as const;
export type OrganisationKind = (typeof organisationKinds)[number];

export const roles = [
  'organisation_admin',
  'commissioner',
  'involvement_lead',
  'staff',
  'viewer',
] as const;
export type Role = (typeof roles)[number];

export interface OrganisationsTable {
  id: Generated<string>;
  parent_id: string | null;
  ancestors: string[];
  kind: OrganisationKind;
  name_en: string;
  name_cy: string;
  requires_mfa: Generated<boolean>;
  archived_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface AccountsTable {
  id: Generated<string>;
  email: string;
  name: string;
  password_hash: string | null;
  platform_admin: Generated<boolean>;
  mfa_required: Generated<boolean>;
  totp_secret: string | null;
  mfa_enabled_at: NullableTimestamp;
  language: Generated<'en' | 'cy'>;
  failed_sign_ins: Generated<number>;
  locked_until: NullableTimestamp;
  disabled_at: NullableTimestamp;
  last_sign_in_at: NullableTimestamp;
  /** The last TOTP time step accepted (migrations/0003_accounts.sql): no code is used twice. */
  totp_last_time_step: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface MembershipsTable {
  account_id: string;
  organisation_id: string;
  role: Role;
  created_at: CreatedAt;
}

export interface AccountTokensTable {
  token_hash: string;
  account_id: string;
  purpose: 'invitation' | 'password_reset';
  expires_at: Timestamp;
  used_at: NullableTimestamp;
  created_at: CreatedAt;
}

/** Failed staff sign-ins per keyed hash (migrations/0018_sign_in_throttles.sql). */
export interface SignInThrottlesTable {
  key: string;
  failures: Generated<number>;
  window_started_at: Generated<Date>;
  blocked_until: NullableTimestamp;
  trusted_until: NullableTimestamp;
  updated_at: Generated<Date>;
}

export interface SessionsTable {
  id_hash: string;
  account_id: string | null;
  csrf_token: string;
  pending_account_id: string | null;
  /** A person signed in to the people's portal (never together with account_id). */
  person_id: ColumnType<string | null, string | null | undefined, string | null>;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  created_at: CreatedAt;
  last_seen_at: ColumnType<Date, Date | string | undefined, Date | string>;
  expires_at: Timestamp;
}

export interface AuditLogTable {
  id: Generated<number>;
  occurred_at: ColumnType<Date, Date | string | undefined, never>;
  actor_account_id: string | null;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  organisation_id: string | null;
  details: ColumnType<Record<string, unknown>, string, never>;
  /** The entry's place in the hash chain; null until sealed (with prev_hash and hash). */
  seq: ColumnType<number | null, never, number>;
  prev_hash: ColumnType<string | null, never, string>;
  hash: ColumnType<string | null, never, string>;
}

/** The newest audit entry's id and hash (migrations/0002_audit_chain_head.sql); one row. */
export interface AuditChainHeadTable {
  singleton: Generated<boolean>;
  last_id: number | null;
  last_seq: number | null;
  hash: string;
}

export interface OutboxMessagesTable {
  id: Generated<string>;
  organisation_id: string | null;
  channel: 'email' | 'sms' | 'letter';
  recipient: string;
  language: 'en' | 'cy';
  template: string;
  subject: string | null;
  body: string;
  reference: string;
  created_at: CreatedAt;
}

export interface JobRunsTable {
  job_name: string;
  slot: string;
  ran_at: CreatedAt;
}

/** The in-process job queue PGlite used (migrations/0004_jobs.sql; unused since the embedded PostgreSQL server: pg-boss has its own tables). */
export interface JobQueueTable {
  id: string;
  name: string;
  data: ColumnType<Record<string, unknown>, string | undefined, string>;
  singleton_key: string | null;
  state: Generated<'created' | 'active' | 'completed' | 'failed'>;
  attempts: Generated<number>;
  retry_limit: number;
  retry_delay_seconds: number;
  expire_seconds: number;
  start_after: ColumnType<Date, Date | string | undefined, Date | string>;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  last_error: string | null;
  created_at: CreatedAt;
}

/**
 * The database: the platform's own tables here; each capability adds its tables to this interface
 * from its own `tables.ts` (`declare module '#platform/db/schema.ts' { interface DB ... }`), so the
 * platform names no feature and the whole database is still one type.
 */
export interface DB {
  organisations: OrganisationsTable;
  accounts: AccountsTable;
  memberships: MembershipsTable;
  account_tokens: AccountTokensTable;
  sign_in_throttles: SignInThrottlesTable;
  sessions: SessionsTable;
  audit_log: AuditLogTable;
  audit_chain_head: AuditChainHeadTable;
  outbox_messages: OutboxMessagesTable;
  job_runs: JobRunsTable;
  job_queue: JobQueueTable;
}

export type Organisation = Selectable<OrganisationsTable>;
export type NewOrganisation = Insertable<OrganisationsTable>;
export type OrganisationUpdate = Updateable<OrganisationsTable>;
export type Account = Selectable<AccountsTable>;
