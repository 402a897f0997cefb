-- Consultation events (issue 10 item 9, WF 3.11 Wrexham case): a few questions, notes from the
-- small groups entered on the day, and a same-day summary sent to the providers and
-- commissioners concerned. Notes are what groups said, not who said it: no personal data.
create table consultation_questions (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references meetings (id) on delete cascade,
  position smallint not null,
  text_en text not null check (length(text_en) between 1 and 500),
  text_cy text not null check (length(text_cy) between 1 and 500),
  unique (meeting_id, position)
);

create table consultation_notes (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references meetings (id) on delete cascade,
  question_id uuid references consultation_questions (id) on delete set null,
  -- the small group, e.g. "Table 3"
  group_label text not null check (length(group_label) between 1 and 100),
  note text not null check (length(note) between 1 and 4000),
  created_by uuid references accounts (id),
  created_at timestamptz not null default now()
);
create index consultation_notes_meeting_idx on consultation_notes (meeting_id, question_id, created_at);

-- Each time the summary was sent, and to how many staff at which organisations.
create table consultation_summaries (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references meetings (id) on delete cascade,
  organisation_ids uuid[] not null,
  recipients integer not null,
  sent_by uuid references accounts (id),
  sent_at timestamptz not null default now()
);
create index consultation_summaries_meeting_idx on consultation_summaries (meeting_id, sent_at);
