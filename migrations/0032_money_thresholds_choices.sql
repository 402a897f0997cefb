-- Benefit awareness and payment choices (issue 11 items 4 and 5; product.md §4; NW remuneration).
--
-- 1. Benefit thresholds are data by UK tax year (6 April to 5 April), kept by platform
--    administrators with their source noted, never in code. The first values are seeded here,
--    like the glossary (0023): every installation needs them from its first start, and a later
--    migration never rewrites what administrators changed. Each seeded source note asks for the
--    figure to be checked against the current gov.uk rates.
create table money_benefit_thresholds (
  id uuid primary key default gen_random_uuid(),
  -- the calendar year the tax year starts in: 2025 is 6 April 2025 to 5 April 2026
  tax_year smallint not null check (tax_year between 2000 and 2100),
  -- which benefit it belongs to (the vocabulary in src/features/money/thresholds/tables.ts)
  benefit text not null check (benefit ~ '^[a-z_]{2,40}$'),
  -- a stable name for the threshold within the year, e.g. esa_permitted_work_higher
  code text not null check (code ~ '^[a-z][a-z0-9_]{1,59}$'),
  name_en text not null check (length(name_en) between 1 and 150),
  name_cy text not null check (length(name_cy) between 1 and 150),
  -- an amount in pence over a period, or a rate in whole per cent (e.g. a taper), not both
  amount_pence integer check (amount_pence between 0 and 10000000),
  period text check (period in ('week', 'month', 'year')),
  percent smallint check (percent between 0 and 100),
  source_note text not null check (length(source_note) between 1 and 500),
  created_by uuid references accounts (id) on delete set null,
  updated_by uuid references accounts (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check ((amount_pence is not null and period is not null and percent is null)
      or (amount_pence is null and period is null and percent is not null)),
  unique (tax_year, code)
);

insert into money_benefit_thresholds
  (tax_year, benefit, code, name_en, name_cy, amount_pence, period, percent, source_note)
values
  (2025, 'esa', 'esa_permitted_work_lower', 'ESA permitted work: lower limit',
   'ESA gwaith a ganiateir: terfyn isaf', 2000, 'week', null,
   'Seeded from gov.uk "Employment and Support Allowance: permitted work" (2025 to 2026). Check against the current gov.uk rates.'),
  (2025, 'esa', 'esa_permitted_work_higher', 'ESA permitted work: higher limit',
   'ESA gwaith a ganiateir: terfyn uchaf', 19550, 'week', null,
   'Seeded from gov.uk "Employment and Support Allowance: permitted work" (2025 to 2026). Check against the current gov.uk rates.'),
  (2025, 'uc', 'uc_work_allowance_housing', 'Universal Credit work allowance, with help with housing',
   'Lwfans gwaith Credyd Cynhwysol, gyda help gyda thai', 41100, 'month', null,
   'Seeded from gov.uk "Benefit and pension rates 2025 to 2026". Check against the current gov.uk rates.'),
  (2025, 'uc', 'uc_work_allowance_no_housing', 'Universal Credit work allowance, without help with housing',
   'Lwfans gwaith Credyd Cynhwysol, heb help gyda thai', 68400, 'month', null,
   'Seeded from gov.uk "Benefit and pension rates 2025 to 2026". Check against the current gov.uk rates.'),
  (2025, 'uc', 'uc_taper', 'Universal Credit taper (share of earnings above the work allowance taken off)',
   'Tapr Credyd Cynhwysol (cyfran o enillion uwchben y lwfans gwaith a dynnir)', null, null, 55,
   'Seeded from gov.uk "Universal Credit: how your earnings affect your payments" (2025 to 2026). Check against the current gov.uk rates.'),
  (2025, 'carers_allowance', 'carers_allowance_earnings', 'Carer''s Allowance earnings limit',
   'Terfyn enillion Lwfans Gofalwr', 19600, 'week', null,
   'Seeded from gov.uk "Carer''s Allowance: eligibility" (2025 to 2026). Check against the current gov.uk rates.'),
  (2026, 'esa', 'esa_permitted_work_lower', 'ESA permitted work: lower limit',
   'ESA gwaith a ganiateir: terfyn isaf', 2000, 'week', null,
   'Seeded: unchanged from 2025 to 2026. Check against the current gov.uk rates.'),
  (2026, 'esa', 'esa_permitted_work_higher', 'ESA permitted work: higher limit',
   'ESA gwaith a ganiateir: terfyn uchaf', 20350, 'week', null,
   'Seeded: 16 hours at the National Living Wage from April 2026 (£12.71), rounded up to 50p as in 2025 to 2026. Check against the current gov.uk rates.'),
  (2026, 'uc', 'uc_taper', 'Universal Credit taper (share of earnings above the work allowance taken off)',
   'Tapr Credyd Cynhwysol (cyfran o enillion uwchben y lwfans gwaith a dynnir)', null, null, 55,
   'Seeded: unchanged from 2025 to 2026. Check against the current gov.uk rates.');

-- 2. How each person wants to be paid (NW: people decide how and whether to be paid): one row a
--    person, changed by staff or by the person in the portal; every read and change audited.
create table money_payment_choices (
  person_id uuid primary key references people (id) on delete cascade,
  method text not null check (method in
    ('bank_transfer', 'cash', 'voucher', 'time_credits', 'charity', 'lower_amount', 'decline')),
  -- a charity paid instead of the person
  charity_name text check (length(charity_name) between 1 and 150),
  -- a lower amount: a fixed amount (pence) or a share of what is due (per cent)
  lower_amount_pence integer check (lower_amount_pence between 0 and 10000000),
  lower_share_percent smallint check (lower_share_percent between 1 and 99),
  -- null when the person set it themselves in the portal
  updated_by uuid references accounts (id) on delete set null,
  updated_at timestamptz not null default now(),
  check ((method = 'charity') = (charity_name is not null)),
  check (method = 'lower_amount'
      or (lower_amount_pence is null and lower_share_percent is null)),
  check (method <> 'lower_amount'
      or ((lower_amount_pence is null) <> (lower_share_percent is null)))
);

-- 3. Benefit awareness (optional, special category): which benefits a person receives and any
--    limit they set themselves, only with their consent (when, recorded by whom, how). Removing
--    it (or withdrawing consent) deletes the row; erasure deletes it too.
create table money_benefit_profiles (
  person_id uuid primary key references people (id) on delete cascade,
  consent_on date not null,
  -- how consent was given
  consent_how text not null check (consent_how in ('in_person', 'phone', 'in_writing', 'portal')),
  -- the member of staff who recorded it; null when the person gave it in the portal
  consent_recorded_by uuid references accounts (id) on delete set null,
  benefits text[] not null default '{}' check (cardinality(benefits) <= 20),
  limit_pence integer check (limit_pence between 1 and 10000000),
  limit_period text check (limit_period in ('week', 'month')),
  updated_by uuid references accounts (id) on delete set null,
  updated_at timestamptz not null default now(),
  check ((limit_pence is null) = (limit_period is null))
);
