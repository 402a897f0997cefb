-- Register import (issue 3, item 8): the chosen rows are imported by a background task, so the
-- request that confirms an import returns at once and a page shows progress. 'importing' while
-- it runs; 'failed' if it could not finish (its one transaction rolled back: nothing written).
alter table person_imports drop constraint person_imports_status_check;
alter table person_imports add constraint person_imports_status_check
  check (status in ('parsing', 'previewed', 'importing', 'imported', 'discarded', 'failed'));
-- What the person chose (rows to merge) and, once done, how many were created, merged, skipped.
alter table person_imports add column decision jsonb;
alter table person_imports add column result jsonb;
