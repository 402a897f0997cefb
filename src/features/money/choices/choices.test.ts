import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { londonParts } from '#platform/time/london.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { auditAbout, organisationTree, signedInPerson } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { benefitProfileOf, paymentChoiceOf } from './repository.ts';

/** Payment choices and benefit information: staff on the record, the person in the portal. */
describe('money choices', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'choices', 'Tester');
  const org = tree.ids;
  const today = londonParts(new Date()).date;
  const [year, month, day] = today.split('-') as [string, string, string];
  const person = (organisationId: string) =>
    insertTestPerson(t.services.db, t.services.config.encryptionKey, {
      organisationId,
      displayName: 'Nia Testperson',
    });
  const actions = async (personId: string) =>
    (await auditAbout(t.services.db, personId)).map((a) => a.action);

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, provider: 'region', otherRegion: null });
  });
  after(() => t.close());

  it('lets staff record how someone wants to be paid, explaining bad input', async () => {
    const personId = await person(org.provider!);
    const { agent } = await tree.signedIn('involvement_lead', 'provider');
    const page = await agent.get(`/people/${personId}/money`);
    assert.equal(page.statusCode, 200);
    assert.ok(visibleText(page.body).includes('They have not said yet.'));
    const viewed = await auditAbout(t.services.db, personId, 'person.viewed');
    assert.deepEqual(
      viewed.map((a) => (a.details as { section: string }).section),
      ['money'],
    );

    assert.equal((await agent.get(`/people/${personId}/money/choice`)).statusCode, 200);
    const noCharity = await agent.post(`/people/${personId}/money/choice`, { method: 'charity' });
    assert.equal(noCharity.statusCode, 400);
    assert.ok(visibleText(noCharity.body).includes('Enter the name of the charity'));
    const nothing = await agent.post(`/people/${personId}/money/choice`, {});
    assert.equal(nothing.statusCode, 400);
    assert.ok(visibleText(nothing.body).includes('Choose how the person wants to be paid'));

    const saved = await agent.post(`/people/${personId}/money/choice`, {
      method: 'charity',
      charityName: 'Cwm Food Bank',
    });
    assert.equal(saved.statusCode, 303);
    const shown = visibleText((await agent.follow(saved)).body);
    assert.ok(shown.includes('The payment choice is saved.'));
    assert.ok(shown.includes('Pay a charity instead: Cwm Food Bank'));
    assert.deepEqual(await paymentChoiceOf(t.services.db, personId), {
      method: 'charity',
      charityName: 'Cwm Food Bank',
      lowerAmountPence: null,
      lowerSharePercent: null,
    });
    const [set] = await auditAbout(t.services.db, personId, 'money.payment_choice_set');
    assert.deepEqual(set!.details, { method: 'charity', byPerson: false });
  });

  it('records benefit information only with consent, in Welsh, and removes it', async () => {
    const personId = await person(org.provider!);
    const { agent } = await tree.signedIn('staff', 'provider', 'cy');
    assert.equal((await agent.get(`/people/${personId}/money/benefits`)).statusCode, 200);
    const refused = await agent.post(`/people/${personId}/money/benefits`, {
      benefits: ['esa', 'lottery'],
      limit: '-3',
      'consentOn-day': '1',
      'consentOn-month': '1',
      'consentOn-year': String(Number(year) + 1),
    });
    assert.equal(refused.statusCode, 400);
    const text = visibleText(refused.body);
    assert.ok(text.includes("Dewiswch fudd-daliadau o'r rhestr"));
    assert.ok(text.includes('Rhowch y terfyn mewn punnoedd'));
    assert.ok(text.includes("Dewiswch ai ar gyfer wythnos neu fis y mae'r terfyn"));
    assert.ok(text.includes("Cadarnhewch fod yr unigolyn wedi cytuno i Cyd gadw'r wybodaeth hon"));
    assert.ok(text.includes('Dewiswch sut y cytunodd yr unigolyn'));
    assert.ok(
      text.includes("Rhaid i'r dyddiad y gwnaethon nhw gytuno fod heddiw neu yn y gorffennol"),
    );
    assert.equal(await benefitProfileOf(t.services.db, personId), undefined);

    const saved = await agent.post(`/people/${personId}/money/benefits`, {
      benefits: 'esa',
      limit: '195.50',
      limitPeriod: 'week',
      consent: 'yes',
      consentHow: 'phone',
      'consentOn-day': day,
      'consentOn-month': month,
      'consentOn-year': year,
    });
    assert.equal(saved.statusCode, 303);
    assert.deepEqual(await benefitProfileOf(t.services.db, personId), {
      benefits: ['esa'],
      limitPence: 19550,
      limitPeriod: 'week',
      consentOn: today,
      consentHow: 'phone',
    });
    const shown = visibleText((await agent.follow(saved)).body);
    assert.ok(shown.includes('Lwfans Cyflogaeth a Chymorth (ESA)'));
    assert.ok(shown.includes('£195.50 yr wythnos'));
    assert.ok(shown.includes('Dros y ffôn'));
    // the audit log says what happened, never which benefits
    const [recorded] = await auditAbout(t.services.db, personId, 'money.benefit_profile_recorded');
    assert.ok(!JSON.stringify(recorded!.details).includes('esa'));

    assert.equal((await agent.get(`/people/${personId}/money/benefits/remove`)).statusCode, 200);
    const removed = await agent.post(`/people/${personId}/money/benefits/remove`);
    assert.equal(removed.statusCode, 303);
    assert.equal(await benefitProfileOf(t.services.db, personId), undefined);
    assert.ok((await actions(personId)).includes('money.benefit_profile_removed'));
  });

  it('keeps it from commissioners, viewers and other organisations', async () => {
    const personId = await person(org.provider!);
    for (const [role, at] of [
      ['commissioner', 'region'],
      ['viewer', 'provider'],
      ['organisation_admin', 'otherRegion'],
    ] as const) {
      const { agent } = await tree.signedIn(role, at);
      assert.equal((await agent.get(`/people/${personId}/money`)).statusCode, 404, role);
    }
  });

  it('lets the person set their own choice and benefits in the portal', async () => {
    const personId = await person(org.provider!);
    const agent = await signedInPerson(t, personId);
    const home = await agent.get('/portal');
    assert.ok(home.body.includes('href="/portal/money"'));
    const page = await agent.get('/portal/money');
    assert.equal(page.statusCode, 200);
    assert.ok(visibleText(page.body).includes('You have not told us yet.'));

    await agent.get('/portal/money/choice');
    const both = await agent.post('/portal/money/choice', {
      method: 'lower_amount',
      lowerAmount: '5',
      lowerShare: '50',
    });
    assert.equal(both.statusCode, 400);
    assert.ok(visibleText(both.body).includes('Enter an amount or a share, not both'));
    const saved = await agent.post('/portal/money/choice', {
      method: 'lower_amount',
      lowerShare: '50',
    });
    assert.equal(saved.statusCode, 303);
    const shown = visibleText((await agent.follow(saved)).body);
    assert.ok(shown.includes('A lower amount: 50% of the full rate'));
    assert.ok(shown.includes('by you'));

    await agent.get('/portal/money/benefits');
    const noConsent = await agent.post('/portal/money/benefits', { benefits: 'uc' });
    assert.equal(noConsent.statusCode, 400);
    assert.ok(visibleText(noConsent.body).includes('Tick the box to agree'));
    const agreed = await agent.post('/portal/money/benefits', { benefits: 'uc', consent: 'yes' });
    assert.equal(agreed.statusCode, 303);
    const row = await t.services.db
      .selectFrom('money_benefit_profiles')
      .selectAll()
      .where('person_id', '=', personId)
      .executeTakeFirstOrThrow();
    assert.equal(row.consent_how, 'portal');
    assert.equal(row.consent_on, today);
    assert.equal(row.consent_recorded_by, null);

    await agent.get('/portal/money/benefits/remove');
    assert.equal((await agent.post('/portal/money/benefits/remove')).statusCode, 303);
    assert.equal(await benefitProfileOf(t.services.db, personId), undefined);
    const done = await actions(personId);
    for (const action of [
      'money.payment_choice_set',
      'money.benefit_profile_recorded',
      'money.benefit_profile_removed',
    ])
      assert.ok(done.includes(action), action);
    // staff see what the person chose, marked as theirs
    const { agent: staff } = await tree.signedIn('staff', 'provider');
    const record = visibleText((await staff.get(`/people/${personId}/money`)).body);
    assert.ok(record.includes('by the person themselves'));
  });
});
