-- Meetings and events, user-proofed (issue 10, WF Annex 3 "Meetings", 3.1, 3.3, 3.4; NW
-- barriers; BT levels of engagement): reusable venues, meetings (one-off or in a series), their
-- agenda, who is invited (people from the register, staff, guests by e-mail), their replies and
-- attendance, and the reasons staff gave for going ahead despite a user-proofing warning.

-- A place meetings are held, with what it offers (checked against invitees' access needs).
create table venues (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  name text not null check (length(name) between 1 and 150),
  address text not null check (length(address) between 1 and 500),
  -- how to get there, what to ask for at the door (optional, both languages)
  directions_en text check (length(directions_en) <= 1000),
  directions_cy text check (length(directions_cy) <= 1000),
  step_free boolean not null default false,
  accessible_toilet boolean not null default false,
  hearing_loop boolean not null default false,
  quiet_room boolean not null default false,
  public_transport boolean not null default false,
  parking boolean not null default false,
  -- a building some people will not enter (BT): a clinic or treatment service, a police station
  clinical_building boolean not null default false,
  police_building boolean not null default false,
  archived_at timestamptz,
  created_by uuid references accounts (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index venues_organisation_idx on venues (organisation_id, name) where archived_at is null;

-- Meetings made together and repeating (e.g. the monthly forum); each is a row in `meetings`.
create table meeting_series (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  repeat text not null check (repeat in ('weekly', 'fortnightly', 'four_weekly', 'monthly_weekday', 'monthly_date')),
  created_by uuid references accounts (id),
  created_at timestamptz not null default now()
);

create table meetings (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  series_id uuid references meeting_series (id) on delete set null,
  kind text not null check (kind in ('forum', 'board', 'reference_group', 'panel', 'open_meeting',
    'consultation_event', 'conference', 'surgery')),
  title_en text not null check (length(title_en) between 1 and 150),
  title_cy text not null check (length(title_cy) between 1 and 150),
  -- what the meeting is for, in plain words (shown to invitees)
  purpose_en text check (length(purpose_en) <= 2000),
  purpose_cy text check (length(purpose_cy) <= 2000),
  -- the ladder rung attendance is recorded at (WF Appendix 7)
  rung smallint not null default 3 check (rung between 1 and 7),
  attendance_mode text not null check (attendance_mode in ('in_person', 'online', 'hybrid')),
  venue_id uuid references venues (id),
  -- joining details for online meetings (sent to invitees, never shown publicly)
  online_details text check (length(online_details) <= 1000),
  starts_at timestamptz not null,
  ends_at timestamptz not null,
  -- who chairs: a member of staff or a person from the register (or nobody recorded yet)
  chair_account_id uuid references accounts (id),
  chair_person_id uuid references people (id) on delete set null,
  -- en, cy or both; simultaneous translation; an interpreter (and which language)
  languages text not null default 'en' check (languages in ('en', 'cy', 'bilingual')),
  simultaneous_translation boolean not null default false,
  interpreter_language text check (length(interpreter_language) <= 100),
  -- a closed group: only these people may be invited (e.g. women only)
  closed_to text check (closed_to in ('women', 'men', 'young_people', 'carers', 'service_users')),
  -- user-proofing facts staff record
  break_planned boolean not null default false,
  expenses_offered boolean not null default false,
  -- papers out at least this many days before; minutes published within this many days after
  papers_due_days smallint not null default 7 check (papers_due_days between 0 and 60),
  minutes_due_days smallint not null default 14 check (minutes_due_days between 1 and 90),
  status text not null default 'planned' check (status in ('planned', 'cancelled')),
  cancelled_at timestamptz,
  minutes_published_at timestamptz,
  created_by uuid references accounts (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (ends_at > starts_at),
  check (chair_account_id is null or chair_person_id is null),
  check (attendance_mode = 'online' or venue_id is not null)
);
create index meetings_organisation_idx on meetings (organisation_id, starts_at desc);
create index meetings_series_idx on meetings (series_id, starts_at) where series_id is not null;
create index meetings_venue_idx on meetings (venue_id) where venue_id is not null;
create index meetings_minutes_due_idx on meetings (ends_at)
  where minutes_published_at is null and status = 'planned';

create table meeting_agenda_items (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references meetings (id) on delete cascade,
  position smallint not null,
  title_en text not null check (length(title_en) between 1 and 200),
  title_cy text not null check (length(title_cy) between 1 and 200),
  -- a plain-language note on the item
  summary_en text check (length(summary_en) <= 2000),
  summary_cy text check (length(summary_cy) <= 2000),
  minutes smallint check (minutes between 1 and 600),
  unique (meeting_id, position) deferrable initially deferred
);

-- Who is invited: a person from the register, a member of staff, or a guest by e-mail.
create table meeting_invitees (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references meetings (id) on delete cascade,
  person_id uuid references people (id) on delete cascade,
  account_id uuid references accounts (id),
  guest_name text check (length(guest_name) between 1 and 100),
  guest_email text check (length(guest_email) between 3 and 254),
  -- member; representative (of a group, with a back-up); back-up (offered the place when the
  -- representative sends apologies, WF 3.1 contingency); observer
  role text not null default 'member' check (role in ('member', 'representative', 'backup', 'observer')),
  backup_for uuid references meeting_invitees (id) on delete set null,
  reply text check (reply in ('yes', 'no', 'maybe', 'apologies')),
  replied_at timestamptz,
  reply_channel text check (reply_channel in ('portal', 'link', 'sms', 'staff')),
  -- set once the back-up has been offered the place of this representative
  backup_offered_at timestamptz,
  invited_at timestamptz,
  attendance text check (attendance in ('attended', 'apologies', 'did_not_attend', 'left_early')),
  attendance_recorded_by uuid references accounts (id),
  -- the involvement record made from attendance (once)
  involvement_record_id uuid references involvement_records (id) on delete set null,
  added_by uuid references accounts (id),
  added_at timestamptz not null default now(),
  check (num_nonnulls(person_id, account_id, guest_email) = 1),
  check (guest_email is null or guest_name is not null)
);
create unique index meeting_invitees_person_idx on meeting_invitees (meeting_id, person_id)
  where person_id is not null;
create unique index meeting_invitees_account_idx on meeting_invitees (meeting_id, account_id)
  where account_id is not null;
create unique index meeting_invitees_guest_idx on meeting_invitees (meeting_id, lower(guest_email))
  where guest_email is not null;
create index meeting_invitees_person_lookup_idx on meeting_invitees (person_id)
  where person_id is not null;
create index meeting_invitees_account_lookup_idx on meeting_invitees (account_id)
  where account_id is not null;

-- Going ahead despite a user-proofing warning, with the reason (shown on the meeting page and
-- counted in the figures). A warning about one invitee names the invitee row, never the reason
-- behind their circumstances.
create table meeting_proofing_overrides (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references meetings (id) on delete cascade,
  -- the check: papers_early, time_suits, venue_access, language, break, expenses, plain_papers,
  -- minutes_published
  check_key text not null check (length(check_key) between 1 and 50),
  invitee_id uuid references meeting_invitees (id) on delete cascade,
  reason text not null check (length(reason) between 1 and 1000),
  created_by uuid references accounts (id),
  created_at timestamptz not null default now()
);
create unique index meeting_proofing_overrides_idx
  on meeting_proofing_overrides (meeting_id, check_key, coalesce(invitee_id, '00000000-0000-0000-0000-000000000000'));

-- What a person needs of a venue (structured, so meetings can check venues against it; the
-- free-text access_needs stays for everything else).
alter table people add column venue_needs text[] not null default '{}';
