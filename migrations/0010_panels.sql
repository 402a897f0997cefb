-- Recruitment interview panels and tender evaluation panels (issue 4, WF 3.11, NW recruitment
-- and selection): service users on the register score candidates or bids against questions;
-- their score counts for a set share of the combined result. Candidates and bids are labels
-- only ("Candidate A", a bid name): no personal data about candidates is held.

create table panels (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  -- interview: staff recruitment; tender: evaluating bids for a contract
  kind text not null check (kind in ('interview', 'tender')),
  title_en text not null check (length(title_en) between 1 and 150),
  title_cy text not null check (length(title_cy) between 1 and 150),
  -- the opportunity people were recruited through, if any
  opportunity_id uuid references opportunities (id) on delete set null,
  held_on date not null,
  -- hours each member gave (for their involvement record)
  hours numeric(6, 2) not null check (hours > 0 and hours <= 100),
  -- every score is a number from scale_min to scale_max
  scale_min smallint not null default 0 check (scale_min >= 0),
  scale_max smallint not null default 5 check (scale_max <= 100),
  -- share (%) of the combined result that comes from the service-user members' scores
  user_weight smallint not null check (user_weight between 0 and 100),
  status text not null default 'open' check (status in ('open', 'closed')),
  created_by uuid references accounts (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  closed_by uuid references accounts (id),
  closed_at timestamptz,
  check (scale_max > scale_min)
);
create index panels_organisation_idx on panels (organisation_id, status, held_on desc);
create index panels_opportunity_idx on panels (opportunity_id) where opportunity_id is not null;

-- People from the register who sit on a panel.
create table panel_members (
  panel_id uuid not null references panels (id) on delete cascade,
  person_id uuid not null references people (id) on delete cascade,
  added_by uuid references accounts (id),
  added_at timestamptz not null default now(),
  -- the involvement record made when the panel closed (once)
  involvement_record_id uuid references involvement_records (id) on delete set null,
  primary key (panel_id, person_id)
);
create index panel_members_person_idx on panel_members (person_id);

-- The questions candidates or bids are scored against; weight = relative importance.
create table panel_questions (
  id uuid primary key default gen_random_uuid(),
  panel_id uuid not null references panels (id) on delete cascade,
  position smallint not null,
  text_en text not null check (length(text_en) between 1 and 500),
  text_cy text not null check (length(text_cy) between 1 and 500),
  weight smallint not null default 1 check (weight between 1 and 100),
  unique (panel_id, position)
);

-- Candidates (interview) or bids (tender), as labels only.
create table panel_candidates (
  id uuid primary key default gen_random_uuid(),
  panel_id uuid not null references panels (id) on delete cascade,
  position smallint not null,
  label text not null check (length(label) between 1 and 100),
  -- the rest of the panel's (staff) score, 0..100, entered by staff
  staff_score numeric(5, 2) check (staff_score between 0 and 100),
  unique (panel_id, position),
  unique (panel_id, label)
);

-- Each member's score for each candidate on each question (entered from their score sheet).
create table panel_scores (
  panel_id uuid not null references panels (id) on delete cascade,
  person_id uuid not null references people (id) on delete cascade,
  candidate_id uuid not null references panel_candidates (id) on delete cascade,
  question_id uuid not null references panel_questions (id) on delete cascade,
  score numeric(5, 2) not null check (score >= 0 and score <= 100),
  recorded_by uuid references accounts (id),
  recorded_at timestamptz not null default now(),
  primary key (panel_id, person_id, candidate_id, question_id),
  foreign key (panel_id, person_id) references panel_members (panel_id, person_id) on delete cascade
);
create index panel_scores_person_idx on panel_scores (person_id);
create index panel_scores_candidate_idx on panel_scores (candidate_id);
