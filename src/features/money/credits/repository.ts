import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { EntryKind } from './tables.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

/** SQL of time credits. Every function takes the scheme's organisation and filters on it. */
type Db = Kysely<DB>;

export interface Scheme {
  organisationId: string;
  enabled: boolean;
  creditsPerHour: number;
  transfersAllowed: boolean;
  donationsAllowed: boolean;
  minBalance: number;
}

export type SchemeInput = Omit<Scheme, 'organisationId'>;

export const defaultScheme: SchemeInput = {
  enabled: true,
  creditsPerHour: 100,
  transfersAllowed: false,
  donationsAllowed: false,
  minBalance: 0,
};

export async function findScheme(db: Db, organisationId: string): Promise<Scheme | undefined> {
  return db
    .selectFrom('credit_schemes')
    .select([
      'organisation_id as organisationId',
      'enabled',
      'credits_per_hour as creditsPerHour',
      'transfers_allowed as transfersAllowed',
      'donations_allowed as donationsAllowed',
      'min_balance as minBalance',
    ])
    .where('organisation_id', '=', organisationId)
    .executeTakeFirst();
}

/** Sets the scheme (creating it). The database refuses a minimum some balance is already under. */
export async function saveScheme(
  db: Db,
  organisationId: string,
  input: SchemeInput,
  by: string | null,
) {
  const values = {
    enabled: input.enabled,
    credits_per_hour: input.creditsPerHour,
    transfers_allowed: input.transfersAllowed,
    donations_allowed: input.donationsAllowed,
    min_balance: input.minBalance,
    updated_by: by,
    updated_at: sql<Date>`now()`,
  };
  await db
    .insertInto('credit_schemes')
    .values({ organisation_id: organisationId, ...values })
    .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
    .execute();
}

export interface Offer {
  id: string;
  titleEn: string;
  titleCy: string;
  cost: number;
  retired: boolean;
}

const offerColumns = [
  'id',
  'title_en as titleEn',
  'title_cy as titleCy',
  'cost',
  sql<boolean>`retired_at is not null`.as('retired'),
] as const;

/** The scheme's offers (active first), at most 100. */
export async function offersOf(db: Db, organisationId: string, activeOnly = false) {
  return db
    .selectFrom('credit_offers')
    .select(offerColumns)
    .where('organisation_id', '=', organisationId)
    .$if(activeOnly, (qb) => qb.where('retired_at', 'is', null))
    .orderBy(sql`retired_at is not null`)
    .orderBy('title_en')
    .limit(100)
    .execute() as Promise<Offer[]>;
}

/** The active offers of several schemes (the portal), with their scheme. */
export async function activeOffersOf(db: Db, organisationIds: readonly string[]) {
  if (!organisationIds.length) return [];
  return db
    .selectFrom('credit_offers')
    .select([...offerColumns, 'organisation_id as organisationId'])
    .where('organisation_id', 'in', [...organisationIds])
    .where('retired_at', 'is', null)
    .orderBy('title_en')
    .limit(200)
    .execute() as Promise<(Offer & { organisationId: string })[]>;
}

export async function findOffer(db: Db, organisationId: string, offerId: string) {
  return db
    .selectFrom('credit_offers')
    .select(offerColumns)
    .where('organisation_id', '=', organisationId)
    .where('id', '=', offerId)
    .executeTakeFirst() as Promise<Offer | undefined>;
}

export interface OfferInput {
  titleEn: string;
  titleCy: string;
  cost: number;
  retired: boolean;
}

export async function insertOffer(
  db: Db,
  organisationId: string,
  input: OfferInput,
  by: string | null,
) {
  const row = await db
    .insertInto('credit_offers')
    .values({
      organisation_id: organisationId,
      title_en: input.titleEn,
      title_cy: input.titleCy,
      cost: input.cost,
      retired_at: input.retired ? sql<Date>`now()` : null,
      created_by: by,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateOffer(
  db: Db,
  organisationId: string,
  offerId: string,
  input: OfferInput,
) {
  await db
    .updateTable('credit_offers')
    .set({
      title_en: input.titleEn,
      title_cy: input.titleCy,
      cost: input.cost,
      retired_at: input.retired ? sql<Date>`coalesce(retired_at, now())` : null,
    })
    .where('organisation_id', '=', organisationId)
    .where('id', '=', offerId)
    .execute();
}

export interface Account {
  id: string;
  personId: string;
  balance: number;
  minBalance: number;
}

const accountColumns = [
  'id',
  'person_id as personId',
  'balance',
  'min_balance as minBalance',
] as const;

export async function findAccount(db: Db, organisationId: string, personId: string) {
  return db
    .selectFrom('credit_accounts')
    .select(accountColumns)
    .where('organisation_id', '=', organisationId)
    .where('person_id', '=', personId)
    .executeTakeFirst() as Promise<Account | undefined>;
}

/** The person's account in the scheme, opened (at zero) if they have none; locked for the entry. */
export async function openAccount(db: Db, organisationId: string, personId: string) {
  await db
    .insertInto('credit_accounts')
    .values({ organisation_id: organisationId, person_id: personId })
    .onConflict((oc) => oc.columns(['organisation_id', 'person_id']).doNothing())
    .execute();
  return db
    .selectFrom('credit_accounts')
    .select(accountColumns)
    .where('organisation_id', '=', organisationId)
    .where('person_id', '=', personId)
    .forUpdate()
    .executeTakeFirstOrThrow() as Promise<Account>;
}

/** A page of the scheme's accounts, highest balance first, and how many there are. */
export async function accountsPage(db: Db, organisationId: string, limit: number, offset: number) {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('credit_accounts')
      .select(accountColumns)
      .where('organisation_id', '=', organisationId)
      .orderBy('balance', 'desc')
      .orderBy('id')
      .limit(limit)
      .offset(offset)
      .execute() as Promise<Account[]>,
    db
      .selectFrom('credit_accounts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

/** The people who could receive a transfer: other account holders in the scheme (at most 300). */
export async function otherHolders(db: Db, organisationId: string, personId: string) {
  const rows = await db
    .selectFrom('credit_accounts')
    .select('person_id')
    .where('organisation_id', '=', organisationId)
    .where('person_id', '!=', personId)
    .limit(300)
    .execute();
  return rows.map((r) => r.person_id);
}

/** The person's accounts in every scheme (the portal). */
export async function accountsOfPerson(db: Db, personId: string) {
  return db
    .selectFrom('credit_accounts as a')
    .innerJoin('credit_schemes as s', 's.organisation_id', 'a.organisation_id')
    .innerJoin('organisations as o', 'o.id', 'a.organisation_id')
    .select([
      'a.id',
      'a.person_id as personId',
      'a.balance',
      'a.min_balance as minBalance',
      'a.organisation_id as organisationId',
      'o.name_en as nameEn',
      'o.name_cy as nameCy',
      's.enabled',
      's.donations_allowed as donationsAllowed',
    ])
    .where('a.person_id', '=', personId)
    .orderBy('o.name_en')
    .execute();
}

export interface Entry {
  id: string;
  kind: EntryKind;
  amount: number;
  balanceAfter: number;
  occurredOn: string;
  reason: string | null;
  involvementRecordId: string | null;
  offerTitleEn: string | null;
  offerTitleCy: string | null;
  counterpartPersonId: string | null;
  reversedBy: string | null;
  recordedByName: string | null;
  recordedVia: 'staff' | 'portal';
  organisationId: string;
}

/** A page of an account's (or a person's) entries, newest first; with what each came from. */
export async function entriesPage(
  db: Db,
  of: { accountId: string } | { personId: string },
  limit: number,
  offset: number,
) {
  const owner =
    'accountId' in of ? sql`e.account_id = ${of.accountId}` : sql`e.person_id = ${of.personId}`;
  const rows = await sql<Entry>`
    select e.id, e.kind, e.amount, e.balance_after as "balanceAfter",
      to_char(e.occurred_on, 'YYYY-MM-DD') as "occurredOn", e.reason,
      e.involvement_record_id as "involvementRecordId", f.title_en as "offerTitleEn",
      f.title_cy as "offerTitleCy", coalesce(c.person_id, t.person_id) as "counterpartPersonId",
      r.id as "reversedBy", a.name as "recordedByName", e.recorded_via as "recordedVia",
      e.organisation_id as "organisationId"
    from credit_entries e
    left join credit_offers f on f.id = e.offer_id
    left join credit_entries c on c.id = e.counterpart_entry_id
    left join credit_entries t on t.counterpart_entry_id = e.id
    left join credit_entries r on r.reverses_entry_id = e.id
    left join accounts a on a.id = e.recorded_by
    where ${owner}
    order by e.created_at desc, e.id desc
    limit ${limit} offset ${offset}`.execute(db);
  const count = await sql<{ n: number }>`
    select count(*)::int as n from credit_entries e where ${owner}`.execute(db);
  return { rows: rows.rows, total: count.rows[0]?.n ?? 0 };
}

export async function findEntry(db: Db, organisationId: string, entryId: string) {
  return db
    .selectFrom('credit_entries as e')
    .leftJoin('credit_entries as r', 'r.reverses_entry_id', 'e.id')
    .select([
      'e.id',
      'e.account_id as accountId',
      'e.person_id as personId',
      'e.kind',
      'e.amount',
      'e.reason',
      sql<string>`to_char(e.occurred_on, 'YYYY-MM-DD')`.as('occurredOn'),
      'r.id as reversedBy',
    ])
    .where('e.organisation_id', '=', organisationId)
    .where('e.id', '=', entryId)
    .executeTakeFirst();
}

/** Which of these involvement records have already earned credits (in any scheme). */
export async function awardedRecords(db: Db, recordIds: readonly string[]) {
  if (!recordIds.length) return new Set<string>();
  const rows = await db
    .selectFrom('credit_entries')
    .select('involvement_record_id')
    .where('kind', '=', 'earned')
    .where('involvement_record_id', 'in', [...recordIds])
    .execute();
  return new Set(rows.map((r) => r.involvement_record_id));
}

/** Credits donated to the scheme's community pot, less any donation reversed. */
export async function donatedTotal(db: Db, organisationId: string) {
  const row = await sql<{ total: number }>`
    select coalesce(-sum(e.amount), 0)::int as total from credit_entries e
    where e.organisation_id = ${organisationId} and (e.kind = 'donated'
      or (e.kind = 'reversal' and exists (select 1 from credit_entries d
        where d.id = e.reverses_entry_id and d.kind = 'donated')))`.execute(db);
  return row.rows[0]?.total ?? 0;
}

export interface NewEntry {
  accountId: string;
  personId: string;
  organisationId: string;
  kind: EntryKind;
  amount: number;
  reason?: string | null;
  involvementRecordId?: string | null;
  offerId?: string | null;
  counterpartEntryId?: string | null;
  reversesEntryId?: string | null;
  recordedBy: string | null;
  recordedVia?: 'staff' | 'portal';
  occurredOn?: string;
}

/** Appends an entry; the database moves the balance (or refuses). Returns its id and the balance. */
export async function insertEntry(db: Db, entry: NewEntry) {
  return db
    .insertInto('credit_entries')
    .values({
      account_id: entry.accountId,
      person_id: entry.personId,
      organisation_id: entry.organisationId,
      kind: entry.kind,
      amount: entry.amount,
      reason: entry.reason ?? null,
      involvement_record_id: entry.involvementRecordId ?? null,
      offer_id: entry.offerId ?? null,
      counterpart_entry_id: entry.counterpartEntryId ?? null,
      reverses_entry_id: entry.reversesEntryId ?? null,
      recorded_by: entry.recordedBy,
      recorded_via: entry.recordedVia ?? 'staff',
      ...(entry.occurredOn ? { occurred_on: entry.occurredOn } : {}),
    })
    .returning(['id', 'balance_after as balanceAfter'])
    .executeTakeFirstOrThrow();
}

/** One page of the organisations in the scope, with their scheme (if any). */
export async function organisationsPage(
  db: Db,
  scope: string[] | null,
  limit: number,
  offset: number,
) {
  const where = inSubtrees(scope);
  const rows = await sql<{
    id: string;
    nameEn: string;
    nameCy: string;
    enabled: boolean | null;
    accounts: number;
    total: number;
  }>`
    select o.id, o.name_en as "nameEn", o.name_cy as "nameCy", s.enabled,
      (select count(*)::int from credit_accounts a where a.organisation_id = o.id) as accounts,
      count(*) over ()::int as total
    from organisations o left join credit_schemes s on s.organisation_id = o.id
    where ${where} and o.archived_at is null and o.kind <> 'nation'
    order by s.organisation_id is null, array_length(o.ancestors, 1), o.name_en, o.id
    limit ${limit} offset ${offset}`.execute(db);
  return { rows: rows.rows, total: rows.rows[0]?.total ?? 0 };
}
