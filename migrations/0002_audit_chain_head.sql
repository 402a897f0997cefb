-- The audit log's chain head: the id and hash of the newest entry, moved forward in the same
-- statement that appends an entry. Appends lock this one row (SELECT ... FOR UPDATE), which
-- serialises them on every engine, and verification compares the newest entry with it, so
-- deleting the newest entries is detected as well as editing or deleting older ones.

create table audit_chain_head (
  singleton boolean primary key default true check (singleton),
  last_id bigint,
  hash text not null
);

insert into audit_chain_head (last_id, hash)
select
  (select id from audit_log order by id desc limit 1),
  coalesce((select hash from audit_log order by id desc limit 1), repeat('0', 64));

create function audit_chain_head_forward_only() returns trigger language plpgsql as $$
begin
  if tg_op <> 'UPDATE' then
    raise exception 'audit_chain_head cannot be deleted or truncated';
  end if;
  if new.last_id is null or (old.last_id is not null and new.last_id <= old.last_id) then
    raise exception 'audit_chain_head only moves forward';
  end if;
  return new;
end;
$$;
create trigger audit_chain_head_forward before update or delete on audit_chain_head
  for each row execute function audit_chain_head_forward_only();
create trigger audit_chain_head_no_truncate before truncate on audit_chain_head
  for each statement execute function audit_chain_head_forward_only();

-- The viewer pages newest first by id (keyset pagination), filtered by organisation, actor or action.
drop index audit_log_actor_idx;
drop index audit_log_organisation_idx;
create index audit_log_actor_id_idx on audit_log (actor_account_id, id desc);
create index audit_log_organisation_id_idx on audit_log (organisation_id, id desc);
create index audit_log_action_id_idx on audit_log (action, id desc);

-- The outbox page lists an organisation's messages newest first.
create index outbox_messages_organisation_idx on outbox_messages (organisation_id, created_at desc);
