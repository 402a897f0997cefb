-- Time credits (issue 11 item 7; WF 3.11 timebank case): a scheme per organisation, offers to
-- spend credits on, and a ledger per person whose balance the database keeps.
--
-- Credits are stored as whole hundredths of a credit (integers, like pence), so half credits and
-- part-hours are exact and no arithmetic is done in floating point. Every amount a person types
-- is a whole or half credit (a multiple of 50 hundredths).

create table credit_schemes (
  organisation_id uuid primary key references organisations (id),
  enabled boolean not null default true,
  -- hundredths of a credit earned per hour of involvement (default one credit an hour)
  credits_per_hour integer not null default 100
    check (credits_per_hour between 50 and 1000 and credits_per_hour % 50 = 0),
  transfers_allowed boolean not null default false,
  donations_allowed boolean not null default false,
  -- how far below zero a balance may go (0: never negative), in hundredths
  min_balance integer not null default 0
    check (min_balance between -10000 and 0 and min_balance % 50 = 0),
  updated_by uuid references accounts (id),
  updated_at timestamptz not null default now()
);

-- What credits can be spent on at the organisation (WF 3.11: cinema, arts centre, castle, café).
create table credit_offers (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references credit_schemes (organisation_id),
  title_en text not null check (length(title_en) between 1 and 150),
  title_cy text not null check (length(title_cy) between 1 and 150),
  cost integer not null check (cost between 50 and 100000 and cost % 50 = 0),
  retired_at timestamptz,
  created_by uuid references accounts (id),
  created_at timestamptz not null default now()
);
create index credit_offers_organisation on credit_offers (organisation_id, title_en);

-- One account per person per scheme. Its balance is written only by the trigger on
-- credit_entries below; the CHECK refuses any entry that would take it under the scheme's minimum.
create table credit_accounts (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references credit_schemes (organisation_id),
  person_id uuid not null references people (id),
  balance integer not null default 0,
  min_balance integer not null default 0,
  created_at timestamptz not null default now(),
  unique (organisation_id, person_id),
  constraint credit_accounts_balance_check check (balance >= min_balance)
);
create index credit_accounts_person on credit_accounts (person_id);

-- The ledger: entries are never changed or deleted; a mistake is put right by a reversal entry.
create table credit_entries (
  id uuid primary key default gen_random_uuid(),
  account_id uuid not null references credit_accounts (id),
  person_id uuid not null references people (id),
  organisation_id uuid not null references credit_schemes (organisation_id),
  kind text not null check (kind in (
    'earned', 'spent', 'transfer_in', 'transfer_out', 'donated', 'adjustment', 'reversal')),
  amount integer not null check (amount between -100000 and 100000),
  -- the balance after this entry, set by the trigger
  balance_after integer not null default 0,
  occurred_on date not null default (now() at time zone 'Europe/London')::date,
  reason text check (length(reason) <= 300),
  -- what it came from: an involvement record (no foreign key: that table belongs to the
  -- involvement capability, and a withdrawn record leaves the credit to be reversed by staff),
  -- an offer, the other person's entry of a transfer, the entry a reversal undoes
  involvement_record_id uuid,
  offer_id uuid references credit_offers (id),
  counterpart_entry_id uuid references credit_entries (id),
  reverses_entry_id uuid unique references credit_entries (id),
  recorded_by uuid references accounts (id),
  recorded_via text not null default 'staff' check (recorded_via in ('staff', 'portal')),
  created_at timestamptz not null default now(),
  constraint credit_entries_sign check (
    (kind in ('earned', 'transfer_in') and amount > 0)
    or (kind in ('spent', 'transfer_out', 'donated') and amount < 0)
    or (kind in ('adjustment', 'reversal') and amount <> 0)),
  check (kind <> 'earned' or involvement_record_id is not null),
  check (kind <> 'spent' or offer_id is not null),
  check (kind <> 'transfer_in' or counterpart_entry_id is not null),
  check ((kind = 'reversal') = (reverses_entry_id is not null))
);
-- credits are earned once per involvement record
create unique index credit_entries_earned_once on credit_entries (involvement_record_id)
  where kind = 'earned';
create index credit_entries_account on credit_entries (account_id, created_at desc, id);
create index credit_entries_person on credit_entries (person_id);

-- The demo reset (and nothing else) may remove ledgers: it sets cyd.credits_reset in its
-- transaction.
create function credit_reset_allowed() returns boolean language sql stable as $$
  select coalesce(current_setting('cyd.credits_reset', true), '') = 'on'
$$;

-- An account opens at zero with its scheme's minimum; its balance and minimum change only from
-- the triggers (an entry, or the scheme's minimum changing).
create function credit_accounts_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    if new.balance <> 0 then
      raise exception 'a credit account opens at zero' using errcode = 'check_violation';
    end if;
    select min_balance into strict new.min_balance from credit_schemes
      where organisation_id = new.organisation_id;
    return new;
  elsif tg_op = 'DELETE' then
    if not credit_reset_allowed() then
      raise exception 'credit accounts are never deleted';
    end if;
    return old;
  end if;
  if (new.person_id, new.organisation_id) is distinct from (old.person_id, old.organisation_id)
    or ((new.balance, new.min_balance) is distinct from (old.balance, old.min_balance)
      and pg_trigger_depth() < 2) then
    raise exception 'a credit account changes only through its ledger entries';
  end if;
  return new;
end $$;
create trigger credit_accounts_guard before insert or update or delete on credit_accounts
  for each row execute function credit_accounts_guard();

create function credit_schemes_minimum() returns trigger language plpgsql as $$
begin
  update credit_accounts set min_balance = new.min_balance
    where organisation_id = new.organisation_id and min_balance <> new.min_balance;
  return null;
end $$;
create trigger credit_schemes_minimum after update of min_balance on credit_schemes
  for each row execute function credit_schemes_minimum();

-- Each entry moves its account's balance (the CHECK there refuses going under the minimum) and
-- records the balance after it; a reversal undoes exactly one entry of the same account; the two
-- sides of a transfer match.
create function credit_entries_post() returns trigger language plpgsql as $$
declare
  other credit_entries%rowtype;
begin
  if new.kind = 'reversal' then
    select * into other from credit_entries where id = new.reverses_entry_id;
    if other.account_id is distinct from new.account_id or other.amount <> -new.amount
      or other.kind in ('reversal', 'transfer_in', 'transfer_out') then
      raise exception 'a reversal undoes one earlier entry of the same account, in full'
        using errcode = 'check_violation';
    end if;
  elsif new.kind = 'transfer_in' then
    select * into other from credit_entries where id = new.counterpart_entry_id;
    if other.kind is distinct from 'transfer_out' or other.amount <> -new.amount
      or other.organisation_id <> new.organisation_id or other.account_id = new.account_id then
      raise exception 'a transfer in matches a transfer out of another account in the scheme'
        using errcode = 'check_violation';
    end if;
  end if;
  update credit_accounts set balance = balance + new.amount
    where id = new.account_id and person_id = new.person_id
      and organisation_id = new.organisation_id
    returning balance into new.balance_after;
  if not found then
    raise exception 'a credit entry belongs to its person''s account in the scheme'
      using errcode = 'foreign_key_violation';
  end if;
  return new;
end $$;
create trigger credit_entries_post before insert on credit_entries
  for each row execute function credit_entries_post();

create function credit_entries_immutable() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' and credit_reset_allowed() then
    return old;
  end if;
  raise exception 'credit entries are never changed or deleted: record a reversal instead';
end $$;
create trigger credit_entries_immutable before update or delete on credit_entries
  for each row execute function credit_entries_immutable();
create trigger credit_entries_no_truncate before truncate on credit_entries
  for each statement execute function credit_entries_immutable();
create trigger credit_accounts_no_truncate before truncate on credit_accounts
  for each statement execute function credit_entries_immutable();
