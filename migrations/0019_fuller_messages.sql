-- Discreet texts and e-mails (issue 13). A text or an e-mail's first lines can show on a locked
-- phone, so by default they name no service or organisation, no full name and nothing about
-- treatment: the detail is behind the portal link. A person who would rather have fuller texts
-- and e-mails can choose them (staff on the person's record, or the person in the portal).
alter table people add column fuller_messages boolean not null default false;
