-- Opportunities, expressions of interest, invitations and involvement records (issue 4).
-- Vocabularies (rungs, levels, methods...) are listed in src/platform/db/tables/involvement.ts.

-- Something people can take part in, at one rung of the 7-rung ladder of participation (WF App. 7).
create table opportunities (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  title_en text not null check (length(title_en) between 1 and 150),
  title_cy text not null check (length(title_cy) between 1 and 150),
  description_en text not null check (length(description_en) between 1 and 5000),
  description_cy text not null check (length(description_cy) between 1 and 5000),
  -- 1 Information … 7 Initiating
  rung smallint not null check (rung between 1 and 7),
  level text not null check (level in ('individual', 'service', 'strategic', 'policy')),
  -- NTA grid (WM): individual or collective × information, feedback or influence
  nta_scope text not null check (nta_scope in ('individual', 'collective')),
  nta_mode text not null check (nta_mode in ('information', 'feedback', 'influence')),
  method text not null,
  -- person kinds it is for (empty = everyone), and an optional closed group (e.g. women only)
  audiences text[] not null default '{}',
  closed_group_en text check (length(closed_group_en) <= 200),
  closed_group_cy text check (length(closed_group_cy) <= 200),
  -- when people can say they are interested, and the (first) session
  opens_on date,
  closing_date date,
  starts_at timestamptz,
  ends_at timestamptz,
  attendance text not null default 'in_person' check (attendance in ('in_person', 'online', 'hybrid', 'anywhere')),
  location_en text check (length(location_en) <= 500),
  location_cy text check (length(location_cy) <= 500),
  time_commitment_en text check (length(time_commitment_en) <= 500),
  time_commitment_cy text check (length(time_commitment_cy) <= 500),
  expected_hours numeric(6, 2) check (expected_hours > 0),
  skills_needed text[] not null default '{}',
  training_needed text[] not null default '{}',
  payment text not null default 'expenses_only' check (payment in ('none', 'expenses_only', 'voucher', 'payment', 'time_credits')),
  payment_details_en text check (length(payment_details_en) <= 1000),
  payment_details_cy text check (length(payment_details_cy) <= 1000),
  accessibility_en text check (length(accessibility_en) <= 2000),
  accessibility_cy text check (length(accessibility_cy) <= 2000),
  -- held in Welsh (Welsh speakers only) or bilingual; interpretation on request
  welsh_medium boolean not null default false,
  places integer not null default 1 check (places between 1 and 1000),
  backups integer not null default 0 check (backups between 0 and 1000),
  status text not null default 'draft' check (status in ('draft', 'open', 'closed', 'completed', 'cancelled')),
  -- also shown on the public opportunities page
  public boolean not null default false,
  created_by uuid references accounts (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  opened_at timestamptz,
  closed_at timestamptz,
  completed_at timestamptz,
  check (closing_date is null or opens_on is null or closing_date >= opens_on),
  check (ends_at is null or starts_at is null or ends_at >= starts_at)
);
create index opportunities_organisation_idx on opportunities (organisation_id, status, created_at desc);
create index opportunities_open_idx on opportunities (closing_date) where status = 'open';

-- Who has been told about an opportunity (once each), through the safe-contact function.
create table opportunity_invitations (
  opportunity_id uuid not null references opportunities (id) on delete cascade,
  person_id uuid not null references people (id) on delete cascade,
  message_id uuid references person_messages (id) on delete set null,
  -- queued or blocked (with the reason), as the safe-contact function decided
  status text not null,
  created_at timestamptz not null default now(),
  primary key (opportunity_id, person_id)
);
create index opportunity_invitations_person_idx on opportunity_invitations (person_id);

-- A person saying they would like to take part, and the selection decision about them.
create table expressions_of_interest (
  id uuid primary key default gen_random_uuid(),
  opportunity_id uuid not null references opportunities (id) on delete cascade,
  person_id uuid not null references people (id) on delete cascade,
  -- portal (the person), staff (on their behalf, e.g. by phone), paper (a form handed in)
  method text not null check (method in ('portal', 'staff', 'paper')),
  note text check (length(note) <= 1000),
  status text not null default 'interested' check (status in ('interested', 'selected', 'backup', 'not_selected', 'withdrawn')),
  decision_reason text,
  decision_note text check (length(decision_note) <= 1000),
  decided_by uuid references accounts (id),
  decided_at timestamptz,
  -- when the person was told the decision (through the safe-contact function)
  told_at timestamptz,
  created_by uuid references accounts (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  unique (opportunity_id, person_id)
);
create index expressions_of_interest_person_idx on expressions_of_interest (person_id, created_at desc);
create index expressions_of_interest_selected_idx on expressions_of_interest (person_id, decided_at)
  where status = 'selected';

-- Evidence: who took part in what, when, for how long, at which rung and level, in which role.
create table involvement_records (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  person_id uuid not null references people (id) on delete cascade,
  opportunity_id uuid references opportunities (id) on delete set null,
  took_part_on date not null,
  hours numeric(6, 2) not null check (hours > 0 and hours <= 500),
  rung smallint not null check (rung between 1 and 7),
  level text not null check (level in ('individual', 'service', 'strategic', 'policy')),
  method text not null,
  role text not null,
  outcome text check (length(outcome) <= 1000),
  recorded_by uuid references accounts (id),
  created_at timestamptz not null default now()
);
create index involvement_records_organisation_idx on involvement_records (organisation_id, took_part_on);
create index involvement_records_person_idx on involvement_records (person_id, took_part_on desc);
create index involvement_records_opportunity_idx on involvement_records (opportunity_id)
  where opportunity_id is not null;
