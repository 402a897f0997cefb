-- Register search for commissioners (issue 3 budget): a commissioner sees a person only with a
-- live `share_identified` consent. Checking that consent row by row made broad searches and counts
-- slow at 100,000 people, so the database keeps `identified_scope_ids` — the person's scope_ids
-- while that consent is live, otherwise empty — with a GIN index, like scope_ids. Triggers keep it
-- right whatever changes the consents or the person's connections (service, import, seed, erasure).
alter table people add column identified_scope_ids uuid[] not null default '{}';

create function people_identified_scope_of(person uuid, scope uuid[]) returns uuid[]
language sql stable as $$
  select case when exists (select 1 from consents c where c.person_id = person
    and c.purpose = 'share_identified' and c.withdrawn_at is null) then scope else '{}'::uuid[] end
$$;

create function people_set_identified_scope() returns trigger language plpgsql as $$
begin
  new.identified_scope_ids := people_identified_scope_of(new.id, new.scope_ids);
  return new;
end
$$;
create trigger people_identified_scope before insert or update of scope_ids on people
  for each row execute function people_set_identified_scope();

create function consents_refresh_identified_scope() returns trigger language plpgsql as $$
declare
  person uuid := case when tg_op = 'DELETE' then old.person_id else new.person_id end;
begin
  update people p set identified_scope_ids = people_identified_scope_of(p.id, p.scope_ids)
    where p.id = person;
  return null;
end
$$;
create trigger consents_identified_scope_insert after insert on consents
  for each row when (new.purpose = 'share_identified')
  execute function consents_refresh_identified_scope();
create trigger consents_identified_scope_update after update on consents
  for each row when (new.purpose = 'share_identified' or old.purpose = 'share_identified')
  execute function consents_refresh_identified_scope();
create trigger consents_identified_scope_delete after delete on consents
  for each row when (old.purpose = 'share_identified')
  execute function consents_refresh_identified_scope();

update people p set identified_scope_ids = people_identified_scope_of(p.id, p.scope_ids)
  where p.scope_ids <> '{}';
create index people_identified_scope_idx on people using gin (identified_scope_ids);
