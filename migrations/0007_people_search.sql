-- Register search (issue 3): the list is ordered by name, so a broad search walks this index
-- and stops after a page instead of sorting every person in scope.
create index people_name_order_idx on people (lower(display_name), id) where erased_at is null;
