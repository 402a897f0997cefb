-- Expense claims, involvement payments and how they are paid (issue 11 items 2, 3, 8 and 9;
-- product.md §4; WF 3.3; NW remuneration; NP travel).
--
-- Money is whole pence (integers) everywhere: no arithmetic is done in floating point.
-- A claim is for one thing a person did: their attendance at a meeting (a meeting invitee), an
-- involvement record, or an opportunity (e.g. travel to an interview before anything is
-- recorded). It carries the rates version in force on its day, so rates changed later never
-- alter it. Expense lines (reimbursed, never earnings) and involvement payment lines (earnings,
-- counted by the benefit check) are kept apart by `category`.
--
-- A paid claim is never edited: it is put right by a reversal (a new payment row with a negative
-- amount that points at the one it undoes) and, if need be, a new claim.

create sequence money_claim_number;

-- Bank transfer batches: approved claims gathered to send to finance in one go.
create table money_payment_batches (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  number integer not null unique generated always as identity,
  status text not null default 'open' check (status in ('open', 'sent')),
  created_by uuid references accounts (id),
  created_at timestamptz not null default now(),
  sent_at timestamptz,
  sent_by uuid references accounts (id)
);

create table money_claims (
  id uuid primary key default gen_random_uuid(),
  -- a short number people and finance can quote (C-000123); never the person's name
  number integer not null unique default nextval('money_claim_number'),
  organisation_id uuid not null references organisations (id),
  person_id uuid not null references people (id) on delete cascade,
  -- what it is for: exactly one of these
  meeting_invitee_id uuid references meeting_invitees (id) on delete set null,
  involvement_record_id uuid references involvement_records (id) on delete set null,
  opportunity_id uuid references opportunities (id) on delete set null,
  -- the day of the activity: the rates and the benefit check's weeks and months are counted from it
  occurred_on date not null,
  -- the rates and rules in force on that day, fixed when the claim was made
  rate_version_id uuid not null references money_rate_versions (id),
  -- an advance: paid before the activity (e.g. a bus ticket bought beforehand), reconciled later
  -- against what was actually spent
  is_advance boolean not null default false,
  advance_reconciled_at timestamptz,
  advance_reconciled_by uuid references accounts (id),
  -- draft: being filled in; submitted: waiting for approval; returned: sent back with a reason
  -- (the person or staff change it and submit again); approved: waiting to be paid; paid;
  -- withdrawn: abandoned before payment; reversed: paid and then undone
  status text not null default 'draft' check (status in
    ('draft', 'submitted', 'returned', 'approved', 'paid', 'withdrawn', 'reversed')),
  -- who made it: the person in the portal, or staff on their behalf (e.g. on the day)
  made_via text not null check (made_via in ('portal', 'staff')),
  created_by uuid references accounts (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  submitted_at timestamptz,
  returned_at timestamptz,
  returned_by uuid references accounts (id),
  returned_reason text check (length(returned_reason) between 1 and 500),
  approved_at timestamptz,
  approved_by uuid references accounts (id),
  -- what the person chose for the involvement payment at approval (their payment choice, or a
  -- choice made then after the benefit warning): paid to them, less, declined, time credits,
  -- given to a charity. Null for a claim with expenses only.
  payment_outcome text check (payment_outcome in
    ('paid', 'lower_amount', 'declined', 'time_credits', 'charity')),
  -- the involvement payment actually due after that choice (pence); expenses are always due
  payment_due_pence integer check (payment_due_pence between 0 and 10000000),
  charity_name text check (length(charity_name) between 1 and 150),
  -- the benefit warning shown at approval and what was chosen (kept as evidence)
  benefit_warning jsonb,
  -- a bank transfer waiting in a batch (paid when the batch is sent)
  batch_id uuid references money_payment_batches (id),
  paid_at timestamptz,
  -- bumped by every change: two staff acting on one claim at once cannot both succeed
  version integer not null default 1,
  check (num_nonnulls(meeting_invitee_id, involvement_record_id, opportunity_id) <= 1),
  check (status <> 'returned' or returned_reason is not null),
  check ((payment_outcome = 'charity') = (charity_name is not null))
);
-- one claim for one attendance or involvement record (a withdrawn one does not count)
create unique index money_claims_invitee_idx on money_claims (meeting_invitee_id)
  where meeting_invitee_id is not null and status <> 'withdrawn';
create unique index money_claims_record_idx on money_claims (involvement_record_id)
  where involvement_record_id is not null and status <> 'withdrawn';
-- the benefit check (a person's last 12 months) and statements read by person and day
create index money_claims_person_idx on money_claims (person_id, occurred_on);
-- lists and exports by organisation, status and day
create index money_claims_organisation_idx on money_claims (organisation_id, status, occurred_on);
create index money_claims_batch_idx on money_claims (batch_id) where batch_id is not null;
create index money_claims_opportunity_idx on money_claims (opportunity_id)
  where opportunity_id is not null;

create table money_claim_lines (
  id uuid primary key default gen_random_uuid(),
  claim_id uuid not null references money_claims (id) on delete cascade,
  position smallint not null check (position between 1 and 50),
  -- expense: reimbursed, never earnings; payment: an involvement payment (earnings)
  category text not null check (category in ('expense', 'payment')),
  kind text not null check (kind in (
    'mileage', 'bus', 'train', 'taxi', 'parking', 'subsistence', 'childcare', 'replacement_care',
    'phone_data', 'other', 'involvement')),
  description text check (length(description) <= 300),
  -- mileage: whole miles and the vehicle; the pence a mile is copied from the rates version
  miles integer check (miles between 1 and 1000),
  vehicle text check (vehicle in ('car', 'motorbike', 'bicycle')),
  pence_per_mile integer check (pence_per_mile between 0 and 1000),
  -- involvement payment: which rate (copied: activity, unit, pence a unit) and how many units
  payment_activity_en text check (length(payment_activity_en) <= 150),
  payment_activity_cy text check (length(payment_activity_cy) <= 150),
  payment_unit text check (payment_unit in ('hour', 'half_day', 'day')),
  units_hundredths integer check (units_hundredths between 25 and 100000),
  unit_pence integer check (unit_pence between 0 and 100000),
  -- a taxi needs a reason (e.g. no step-free bus)
  reason text check (length(reason) <= 300),
  amount_pence integer not null check (amount_pence between 1 and 500000),
  -- VAT included in the amount, where a receipt shows it (finance exports)
  vat_pence integer check (vat_pence >= 0 and vat_pence <= amount_pence),
  -- not_needed (below the receipt threshold), needed (not yet provided), uploaded, seen_by_staff
  receipt text not null default 'not_needed' check (receipt in
    ('not_needed', 'needed', 'uploaded', 'seen_by_staff')),
  receipt_seen_by uuid references accounts (id),
  unique (claim_id, position),
  check ((category = 'payment') = (kind = 'involvement')),
  check (kind <> 'mileage' or (miles is not null and vehicle is not null
    and pence_per_mile is not null)),
  check (kind <> 'involvement' or (payment_unit is not null and units_hundredths is not null
    and unit_pence is not null))
);
create index money_claim_lines_claim_idx on money_claim_lines (claim_id);

-- Receipts: the bytes, their type checked from the bytes (image or PDF), one or more a line.
create table money_receipts (
  id uuid primary key default gen_random_uuid(),
  line_id uuid not null references money_claim_lines (id) on delete cascade,
  media_type text not null check (media_type in
    ('image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf')),
  byte_size integer not null check (byte_size between 1 and 10485760),
  content bytea not null,
  uploaded_by uuid references accounts (id),
  uploaded_via text not null check (uploaded_via in ('portal', 'staff')),
  uploaded_at timestamptz not null default now()
);
create index money_receipts_line_idx on money_receipts (line_id);

-- Cash floats: cash held for paying on the day. A float reconciles when what was counted equals
-- the opening amount plus top-ups less the cash paid from it, to the penny.
create table money_floats (
  id uuid primary key default gen_random_uuid(),
  organisation_id uuid not null references organisations (id),
  name text not null check (length(name) between 1 and 100),
  opened_on date not null,
  opened_by uuid references accounts (id),
  opening_pence integer not null check (opening_pence between 0 and 1000000),
  -- closed: counted and reconciled (with any difference explained)
  status text not null default 'open' check (status in ('open', 'closed')),
  counted_pence integer check (counted_pence between 0 and 10000000),
  difference_reason text check (length(difference_reason) <= 500),
  closed_at timestamptz,
  closed_by uuid references accounts (id),
  created_at timestamptz not null default now(),
  check ((status = 'closed') = (counted_pence is not null and closed_at is not null))
);
create index money_floats_organisation_idx on money_floats (organisation_id, status, opened_on);

create table money_float_top_ups (
  id uuid primary key default gen_random_uuid(),
  float_id uuid not null references money_floats (id),
  amount_pence integer not null check (amount_pence between 1 and 1000000),
  note text check (length(note) <= 300),
  added_by uuid references accounts (id),
  added_at timestamptz not null default now()
);
create index money_float_top_ups_float_idx on money_float_top_ups (float_id);

-- Payments: how a claim was paid. A claim is paid once (the unique index below: two staff paying
-- one claim at the same moment pay it once); a paid claim is undone only by a reversal row.
create table money_payments (
  id uuid primary key default gen_random_uuid(),
  claim_id uuid not null references money_claims (id),
  organisation_id uuid not null references organisations (id),
  person_id uuid not null references people (id) on delete cascade,
  kind text not null default 'payment' check (kind in ('payment', 'reversal')),
  method text not null check (method in
    ('cash', 'bank_transfer', 'voucher', 'prepaid_card', 'time_credits', 'charity', 'none')),
  -- expenses and involvement payment paid (a reversal's are negative)
  expenses_pence integer not null,
  payment_pence integer not null,
  paid_on date not null,
  -- the bank reference, voucher or card number (last digits only), cash receipt number...
  reference text check (length(reference) <= 100),
  -- paid on the day of the activity or before it (WF 3.3): set from occurred_on when paid
  on_the_day_or_before boolean not null,
  float_id uuid references money_floats (id),
  batch_id uuid references money_payment_batches (id),
  reverses_payment_id uuid unique references money_payments (id),
  reason text check (length(reason) <= 500),
  paid_by uuid references accounts (id),
  created_at timestamptz not null default now(),
  check ((kind = 'reversal') = (reverses_payment_id is not null)),
  check (kind <> 'reversal' or reason is not null),
  check (kind = 'reversal' or (expenses_pence >= 0 and payment_pence >= 0)),
  check (method <> 'cash' or float_id is not null or kind = 'reversal')
);
create unique index money_payments_once_idx on money_payments (claim_id) where kind = 'payment';
create index money_payments_organisation_idx on money_payments (organisation_id, paid_on);
create index money_payments_person_idx on money_payments (person_id, paid_on);
create index money_payments_float_idx on money_payments (float_id) where float_id is not null;
create index money_payments_batch_idx on money_payments (batch_id) where batch_id is not null;
