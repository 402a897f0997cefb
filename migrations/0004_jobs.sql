-- The in-process job queue used on the embedded database (PGlite); see
-- docs/decisions/0004-background-jobs.md. On native PostgreSQL pg-boss keeps its jobs in its own
-- schema (pgboss) and this table stays empty. Scheduled slots are claimed in job_runs (0001).
create table job_queue (
  id uuid primary key,
  name text not null,
  data jsonb not null default '{}',
  -- idempotency key: one job per (name, key) while the row is kept
  singleton_key text,
  state text not null default 'created'
    check (state in ('created', 'active', 'completed', 'failed')),
  -- attempts so far; a job may run retry_limit + 1 times in all
  attempts integer not null default 0,
  retry_limit integer not null,
  retry_delay_seconds integer not null,
  expire_seconds integer not null,
  start_after timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz,
  last_error text,
  created_at timestamptz not null default now()
);
create index job_queue_due_idx on job_queue (start_after) where state = 'created';
create index job_queue_active_idx on job_queue (started_at) where state = 'active';
create index job_queue_finished_idx on job_queue (finished_at) where state in ('completed', 'failed');
create unique index job_queue_singleton_idx on job_queue (name, singleton_key)
  where singleton_key is not null;
