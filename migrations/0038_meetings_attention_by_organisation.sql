-- "Needs your attention" for staff with an organisation scope (issue 8): the three meeting counts
-- (minutes overdue, papers due, replies outstanding) read the actor's organisations' meetings
-- without minutes, by organisation and end. Through `meetings_minutes_due_idx` (by end alone),
-- the plan PostgreSQL keeps for the home page's statement read the national range and kept the
-- few in scope (19,000 index entries for 17 meetings), so it planned the statement on every page
-- instead (docs/performance.md, "Counting up to 100, and a plan PostgreSQL keeps").
create index meetings_minutes_due_by_organisation_idx on meetings (organisation_id, ends_at)
  include (starts_at, minutes_due_days, papers_due_days, id)
  where minutes_published_at is null and status = 'planned';
