-- "Needs your attention" at national scale (issue 8): the home page counts every provider's
-- items in one statement, so each count must be cheap for a platform administrator, who sees
-- every organisation. Measured on 1,000,000 feedback items, 200,000 meetings and 400,000 claims,
-- five counts read table rows by the thousand: three scanned a whole table, two fetched every
-- meeting the index found (docs/performance.md, "What was done for the home page").

-- The open feedback items (a few per cent of them), with what the inbox's attention counts look
-- at, so that counting them is an index-only scan of the open items alone.
create index feedback_items_open_idx on feedback_items (organisation_id, status)
  include (kind, acknowledge_by, respond_by, safeguarding, safeguarding_lead_id)
  where merged_into_id is null and status in ('received', 'acknowledged', 'looking');

-- Meetings without minutes (planned): the same key and rows as before, now with the columns the
-- meeting counts (minutes overdue, papers due, replies outstanding) test, so they read no rows.
drop index meetings_minutes_due_idx;
create index meetings_minutes_due_idx on meetings (ends_at)
  include (starts_at, minutes_due_days, papers_due_days, organisation_id, id)
  where minutes_published_at is null and status = 'planned';

-- Claims waiting for someone: to approve (submitted) and to pay (approved). Most claims are paid,
-- so these are few; the organisation index cannot find them without its organisation.
create index money_claims_waiting_idx on money_claims (status, organisation_id)
  where status in ('submitted', 'approved');

-- Advances paid and not yet settled.
create index money_claims_advances_idx on money_claims (organisation_id, occurred_on)
  where is_advance and status = 'paid' and advance_reconciled_at is null;
