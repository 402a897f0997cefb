-- Cyd platform foundation: organisations, staff accounts, sessions, audit log, outbox.

create table organisations (
  id uuid primary key default gen_random_uuid(),
  parent_id uuid references organisations (id),
  -- every ancestor id from the root down to and including this organisation
  ancestors uuid[] not null,
  kind text not null check (kind in ('nation', 'region', 'area', 'provider', 'service', 'group')),
  name_en text not null check (length(name_en) between 1 and 200),
  name_cy text not null check (length(name_cy) between 1 and 200),
  requires_mfa boolean not null default true,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index organisations_ancestors_idx on organisations using gin (ancestors);
create index organisations_parent_idx on organisations (parent_id);

create table accounts (
  id uuid primary key default gen_random_uuid(),
  email text not null check (email = lower(email) and length(email) <= 320),
  name text not null check (length(name) between 1 and 200),
  password_hash text,
  platform_admin boolean not null default false,
  -- platform administrators must use MFA unless exempted (only the demo seed does so);
  -- organisation administrators must when their organisation requires it
  mfa_required boolean not null default true,
  totp_secret text,
  mfa_enabled_at timestamptz,
  language text not null default 'en' check (language in ('en', 'cy')),
  failed_sign_ins integer not null default 0,
  locked_until timestamptz,
  disabled_at timestamptz,
  last_sign_in_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index accounts_email_idx on accounts (email);

create table memberships (
  account_id uuid not null references accounts (id) on delete cascade,
  organisation_id uuid not null references organisations (id),
  role text not null check (role in ('organisation_admin', 'commissioner', 'involvement_lead', 'staff', 'viewer')),
  created_at timestamptz not null default now(),
  primary key (account_id, organisation_id, role)
);
create index memberships_organisation_idx on memberships (organisation_id);

create table account_tokens (
  token_hash text primary key,
  account_id uuid not null references accounts (id) on delete cascade,
  purpose text not null check (purpose in ('invitation', 'password_reset')),
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index account_tokens_account_idx on account_tokens (account_id);

create table sessions (
  id_hash text primary key,
  account_id uuid references accounts (id) on delete cascade,
  csrf_token text not null,
  -- signed in with a password but the second factor is still to come
  pending_account_id uuid references accounts (id) on delete cascade,
  data jsonb not null default '{}',
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index sessions_account_idx on sessions (account_id);
create index sessions_expires_idx on sessions (expires_at);

create table audit_log (
  id bigint generated always as identity primary key,
  occurred_at timestamptz not null default now(),
  actor_account_id uuid,
  action text not null,
  subject_type text,
  subject_id text,
  organisation_id uuid,
  details jsonb not null default '{}',
  prev_hash text not null,
  hash text not null
);
create index audit_log_occurred_idx on audit_log (occurred_at desc);
create index audit_log_actor_idx on audit_log (actor_account_id, occurred_at desc);
create index audit_log_subject_idx on audit_log (subject_type, subject_id);
create index audit_log_organisation_idx on audit_log (organisation_id, occurred_at desc);

create function audit_log_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_append_only();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_append_only();

create table outbox_messages (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid references organisations (id),
  channel text not null check (channel in ('email', 'sms', 'letter')),
  recipient text not null,
  language text not null check (language in ('en', 'cy')),
  template text not null,
  subject text,
  body text not null,
  reference text not null,
  created_at timestamptz not null default now()
);
create index outbox_messages_created_idx on outbox_messages (created_at desc);
create index outbox_messages_recipient_idx on outbox_messages (recipient, created_at desc);

create table job_runs (
  job_name text not null,
  slot text not null,
  ran_at timestamptz not null default now(),
  primary key (job_name, slot)
);
