-- Accounts: replay protection for TOTP codes, and quick look-ups for staff management.

-- The last TOTP time step accepted for the account: a code from that step or an earlier one is
-- refused, so a code cannot be used twice within its window.
alter table accounts add column totp_last_time_step bigint;

-- Outstanding links of an account by purpose (resending an invitation, ending reset links).
create index account_tokens_account_purpose_idx on account_tokens (account_id, purpose)
  where used_at is null;

-- Staff lists are ordered by name within the organisations in scope.
create index accounts_name_idx on accounts (lower(name), id);
