-- Surveys and exit questionnaires (issue 12 item 6): built by staff one question at a time, shared
-- as a draft with a forum for comment, then answered one question a page on a phone (a short link
-- for anyone, anonymous; the portal, anonymous or named), in Welsh or English. Free-text answers
-- can become feedback items in the organisation's inbox.

create table surveys (
  id uuid primary key default gen_random_uuid(),
  -- the organisation that runs it (a service, a provider or a region)
  organisation_id uuid not null references organisations (id),
  -- an exit questionnaire is offered when someone leaves a service
  kind text not null default 'survey' check (kind in ('survey', 'exit')),
  title_en text not null check (length(title_en) between 1 and 150),
  title_cy text not null default '' check (length(title_cy) <= 150),
  intro_en text not null default '' check (length(intro_en) <= 1000),
  intro_cy text not null default '' check (length(intro_cy) <= 1000),
  -- draft (built and commented on) → live (answered) → closed (answers refused); may reopen
  status text not null default 'draft' check (status in ('draft', 'live', 'closed')),
  -- the short link /s/<code>, given when it first goes live (letters and digits not mistaken)
  code text unique check (code ~ '^[a-hjkmnp-z2-9]{5,8}$'),
  -- the forum (an organisation of kind group) its draft is shared with for comment
  forum_id uuid references organisations (id) on delete set null,
  shared_at timestamptz,
  -- answers are refused from this day on (the survey closes itself)
  closes_on date,
  opened_at timestamptz,
  closed_at timestamptz,
  created_by uuid references accounts (id) on delete set null,
  created_at timestamptz not null default now(),
  version integer not null default 1,
  check ((status = 'draft') or code is not null)
);
create index surveys_organisation_idx on surveys (organisation_id, created_at desc);
create index surveys_forum_idx on surveys (forum_id) where forum_id is not null;
create index surveys_created_by_idx on surveys (created_by) where created_by is not null;

create table survey_questions (
  id uuid primary key default gen_random_uuid(),
  survey_id uuid not null references surveys (id) on delete cascade,
  -- 1, 2, 3...: the page it is asked on
  position smallint not null check (position between 1 and 50),
  kind text not null check (kind in ('single', 'multiple', 'scale', 'text')),
  text_en text not null check (length(text_en) between 1 and 300),
  text_cy text not null default '' check (length(text_cy) <= 300),
  hint_en text not null default '' check (length(hint_en) <= 300),
  hint_cy text not null default '' check (length(hint_cy) <= 300),
  required boolean not null default false,
  -- a choice question's options, in order, in both languages (the same length)
  options_en text[] not null default '{}',
  options_cy text[] not null default '{}',
  -- a scale from 1 to scale_points, its ends named
  scale_points smallint check (scale_points between 3 and 10),
  low_en text not null default '' check (length(low_en) <= 60),
  low_cy text not null default '' check (length(low_cy) <= 60),
  high_en text not null default '' check (length(high_en) <= 60),
  high_cy text not null default '' check (length(high_cy) <= 60),
  check (cardinality(options_en) = cardinality(options_cy)),
  check ((kind in ('single', 'multiple')) = (cardinality(options_en) between 2 and 12)),
  check ((kind = 'scale') = (scale_points is not null)),
  unique (survey_id, position) deferrable initially deferred
);

create table survey_responses (
  id uuid primary key default gen_random_uuid(),
  survey_id uuid not null references surveys (id) on delete cascade,
  -- named answers: the person who answered in the portal and chose to give their name (or staff
  -- typed in their paper form); null for every anonymous answer
  person_id uuid references people (id) on delete set null,
  channel text not null check (channel in ('web', 'portal', 'paper')),
  language text not null default 'en' check (language in ('en', 'cy')),
  answered_at timestamptz not null default now(),
  recorded_by uuid references accounts (id) on delete set null
);
create index survey_responses_survey_idx on survey_responses (survey_id, answered_at desc);
create index survey_responses_person_idx on survey_responses (person_id)
  where person_id is not null;
create index survey_responses_recorded_by_idx on survey_responses (recorded_by)
  where recorded_by is not null;

create table survey_answers (
  response_id uuid not null references survey_responses (id) on delete cascade,
  question_id uuid not null references survey_questions (id) on delete cascade,
  -- a choice question's options chosen (0-based), a scale's point, or free text
  choices smallint[],
  scale smallint,
  text text check (length(text) between 1 and 5000),
  -- the feedback item a free-text answer was made into
  feedback_item_id uuid references feedback_items (id) on delete set null,
  primary key (response_id, question_id),
  check (num_nonnulls(choices, scale, text) = 1)
);
create index survey_answers_question_idx on survey_answers (question_id);
create index survey_answers_item_idx on survey_answers (feedback_item_id)
  where feedback_item_id is not null;

-- What the forum said about a draft: a member in the portal, or staff noting it at a meeting.
create table survey_comments (
  id uuid primary key default gen_random_uuid(),
  survey_id uuid not null references surveys (id) on delete cascade,
  person_id uuid references people (id) on delete set null,
  account_id uuid references accounts (id) on delete set null,
  body text not null check (length(body) between 1 and 2000),
  created_at timestamptz not null default now()
);
create index survey_comments_survey_idx on survey_comments (survey_id, created_at);
create index survey_comments_person_idx on survey_comments (person_id) where person_id is not null;
create index survey_comments_account_idx on survey_comments (account_id)
  where account_id is not null;
