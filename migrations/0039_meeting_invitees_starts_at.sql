-- "Replies outstanding" on the home page (issue 8): planned meetings in the next 7 days with
-- someone invited who has not replied. Asked for every organisation (a platform administrator),
-- it looked up the invitees of each of the week's meetings in the country (about 1,000 index
-- lookups, 1-1.5 ms of the 3 ms statement); the few invitees still to reply are found by their
-- meeting's start instead. Each invitee keeps a copy of its meeting's start, which triggers keep
-- true: copied when the invitee is added, and again when the meeting moves. (A count kept on the
-- meeting would lock the meeting's row from each reply, and could deadlock with a change to the
-- meeting and its invitees.)
alter table meeting_invitees add column meeting_starts_at timestamptz;

update meeting_invitees i set meeting_starts_at = m.starts_at from meetings m where m.id = i.meeting_id;

alter table meeting_invitees alter column meeting_starts_at set not null;

create function meeting_invitees_copy_starts_at() returns trigger
language plpgsql as $$
begin
  new.meeting_starts_at := (select m.starts_at from meetings m where m.id = new.meeting_id);
  return new;
end
$$;

create trigger meeting_invitees_copy_starts_at
  before insert or update of meeting_id on meeting_invitees
  for each row execute function meeting_invitees_copy_starts_at();

create function meetings_copy_starts_at() returns trigger
language plpgsql as $$
begin
  update meeting_invitees set meeting_starts_at = new.starts_at where meeting_id = new.id;
  return null;
end
$$;

create trigger meetings_copy_starts_at
  after update of starts_at on meetings
  for each row when (old.starts_at is distinct from new.starts_at)
  execute function meetings_copy_starts_at();

-- invited, no reply yet: few at any time, by their meeting's start
create index meeting_invitees_awaiting_reply_idx on meeting_invitees (meeting_starts_at)
  include (meeting_id)
  where invited_at is not null and reply is null;
