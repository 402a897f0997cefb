-- Matching an open opportunity to people (issue 4): what the last run of the opportunity.match
-- job found — how many matched, were told, and were not told for each reason (counts only, no
-- personal data). opportunity_invitations keeps a row only for each person told (or handed to a
-- worker to phone or visit), which is what stops anyone being told twice.
alter table opportunities add column match_summary jsonb;
alter table opportunities add column matched_at timestamptz;
