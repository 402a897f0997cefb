-- Safe contact and the people's portal (issue 3, items 2 and 10).

-- How many times the dispatcher has tried a message (it gives up after a few), and whether its
-- personalisation is secret (a sign-in code): cleared once the message has gone.
alter table person_messages add column attempts integer not null default 0;
alter table person_messages add column sensitive boolean not null default false;
-- Messages a named worker must deliver by hand (phone, in person): the staff task list.
create index person_messages_task_idx on person_messages (organisation_id, created_at)
  where status = 'blocked' and reason = 'needs_person';

-- Requests people make from the portal to be paused or removed: staff act on them.
create table person_requests (
  id uuid primary key default gen_random_uuid(),
  person_id uuid not null references people (id) on delete cascade,
  organisation_id uuid not null references organisations (id),
  kind text not null check (kind in ('pause', 'remove')),
  note text check (length(note) <= 500),
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by uuid references accounts (id)
);
create index person_requests_open_idx on person_requests (organisation_id, created_at)
  where resolved_at is null;
create index person_requests_person_idx on person_requests (person_id, created_at desc);
