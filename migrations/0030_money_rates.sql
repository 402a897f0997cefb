-- Expenses and involvement payments (issue 11 item 1): each organisation's rates and rules, kept
-- as dated versions. A new version takes effect from a date; earlier versions are never changed,
-- so a claim is always checked against the rates in force on its day (history is kept). An
-- organisation without a version of its own uses its nearest ancestor's.
create table money_rate_versions (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  effective_from date not null,
  -- mileage, pence per mile, by vehicle
  mileage_car_ppm integer not null check (mileage_car_ppm between 0 and 1000),
  mileage_motorbike_ppm integer not null check (mileage_motorbike_ppm between 0 and 1000),
  mileage_bicycle_ppm integer not null check (mileage_bicycle_ppm between 0 and 1000),
  -- bus and train fares are paid at what they cost (with a ticket or receipt above the threshold)
  public_transport_at_cost boolean not null default true,
  -- a taxi is paid only with a reason recorded on the claim (e.g. no step-free bus)
  taxi_with_reason boolean not null default true,
  -- caps per day, in pence
  subsistence_cap_pence integer not null check (subsistence_cap_pence between 0 and 100000),
  childcare_cap_pence integer not null check (childcare_cap_pence between 0 and 100000),
  replacement_care_cap_pence integer not null check (replacement_care_cap_pence between 0 and 100000),
  -- phone and data, per claim, in pence
  phone_data_pence integer not null check (phone_data_pence between 0 and 100000),
  -- a receipt is needed for a line above this (pence)
  receipt_above_pence integer not null check (receipt_above_pence between 0 and 100000),
  -- why the rates changed (shown in the history)
  note text check (length(note) <= 500),
  created_by uuid references accounts (id),
  created_at timestamptz not null default now(),
  unique (organisation_id, effective_from)
);

-- Involvement payments at agreed rates by role or activity (NW remuneration), per hour, half day
-- or day; part of the version they were set in.
create table money_payment_rates (
  id uuid primary key default gen_random_uuid(),
  version_id uuid not null references money_rate_versions (id) on delete cascade,
  position smallint not null check (position between 1 and 50),
  activity_en text not null check (length(activity_en) between 1 and 150),
  activity_cy text not null check (length(activity_cy) between 1 and 150),
  unit text not null check (unit in ('hour', 'half_day', 'day')),
  amount_pence integer not null check (amount_pence between 0 and 100000),
  unique (version_id, position)
);
