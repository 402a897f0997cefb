-- Selection (issue 4): what support a person says they need to take part, given with their
-- expression of interest (in the portal, or to staff on the phone or on paper).
alter table expressions_of_interest
  add column support_needed text check (length(support_needed) <= 1000);

-- The fairness check reads the most recent places filled in an organisation's subtree.
create index expressions_of_interest_decided_idx on expressions_of_interest (decided_at desc)
  where status = 'selected';
