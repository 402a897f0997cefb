-- Meeting papers and minutes (issue 10 item 4): what was uploaded, in which language and format,
-- with a plain-language summary; the bytes apart, in PostgreSQL (docs/decisions/0009).

create table meeting_papers (
  id uuid primary key default gen_random_uuid(),
  meeting_id uuid not null references meetings (id) on delete cascade,
  -- a paper sent before the meeting, or its minutes
  kind text not null check (kind in ('agenda_paper', 'minutes')),
  title_en text not null check (length(title_en) between 1 and 150),
  title_cy text not null check (length(title_cy) between 1 and 150),
  -- the language the file is written in (a Welsh and an English version are two papers)
  language text not null check (language in ('en', 'cy')),
  format text not null default 'standard' check (format in ('standard', 'large_print', 'easy_read')),
  summary_en text check (length(summary_en) <= 2000),
  summary_cy text check (length(summary_cy) <= 2000),
  -- the name it was uploaded under, made safe (no path, no control characters)
  file_name text not null check (length(file_name) between 1 and 200),
  -- decided from the bytes, never from the name or the browser's word
  media_type text not null check (media_type in ('application/pdf',
    'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    'application/vnd.oasis.opendocument.text')),
  size_bytes integer not null check (size_bytes > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  uploaded_by uuid references accounts (id),
  uploaded_at timestamptz not null default now(),
  -- minutes only: when they were published
  published_at timestamptz,
  check (kind = 'minutes' or published_at is null)
);
create index meeting_papers_meeting_idx on meeting_papers (meeting_id, kind, uploaded_at);

-- The bytes, one row per paper, replaced with the paper; read only to download.
create table meeting_paper_files (
  paper_id uuid primary key references meeting_papers (id) on delete cascade,
  content bytea not null
);
