-- The involvement register (issue 3): people who want to be involved, their preferences,
-- availability, interests, consent, equality monitoring, carers and portal sign-in.
-- Contact details and legal names are encrypted by the application (v1.<key id>.<data>);
-- *_lookup columns hold HMACs of normalised values for exact-match look-ups (duplicates, portal).

create table people (
  id uuid primary key default gen_random_uuid(),
  -- the organisation that registered the person (owner of the record)
  organisation_id uuid not null references organisations (id),
  -- ancestors of every organisation the person is connected to: the subtree filter for search
  scope_ids uuid[] not null default '{}',
  kind text not null check (kind in ('service_user', 'former_service_user', 'carer', 'family_member', 'young_person')),
  display_name text not null check (length(display_name) between 1 and 100),
  legal_name text,
  date_of_birth text,
  age_band text check (age_band in ('under_18', '18_24', '25_34', '35_44', '45_54', '55_64', '65_plus')),
  status text not null default 'active' check (status in ('active', 'paused', 'moved_on')),
  pause_review_date date,
  -- communication
  preferred_language text not null default 'en' check (preferred_language in ('en', 'cy')),
  speaks_welsh boolean not null default false,
  formats text[] not null default '{}',
  interpreter_language text check (length(interpreter_language) <= 100),
  -- in order of preference: sms, phone, letter, email, in_person
  channels text[] not null default '{}',
  named_worker_account_id uuid references accounts (id),
  phone text,
  email text,
  address text,
  phone_lookup text,
  email_lookup text,
  dedupe_lookup text,
  -- safe-contact rules
  no_voicemail boolean not null default false,
  plain_envelope boolean not null default false,
  no_contact_via_family boolean not null default false,
  quiet_from time,
  quiet_to time,
  -- access and support
  travel_limit text check (length(travel_limit) <= 500),
  access_needs text check (length(access_needs) <= 2000),
  support_needed text check (length(support_needed) <= 2000),
  -- interests, skills and willingness
  willing_activities text[] not null default '{}',
  skills text[] not null default '{}',
  interests text check (length(interests) <= 2000),
  training_completed text[] not null default '{}',
  orientation text check (orientation in ('advocate', 'activist', 'both', 'not_sure')),
  commitment_group text check (commitment_group in ('A', 'B', 'C')),
  emergency_arrangements text check (length(emergency_arrangements) <= 2000),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  -- erasure keeps the row (anonymous counts) and removes everything that identifies the person
  erased_at timestamptz
);
create index people_scope_idx on people using gin (scope_ids);
create index people_organisation_status_idx on people (organisation_id, status);
create index people_name_idx on people (lower(display_name) text_pattern_ops);
create index people_willing_idx on people using gin (willing_activities);
create index people_skills_idx on people using gin (skills);
create index people_training_idx on people using gin (training_completed);
create index people_phone_lookup_idx on people (phone_lookup) where phone_lookup is not null;
create index people_email_lookup_idx on people (email_lookup) where email_lookup is not null;
create index people_dedupe_lookup_idx on people (dedupe_lookup) where dedupe_lookup is not null;

-- Every organisation a person is connected to (the registering one included).
create table person_organisations (
  person_id uuid not null references people (id) on delete cascade,
  organisation_id uuid not null references organisations (id),
  created_at timestamptz not null default now(),
  primary key (person_id, organisation_id)
);
create index person_organisations_organisation_idx on person_organisations (organisation_id);

create table person_status_history (
  id bigint generated always as identity primary key,
  person_id uuid not null references people (id) on delete cascade,
  status text not null check (status in ('active', 'paused', 'moved_on')),
  pause_review_date date,
  reason text check (length(reason) <= 500),
  changed_by uuid references accounts (id),
  changed_at timestamptz not null default now()
);
create index person_status_history_person_idx on person_status_history (person_id, changed_at desc);

-- Times a person cannot do: weekday null = every day (e.g. not before 11:00); 1 = Monday … 7 = Sunday.
create table person_unavailable_times (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references people (id) on delete cascade,
  weekday smallint check (weekday between 1 and 7),
  starts_at time not null,
  ends_at time not null check (ends_at > starts_at),
  reason text check (length(reason) <= 200)
);
create index person_unavailable_times_person_idx on person_unavailable_times (person_id);
create index person_unavailable_times_slot_idx on person_unavailable_times (weekday, starts_at, ends_at);

-- Days a person cannot do (holy days, appointments).
create table person_unavailable_dates (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references people (id) on delete cascade,
  date date not null,
  reason text check (length(reason) <= 200)
);
create index person_unavailable_dates_person_idx on person_unavailable_dates (person_id, date);

-- Who the person wants involved, and what may be shared with them (NW "record and update").
create table person_supporters (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references people (id) on delete cascade,
  -- a supporter who is also on the register (a carer), otherwise just a name (encrypted)
  related_person_id uuid references people (id) on delete set null,
  name text,
  relationship text not null check (relationship in ('carer', 'family_member', 'friend', 'advocate', 'worker', 'other')),
  may_share text[] not null default '{}',
  updated_at timestamptz not null default now()
);
create index person_supporters_person_idx on person_supporters (person_id);
create index person_supporters_related_idx on person_supporters (related_person_id);

create table consents (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references people (id) on delete cascade,
  purpose text not null check (purpose in ('register', 'contact', 'share_deidentified', 'share_identified', 'equality', 'media')),
  wording_version text not null,
  method text not null check (method in ('in_person', 'paper', 'portal', 'phone', 'import')),
  recorded_by uuid references accounts (id),
  given_at timestamptz not null default now(),
  withdrawn_at timestamptz,
  withdrawn_by uuid references accounts (id),
  withdrawal_method text check (withdrawal_method in ('in_person', 'paper', 'portal', 'phone'))
);
-- at most one live consent per purpose
create unique index consents_live_idx on consents (person_id, purpose) where withdrawn_at is null;

-- Optional, held apart, separate permission; only ever reported in aggregate (counts < 5 suppressed).
create table equality_monitoring (
  person_id uuid primary key references people (id) on delete cascade,
  organisation_id uuid not null references organisations (id),
  age_band text,
  disability text,
  gender_reassignment text,
  marriage_civil_partnership text,
  pregnancy_maternity text,
  ethnicity text,
  religion_belief text,
  sex text,
  sexual_orientation text,
  welsh_speaker text,
  criminal_justice text,
  housing text,
  recorded_at timestamptz not null default now()
);
create index equality_monitoring_organisation_idx on equality_monitoring (organisation_id);

-- Messages to people go through one safe-contact function; this is its queue.
create table person_messages (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references people (id) on delete cascade,
  organisation_id uuid references organisations (id),
  template text not null,
  personalisation jsonb not null default '{}',
  -- the consent purpose the message relies on (contact unless it is about the record itself)
  purpose text not null default 'contact',
  channel text check (channel in ('sms', 'phone', 'letter', 'email', 'in_person')),
  status text not null default 'queued' check (status in ('queued', 'sent', 'blocked', 'cancelled', 'failed')),
  not_before timestamptz not null default now(),
  reason text,
  provider_id text,
  created_at timestamptz not null default now(),
  sent_at timestamptz
);
create index person_messages_due_idx on person_messages (not_before) where status = 'queued';
create index person_messages_person_idx on person_messages (person_id, created_at desc);

-- People's portal: one-time sign-in codes and portal sessions.
create table portal_codes (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references people (id) on delete cascade,
  code_hash text not null,
  channel text not null check (channel in ('sms', 'email')),
  attempts integer not null default 0,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now()
);
create index portal_codes_person_idx on portal_codes (person_id, created_at desc);

alter table sessions add column person_id uuid references people (id) on delete cascade;
create index sessions_person_idx on sessions (person_id);

-- Spreadsheet imports: the parsed rows wait here between preview and import.
create table person_imports (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  created_by uuid not null references accounts (id),
  file_name text not null,
  status text not null default 'previewed' check (status in ('parsing', 'previewed', 'imported', 'discarded')),
  total_rows integer not null default 0,
  good_rows integer not null default 0,
  bad_rows integer not null default 0,
  -- the good rows, encrypted as one JSON document; errors name rows and fields, never values
  rows_encrypted text,
  errors jsonb not null default '[]',
  created_at timestamptz not null default now(),
  finished_at timestamptz
);
create index person_imports_organisation_idx on person_imports (organisation_id, created_at desc);
