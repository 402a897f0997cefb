-- Organisations: indexed search by name in English or Welsh (any word, by its beginning).
-- A generated tsvector with the 'simple' configuration (no stemming, works for both languages)
-- and a GIN index: `search_vector @@ to_tsquery('simple', 'cwm:* & ffug:*')`. pg_trgm is not
-- available on every engine Cyd runs on (PGlite), so no trigram index.
alter table organisations
  add column search_vector tsvector
  generated always as (to_tsvector('simple', name_en || ' ' || name_cy)) stored;
create index organisations_search_idx on organisations using gin (search_vector);
-- Children of one organisation, in name order (details pages).
create index organisations_parent_name_idx on organisations (parent_id, lower(name_en));
