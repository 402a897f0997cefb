-- Peer elections of representatives (issue 4 item 7; WM: representatives elected by their peers).
-- A secret ballot: who voted is recorded (election_voters.voted_via) apart from what they voted
-- (election_ballots), and a ballot carries no person, no time and a random id. See docs/elections.md.
-- People rows are deleted only by the demo reset (erasure keeps them, anonymised): hence the
-- cascades from people.

create table elections (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  role_en text not null check (length(role_en) between 1 and 150),
  role_cy text not null check (length(role_cy) between 1 and 150),
  description_en text check (length(description_en) <= 2000),
  description_cy text check (length(description_cy) <= 2000),
  seats integer not null default 1 check (seats between 1 and 20),
  -- may members nominate themselves?
  self_nomination boolean not null default true,
  -- connected: active people connected to the organisation or one below it;
  -- forum: those of them who took part in a forum there in the 12 months before voting opens
  electorate text not null check (electorate in ('connected', 'forum')),
  nominations_close_on date not null,
  voting_closes_on date not null,
  status text not null default 'nominations'
    check (status in ('nominations', 'voting', 'counting', 'published', 'cancelled')),
  created_by uuid references accounts (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  voting_opened_at timestamptz,
  voting_closed_at timestamptz,
  published_at timestamptz,
  check (voting_closes_on >= nominations_close_on)
);
create index elections_organisation_idx on elections (organisation_id, status, created_at desc);

-- Someone standing for election. One nomination per nominee; they accept or decline it.
create table election_nominations (
  id uuid primary key default gen_random_uuid(),
  election_id uuid not null references elections (id) on delete cascade,
  person_id uuid not null references people (id) on delete cascade,
  -- the member who nominated them, when known (the nominee themselves for a self-nomination)
  nominated_by_person_id uuid references people (id) on delete set null,
  method text not null check (method in ('portal', 'staff', 'paper')),
  status text not null default 'pending' check (status in ('pending', 'accepted', 'declined')),
  created_by uuid references accounts (id),
  created_at timestamptz not null default now(),
  responded_at timestamptz,
  unique (election_id, person_id)
);
create index election_nominations_person_idx on election_nominations (person_id);
create index election_nominations_nominator_idx on election_nominations (nominated_by_person_id)
  where nominated_by_person_id is not null;

-- A member's suggestion of someone else, by name (the portal never lists other members):
-- staff find the person and enter the nomination.
create table election_suggestions (
  id uuid primary key default gen_random_uuid(),
  election_id uuid not null references elections (id) on delete cascade,
  suggested_by uuid not null references people (id) on delete cascade,
  name text not null check (length(name) between 1 and 100),
  handled_at timestamptz,
  handled_by uuid references accounts (id),
  created_at timestamptz not null default now()
);
create index election_suggestions_election_idx on election_suggestions (election_id, created_at);
create index election_suggestions_person_idx on election_suggestions (suggested_by);

-- The electorate, fixed when voting opens, and whether each member has voted (portal or paper).
-- No time is kept: it could be matched with the order of ballots.
create table election_voters (
  election_id uuid not null references elections (id) on delete cascade,
  person_id uuid not null references people (id) on delete cascade,
  voted_via text check (voted_via in ('portal', 'paper')),
  primary key (election_id, person_id)
);
create index election_voters_person_idx on election_voters (person_id);

-- A ballot cast in the portal: no person, no time, a random id. Choices are nomination ids.
create table election_ballots (
  id uuid primary key default gen_random_uuid(),
  election_id uuid not null references elections (id) on delete cascade,
  choices uuid[] not null check (cardinality(choices) >= 1)
);
create index election_ballots_election_idx on election_ballots (election_id);

-- The count of paper ballots: entered by one member of staff, confirmed by a different one.
create table election_paper_tallies (
  election_id uuid primary key references elections (id) on delete cascade,
  ballots integer not null check (ballots >= 0),
  -- { "<nomination id>": votes }
  counts jsonb not null,
  entered_by uuid not null references accounts (id),
  entered_at timestamptz not null default now(),
  confirmed_by uuid references accounts (id),
  confirmed_at timestamptz,
  check (confirmed_by is null or confirmed_by <> entered_by)
);

-- The published result for each candidate.
create table election_results (
  election_id uuid not null references elections (id) on delete cascade,
  nomination_id uuid not null references election_nominations (id) on delete cascade,
  portal_votes integer not null,
  paper_votes integer not null,
  votes integer not null,
  elected boolean not null,
  -- tied with others for the last seat: the forum's own rules decide (for example, drawing lots)
  tied boolean not null default false,
  primary key (election_id, nomination_id)
);
