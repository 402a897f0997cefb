-- Advances settled after the day (issue 11 item 2, WF 3.3): what the person actually spent,
-- recorded when staff settle an advance paid before the day; the difference (owed to the person,
-- or to be paid back) is what was spent less the expenses paid.
alter table money_claims
  add column advance_spent_pence integer check (advance_spent_pence between 0 and 10000000),
  add check (advance_reconciled_at is null or advance_spent_pence is not null);
