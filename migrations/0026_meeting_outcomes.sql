-- What came of a meeting (issue 10 item 8): decisions taken and actions agreed, in plain words in
-- both languages, each action with an owner and a due date. People invited see them on the portal;
-- staff see actions they own (and overdue ones) on "needs your attention".
create table meeting_outcomes (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references meetings (id) on delete cascade,
  kind text not null check (kind in ('decision', 'action')),
  text_en text not null check (length(text_en) between 1 and 1000),
  text_cy text not null check (length(text_cy) between 1 and 1000),
  -- actions: who will do it (a member of staff) and by when
  owner_account_id uuid references accounts (id),
  due_on date,
  done_at timestamptz,
  done_by uuid references accounts (id),
  created_by uuid references accounts (id),
  created_at timestamptz not null default now(),
  check (kind = 'action' or (owner_account_id is null and due_on is null and done_at is null))
);
create index meeting_outcomes_meeting_idx on meeting_outcomes (meeting_id, kind, created_at);
create index meeting_outcomes_open_actions_idx on meeting_outcomes (owner_account_id, due_on)
  where kind = 'action' and done_at is null;
