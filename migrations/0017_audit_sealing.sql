-- Audit entries are appended without a lock and sealed into the hash chain shortly afterwards.
-- Until now every append locked the chain head until its transaction committed, so every audited
-- request (viewing a person, the audit log...) queued behind the others. Now an append is one
-- INSERT; the sealer (src/platform/audit/audit-log.ts) takes the head's lock, gives the unsealed
-- entries their place in the chain (seq) and their hashes, and moves the head, in one
-- transaction. The chain runs in seq order; entries so far were chained in id order.

alter table audit_log add column seq bigint;
alter table audit_log alter column prev_hash drop not null;
alter table audit_log alter column hash drop not null;

alter table audit_log disable trigger audit_log_no_update;
update audit_log set seq = id;
alter table audit_log enable trigger audit_log_no_update;

create unique index audit_log_seq_idx on audit_log (seq);
create index audit_log_unsealed_idx on audit_log (id) where seq is null;
alter table audit_log add constraint audit_log_sealed_whole check (
  (seq is null and prev_hash is null and hash is null)
  or (seq is not null and prev_hash is not null and hash is not null));

-- Still append-only, with one exception: sealing an unsealed entry, which sets its place and
-- hashes and nothing else.
create or replace function audit_log_append_only() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and old.seq is null and new.seq is not null
     and (new.id, new.occurred_at, new.actor_account_id, new.action, new.subject_type,
          new.subject_id, new.organisation_id, new.details)
         is not distinct from
         (old.id, old.occurred_at, old.actor_account_id, old.action, old.subject_type,
          old.subject_id, old.organisation_id, old.details) then
    return new;
  end if;
  raise exception 'audit_log is append-only';
end;
$$;

alter table audit_chain_head add column last_seq bigint;
alter table audit_chain_head disable trigger audit_chain_head_forward;
update audit_chain_head set last_seq = last_id;
alter table audit_chain_head enable trigger audit_chain_head_forward;

create or replace function audit_chain_head_forward_only() returns trigger language plpgsql as $$
begin
  if tg_op <> 'UPDATE' then
    raise exception 'audit_chain_head cannot be deleted or truncated';
  end if;
  if new.last_seq is null or (old.last_seq is not null and new.last_seq <= old.last_seq) then
    raise exception 'audit_chain_head only moves forward';
  end if;
  return new;
end;
$$;
