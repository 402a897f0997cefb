-- Invitations to meetings (issue 10 item 6): the link in each invitation that lets the person
-- reply without signing in (stored hashed, like every token), and which reminders each invitee
-- has been sent (so the reminder job never sends one twice).
create table meeting_reply_tokens (
  invitee_id uuid primary key references meeting_invitees (id) on delete cascade,
  -- sha256 of the token, hex (platform/auth/tokens.ts hashToken)
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  -- links stop working a while after the meeting
  expires_at timestamptz not null
);

create table meeting_reminders_sent (
  invitee_id uuid not null references meeting_invitees (id) on delete cascade,
  -- the reminder rule's key (invitations/reminders.ts), e.g. two_days, morning
  reminder_key text not null check (length(reminder_key) between 1 and 40),
  sent_at timestamptz not null default now(),
  primary key (invitee_id, reminder_key)
);

-- replies outstanding, invitations not yet sent: per meeting
create index meeting_invitees_meeting_idx on meeting_invitees (meeting_id, reply, invited_at);
