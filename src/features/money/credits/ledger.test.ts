import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { startTestApp, type Agent, type TestApp } from '#test/support/app.ts';
import { organisationTree, signedInPerson } from '#test/support/fixture.ts';
import { insertTestPerson } from '#features/register';
import { insertTestInvolvement } from '../claims/fixtures.ts';

/**
 * Time credits: a scheme, offers, earning from involvement once, spending, giving, donating,
 * reversing; the ledger's balance kept by the database, which refuses bad writes made with SQL.
 */
describe('time credits', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'credits', 'Tester');
  const org = tree.ids;
  let megan: string;
  let bryn: string;

  const db = () => t.services.db;
  /** Fetches a page (for its CSRF token), then posts the form (award: from the scheme page). */
  const send = async (agent: Agent, url: string, form: Record<string, string | string[]>) => {
    await agent.get(url.endsWith('/award') ? url.replace(/\/award$/, '') : url);
    return agent.post(url, form);
  };
  const account = (personId: string, organisationId = org.housing!) =>
    db()
      .selectFrom('credit_accounts')
      .selectAll()
      .where('person_id', '=', personId)
      .where('organisation_id', '=', organisationId)
      .executeTakeFirst();
  /** An adjustment of Bryn's at housing written straight in SQL, past the service's checks. */
  const adjustInSql = (accountId: string, amount: number, reason: string) =>
    db()
      .insertInto('credit_entries')
      .values({
        account_id: accountId,
        person_id: bryn,
        organisation_id: org.housing!,
        kind: 'adjustment',
        amount,
        reason,
      })
      .execute();
  const sumOfEntries = async (accountId: string) =>
    Number(
      (
        await sql<{ total: string }>`select coalesce(sum(amount), 0)::text as total
          from credit_entries where account_id = ${accountId}`.execute(db())
      ).rows[0]!.total,
    );
  const involvement = (personId: string, hours: number, organisationId = org.housing!) =>
    insertTestInvolvement(db(), { organisationId, personId, tookPartOn: '2026-03-10', hours });

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, housing: 'region', elsewhere: null });
    const key = t.services.config.encryptionKey;
    megan = await insertTestPerson(db(), key, {
      organisationId: org.housing!,
      displayName: 'Megan Test',
    });
    bryn = await insertTestPerson(db(), key, {
      organisationId: org.housing!,
      displayName: 'Bryn Test',
    });
  });
  after(() => t.close());

  it('sets up a scheme and offers, with bad input explained and kept', async () => {
    const admin = (await tree.signedIn('organisation_admin', 'housing')).agent;
    const bad = await send(admin, `/money/credits/${org.housing}/scheme`, {
      enabled: 'yes',
      creditsPerHour: '1.25',
      minBalance: '',
    });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /Enter credits for an hour, whole or half/);
    assert.match(bad.body, /value="1.25"/);
    const saved = await send(admin, `/money/credits/${org.housing}/scheme`, {
      enabled: 'yes',
      creditsPerHour: '1.5',
      allowed: ['transfers', 'donations'],
      minBalance: '0',
    });
    assert.equal(saved.statusCode, 303);
    const scheme = await db()
      .selectFrom('credit_schemes')
      .selectAll()
      .where('organisation_id', '=', org.housing!)
      .executeTakeFirstOrThrow();
    assert.equal(scheme.credits_per_hour, 150);
    assert.equal(scheme.transfers_allowed, true);
    assert.equal(scheme.min_balance, 0);
    const noTitle = await send(admin, `/money/credits/${org.housing}/offers/new`, { cost: '3' });
    assert.equal(noTitle.statusCode, 400);
    assert.match(noTitle.body, /Enter what it is in Welsh/);
    const offer = await send(admin, `/money/credits/${org.housing}/offers/new`, {
      titleEn: 'Cinema ticket',
      titleCy: 'Tocyn sinema',
      cost: '2.5',
    });
    assert.equal(offer.statusCode, 303);
    const page = await admin.get(`/money/credits/${org.housing}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Cinema ticket/);
    assert.match(page.body, /2.5 credits/);
  });

  it('awards credits for involvement once, at hours times the rate', async () => {
    const record = await involvement(megan, 2);
    const staff = (await tree.signedIn('staff', 'housing')).agent;
    const page = await staff.get(`/money/credits/${org.housing}`);
    assert.match(page.body, /Involvement waiting for credits/);
    assert.match(page.body, new RegExp(record));
    const awarded = await send(staff, `/money/credits/${org.housing}/award`, {
      involvementRecordId: record,
    });
    assert.equal(awarded.statusCode, 303);
    const again = await send(staff, `/money/credits/${org.housing}/award`, {
      involvementRecordId: record,
    });
    assert.equal(again.statusCode, 400);
    assert.match(again.body, /already been awarded/);
    const held = await account(megan);
    assert.equal(held!.balance, 300); // 2 hours at 1.5 credits an hour
    // the database refuses a second award of the record, even straight in SQL
    await assert.rejects(
      db()
        .insertInto('credit_entries')
        .values({
          account_id: held!.id,
          person_id: megan,
          organisation_id: org.housing!,
          kind: 'earned',
          amount: 300,
          involvement_record_id: record,
        })
        .execute(),
      /credit_entries_earned_once/,
    );
    // a record at another organisation is not awarded through this one
    await tree.add('otherService', 'region');
    const other = await involvement(megan, 1, org.otherService);
    const elsewhere = await send(staff, `/money/credits/${org.housing}/award`, {
      involvementRecordId: other,
    });
    assert.equal(elsewhere.statusCode, 400);
  });

  it('spends, gives and donates, refusing more than the balance', async () => {
    const staff = (await tree.signedIn('staff', 'housing')).agent;
    const offer = await db()
      .selectFrom('credit_offers')
      .select('id')
      .where('organisation_id', '=', org.housing!)
      .executeTakeFirstOrThrow();
    const ledger = `/money/credits/${org.housing}/people/${megan}`;
    const spent = await send(staff, `${ledger}/spend`, { offerId: offer.id });
    assert.equal(spent.statusCode, 303); // 3 - 2.5 = 0.5 left
    const tooMuch = await send(staff, `${ledger}/spend`, { offerId: offer.id });
    assert.equal(tooMuch.statusCode, 400);
    assert.match(tooMuch.body, /There are not enough credits for this/);
    const given = await send(staff, `${ledger}/transfer`, {
      toPersonId: bryn,
      amount: '0.5',
      reason: 'For the allotment tools',
    });
    assert.equal(given.statusCode, 303);
    assert.equal((await account(megan))!.balance, 0);
    assert.equal((await account(bryn))!.balance, 50);
    const donated = await send(staff, `/money/credits/${org.housing}/people/${bryn}/donate`, {
      amount: '1',
    });
    assert.equal(donated.statusCode, 400);
    const page = await staff.get(ledger);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Spent on: Cinema ticket/);
    assert.match(page.body, /Given to Bryn Test/);
    const viewed = await db()
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', megan)
      .where('action', '=', 'money.credits_viewed')
      .execute();
    assert.equal(viewed.length, 1);
    for (const id of [megan, bryn]) {
      const held = (await account(id))!;
      assert.equal(held.balance, await sumOfEntries(held.id));
    }
  });

  it('reverses an entry with a new one; entries are never changed', async () => {
    const lead = (await tree.signedIn('involvement_lead', 'housing')).agent;
    const held = (await account(megan))!;
    const spent = await db()
      .selectFrom('credit_entries')
      .select('id')
      .where('account_id', '=', held.id)
      .where('kind', '=', 'spent')
      .executeTakeFirstOrThrow();
    const url = `/money/credits/${org.housing}/people/${megan}/entries/${spent.id}/reverse`;
    const noReason = await send(lead, url, {});
    assert.equal(noReason.statusCode, 400);
    const reversed = await send(lead, url, { reason: 'The cinema was closed' });
    assert.equal(reversed.statusCode, 303);
    assert.equal((await account(megan))!.balance, 250);
    const twice = await send(lead, url, { reason: 'Again' });
    assert.equal(twice.statusCode, 400);
    await assert.rejects(
      sql`update credit_entries set amount = 1000 where id = ${spent.id}`.execute(db()),
      /never changed or deleted/,
    );
    await assert.rejects(
      sql`delete from credit_entries where id = ${spent.id}`.execute(db()),
      /never changed or deleted/,
    );
    assert.equal((await account(megan))!.balance, await sumOfEntries(held.id));
  });

  it('the database keeps the balance: no direct writes, no going under the minimum', async () => {
    const held = (await account(bryn))!;
    await assert.rejects(
      sql`update credit_accounts set balance = 9999 where id = ${held.id}`.execute(db()),
      /changes only through its ledger entries/,
    );
    // a spend straight in SQL that would take the balance below zero is refused
    await assert.rejects(
      adjustInSql(held.id, -(held.balance + 50), 'Too much'),
      /credit_accounts_balance_check/,
    );
    // an entry on someone else's account, or a reversal of another account's entry, is refused
    const other = (await account(megan))!;
    await assert.rejects(
      adjustInSql(other.id, 100, 'Wrong account'),
      /belongs to its person's account/,
    );
    assert.equal((await account(bryn))!.balance, held.balance);
    // allowing a negative balance lets the same entry through; tightening again is refused
    const admin = (await tree.signedIn('organisation_admin', 'housing')).agent;
    await send(admin, `/money/credits/${org.housing}/scheme`, {
      enabled: 'yes',
      creditsPerHour: '1.5',
      allowed: ['transfers', 'donations'],
      minBalance: '5',
    });
    await adjustInSql(held.id, -(held.balance + 100), 'Negative allowed');
    assert.equal((await account(bryn))!.balance, -100);
    const tighten = await send(admin, `/money/credits/${org.housing}/scheme`, {
      enabled: 'yes',
      creditsPerHour: '1.5',
      minBalance: '0',
    });
    assert.equal(tighten.statusCode, 400);
    assert.match(tighten.body, /balances are already below that/);
  });

  it('the person sees their credits in the portal and spends them there', async () => {
    const agent = await signedInPerson(t, megan);
    const page = await agent.get('/portal/credits');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /You have 2.5 credits/);
    assert.match(page.body, /Cinema ticket/);
    const offer = await db()
      .selectFrom('credit_offers')
      .select('id')
      .where('organisation_id', '=', org.housing!)
      .executeTakeFirstOrThrow();
    const spent = await send(agent, `/portal/credits/${org.housing}/spend`, { offerId: offer.id });
    assert.equal(spent.statusCode, 303);
    assert.equal((await account(megan))!.balance, 0);
    // the scheme now allows a balance down to -5
    const none = await send(agent, `/portal/credits/${org.housing}/donate`, { amount: '6' });
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /not enough credits/);
    // another organisation's scheme is not theirs
    await t.services.credits.saveScheme(
      (await tree.signedIn('organisation_admin', 'elsewhere')).actor,
      org.elsewhere!,
      {
        enabled: true,
        creditsPerHour: 100,
        transfersAllowed: false,
        donationsAllowed: true,
        minBalance: 0,
      },
    );
    assert.equal((await agent.get(`/portal/credits/${org.elsewhere}/spend`)).statusCode, 404);
    const welsh = await agent.get('/portal/credits?lang=cy');
    assert.match(welsh.body, /Fy nghredydau amser/);
  });

  it('staff elsewhere cannot see the ledger', async () => {
    const other = (await tree.signedIn('organisation_admin', 'elsewhere')).agent;
    const page = await other.get(`/money/credits/${org.housing}/people/${megan}`);
    assert.equal(page.statusCode, 404);
  });
});
