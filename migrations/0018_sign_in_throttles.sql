-- Staff sign-in throttles (issue 9). Failed passwords used to count on the account row and lock
-- it: a known address then answered "locked" where an unknown one did not, and anyone who knew a
-- colleague's e-mail address could lock them out at will. Failures now count here, under keys
-- that are keyed hashes (HMAC) of what was typed, so an address with no account is counted and
-- answered exactly as one with an account, and no e-mail or network address is stored:
--   - 'pair:'    the e-mail address typed, from one client address: a few free tries, then
--                pauses that double (1, 2, 4, 8, 15 minutes); the right password from there
--                clears them, and a completed sign-in (or a reset link used there) trusts that
--                pair for 90 days (trusted_until).
--   - 'email:'   the e-mail address typed, from anywhere: many failures in a short window (a
--                spread attack) pause it for every client address it has not been trusted from.
create table sign_in_throttles (
  key text primary key,
  failures integer not null default 0,
  window_started_at timestamptz not null default now(),
  blocked_until timestamptz,
  trusted_until timestamptz,
  updated_at timestamptz not null default now()
);

-- The hourly prune finds rows nobody has needed for a day.
create index sign_in_throttles_updated_idx on sign_in_throttles (updated_at);
