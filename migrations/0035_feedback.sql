-- Feedback from every channel, and "you said, we did" (issue 12). One inbox per service; items
-- from the public form, text messages, cards, surveys, experience logs, stories, the portal and
-- staff; triage, the loop to a published outcome, complaints with deadlines in working days and
-- escalation to the commissioner.

-- A service's inbox: the short link of its poster (/f/<code>) and its text-message keyword.
create table feedback_inboxes (
  organisation_id uuid primary key references organisations (id) on delete cascade,
  -- lower-case letters and digits without look-alikes (no 0, o, 1, l, i)
  code text not null unique check (code ~ '^[a-hjkmnp-z2-9]{5,8}$'),
  -- the first word of a text message that reaches this inbox (upper case, matched without case)
  keyword text unique check (keyword ~ '^[A-Z][A-Z0-9]{2,19}$'),
  enabled boolean not null default true,
  created_at timestamptz not null default now()
);

-- Themes people's feedback is about, kept by administrators in both languages; an organisation's
-- themes are offered to it and to every organisation below it (null: everywhere).
create table feedback_themes (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid references organisations (id) on delete cascade,
  name_en text not null check (length(name_en) between 1 and 80),
  name_cy text not null check (length(name_cy) between 1 and 80),
  archived_at timestamptz,
  created_at timestamptz not null default now()
);
create index feedback_themes_organisation_idx on feedback_themes (organisation_id);

-- Feedback settings per organisation (the nearest organisation above a service that has set them
-- applies): complaint timescales counted in working days of its nation, the commissioner overdue
-- complaints go to, and the safeguarding lead who alone (with administrators) sees safeguarding
-- items.
create table feedback_settings (
  organisation_id uuid primary key references organisations (id) on delete cascade,
  acknowledge_days smallint not null default 2 check (acknowledge_days between 1 and 30),
  respond_days smallint not null default 20 check (respond_days between 1 and 120),
  nation text not null default 'england-and-wales'
    check (nation in ('england-and-wales', 'scotland', 'northern-ireland')),
  -- the commissioner's organisation that overdue complaints (or those the person asks) go to
  commissioner_organisation_id uuid references organisations (id) on delete set null,
  safeguarding_lead_id uuid references accounts (id) on delete set null,
  updated_by uuid references accounts (id) on delete set null,
  updated_at timestamptz not null default now()
);

-- Bank holidays by UK nation: data an administrator can update, shipped for the coming years.
create table working_day_holidays (
  nation text not null check (nation in ('england-and-wales', 'scotland', 'northern-ireland')),
  day date not null,
  name_en text not null check (length(name_en) between 1 and 100),
  name_cy text not null check (length(name_cy) between 1 and 100),
  primary key (nation, day)
);

create sequence feedback_item_number;

create table feedback_items (
  id uuid primary key default gen_random_uuid(),
  -- shown as F-000123
  number integer not null unique default nextval('feedback_item_number'),
  -- the service whose inbox it is in
  organisation_id uuid not null references organisations (id),
  channel text not null check (channel in
    ('web', 'sms', 'card', 'survey', 'experience_log', 'story', 'portal', 'staff')),
  kind text not null check (kind in ('suggestion', 'concern', 'compliment', 'complaint', 'question')),
  -- what the person said, as text only (never rendered as HTML); a story may be long
  body text not null check (length(body) between 1 and 10000),
  language text not null default 'en' check (language in ('en', 'cy')),
  -- what an anonymous contributor uses to look their item up (unambiguous letters and digits)
  receipt_code text not null unique check (receipt_code ~ '^[A-HJ-NP-Z2-9]{8}$'),
  -- a named contributor: someone on the register (the portal, or recorded by staff for them)
  person_id uuid references people (id) on delete set null,
  -- contact details left on the anonymous form, encrypted like the register's protected fields,
  -- kept only until the contributor has been told the outcome
  contact_encrypted text,
  urgency text not null default 'normal' check (urgency in ('normal', 'urgent')),
  -- a safeguarding concern: seen only by the named lead and administrators
  safeguarding boolean not null default false,
  safeguarding_lead_id uuid references accounts (id) on delete set null,
  owner_account_id uuid references accounts (id) on delete set null,
  merged_into_id uuid references feedback_items (id),
  status text not null default 'received' check (status in
    ('received', 'acknowledged', 'looking', 'decided', 'published', 'closed')),
  -- the outcome, in plain words in both languages: done; will do by a date; can't do, and why
  outcome text check (outcome in ('done', 'will_do', 'cant_do')),
  outcome_due_on date,
  outcome_en text check (length(outcome_en) <= 2000),
  outcome_cy text check (length(outcome_cy) <= 2000),
  -- a quote may be published only with consent, and only as staff redacted it
  quote_consent boolean not null default false,
  quote_en text check (length(quote_en) <= 500),
  quote_cy text check (length(quote_cy) <= 500),
  -- complaints: deadlines in working days from receipt, and escalation to the commissioner
  acknowledge_by date,
  respond_by date,
  escalated_at timestamptz,
  escalated_reason text check (escalated_reason in ('acknowledge_overdue', 'respond_overdue', 'asked')),
  received_at timestamptz not null default now(),
  acknowledged_at timestamptz,
  decided_at timestamptz,
  published_at timestamptz,
  -- the contributor was told the outcome (once)
  told_at timestamptz,
  recorded_by uuid references accounts (id) on delete set null,
  version integer not null default 1,
  -- "will do" names the day it will be done by; the other outcomes name none
  check (outcome is null or (outcome = 'will_do') = (outcome_due_on is not null))
);
-- the inbox: a service's items, newest first, by status; the columns the inbox filters on are
-- included so that its scans and its capped count are index-only (docs/feedback.md)
create index feedback_items_inbox_idx on feedback_items
  (organisation_id, status, received_at desc, number desc)
  include (merged_into_id, safeguarding, safeguarding_lead_id);
-- the items merged into an item (its page), and the self-reference's check on delete
create index feedback_items_merged_idx on feedback_items (merged_into_id)
  where merged_into_id is not null;
-- the accounts an item points at: an account's removal checks them by these
create index feedback_items_owner_idx on feedback_items (owner_account_id)
  where owner_account_id is not null;
create index feedback_items_recorded_by_idx on feedback_items (recorded_by)
  where recorded_by is not null;
-- the published outcomes of a service, newest first (its "you said, we did" board)
create index feedback_items_board_idx on feedback_items (organisation_id, published_at desc)
  include (id, outcome)
  where status = 'published' and published_at is not null and not safeguarding
    and merged_into_id is null;
-- a safeguarding lead's items (and the account's foreign key)
create index feedback_items_safeguarding_idx on feedback_items (safeguarding_lead_id)
  where safeguarding_lead_id is not null;
create index feedback_items_person_idx on feedback_items (person_id) where person_id is not null;
-- complaints waiting on a deadline
create index feedback_items_deadline_idx on feedback_items (acknowledge_by, respond_by)
  where kind = 'complaint' and escalated_at is null and status in ('received', 'acknowledged', 'looking');

create table feedback_item_themes (
  item_id uuid not null references feedback_items (id) on delete cascade,
  theme_id uuid not null references feedback_themes (id),
  primary key (item_id, theme_id)
);
create index feedback_item_themes_theme_idx on feedback_item_themes (theme_id);

-- A photo of a card from the suggestions box, if staff keep one (type checked from the bytes).
create table feedback_card_photos (
  item_id uuid primary key references feedback_items (id) on delete cascade,
  media_type text not null check (media_type in ('image/jpeg', 'image/png', 'image/webp', 'image/heic')),
  byte_size integer not null check (byte_size between 1 and 10485760),
  content bytea not null,
  added_by uuid references accounts (id) on delete set null,
  added_at timestamptz not null default now()
);

-- Flood control for the public form and the text service: counts under a keyed hash (HMAC) of
-- the client address and the inbox, for a short window; no address is stored, and rows are
-- deleted when their window has passed.
create table feedback_rate_windows (
  key text primary key,
  window_started_at timestamptz not null default now(),
  count integer not null default 0
);
create index feedback_rate_windows_started_idx on feedback_rate_windows (window_started_at);

-- England and Wales share their bank holidays; Scotland and Northern Ireland are added by an
-- administrator when a service there uses Cyd. Substitute days where a holiday falls at a weekend.
insert into working_day_holidays (nation, day, name_en, name_cy) values
  ('england-and-wales', '2026-01-01', 'New Year''s Day', 'Dydd Calan'),
  ('england-and-wales', '2026-04-03', 'Good Friday', 'Dydd Gwener y Groglith'),
  ('england-and-wales', '2026-04-06', 'Easter Monday', 'Dydd Llun y Pasg'),
  ('england-and-wales', '2026-05-04', 'Early May bank holiday', 'Gŵyl y banc dechrau Mai'),
  ('england-and-wales', '2026-05-25', 'Spring bank holiday', 'Gŵyl y banc y gwanwyn'),
  ('england-and-wales', '2026-08-31', 'Summer bank holiday', 'Gŵyl y banc yr haf'),
  ('england-and-wales', '2026-12-25', 'Christmas Day', 'Dydd Nadolig'),
  ('england-and-wales', '2026-12-28', 'Boxing Day (substitute day)', 'Gŵyl San Steffan (diwrnod yn lle)'),
  ('england-and-wales', '2027-01-01', 'New Year''s Day', 'Dydd Calan'),
  ('england-and-wales', '2027-03-26', 'Good Friday', 'Dydd Gwener y Groglith'),
  ('england-and-wales', '2027-03-29', 'Easter Monday', 'Dydd Llun y Pasg'),
  ('england-and-wales', '2027-05-03', 'Early May bank holiday', 'Gŵyl y banc dechrau Mai'),
  ('england-and-wales', '2027-05-31', 'Spring bank holiday', 'Gŵyl y banc y gwanwyn'),
  ('england-and-wales', '2027-08-30', 'Summer bank holiday', 'Gŵyl y banc yr haf'),
  ('england-and-wales', '2027-12-27', 'Christmas Day (substitute day)', 'Dydd Nadolig (diwrnod yn lle)'),
  ('england-and-wales', '2027-12-28', 'Boxing Day (substitute day)', 'Gŵyl San Steffan (diwrnod yn lle)'),
  ('england-and-wales', '2028-01-03', 'New Year''s Day (substitute day)', 'Dydd Calan (diwrnod yn lle)'),
  ('england-and-wales', '2028-04-14', 'Good Friday', 'Dydd Gwener y Groglith'),
  ('england-and-wales', '2028-04-17', 'Easter Monday', 'Dydd Llun y Pasg'),
  ('england-and-wales', '2028-05-01', 'Early May bank holiday', 'Gŵyl y banc dechrau Mai'),
  ('england-and-wales', '2028-05-29', 'Spring bank holiday', 'Gŵyl y banc y gwanwyn'),
  ('england-and-wales', '2028-08-28', 'Summer bank holiday', 'Gŵyl y banc yr haf'),
  ('england-and-wales', '2028-12-25', 'Christmas Day', 'Dydd Nadolig'),
  ('england-and-wales', '2028-12-26', 'Boxing Day', 'Gŵyl San Steffan');
