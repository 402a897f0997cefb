import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { auditAbout, organisationTree, signedInPerson } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { buildPdf } from '#test/support/paper-files.ts';
import { postUpload } from '#test/support/meetings-papers.ts';
import { insertInvitees, insertMeeting } from '#test/support/meetings.ts';
import { insertDemoRates, insertTestClaim, storedClaim, storedLines } from '../claims/fixtures.ts';

/** A person's own expense claims in the portal: make, send, withdraw, receipts; only their own. */
describe('money claims in the portal', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'portalclaims', 'Tester');
  const org = tree.ids;
  let nia: string;
  const db = () => t.services.db;
  const day = { 'occurredOn-day': '2', 'occurredOn-month': '3', 'occurredOn-year': '2026' };
  const claimOf = (id: string) => storedClaim(db(), id);
  const linesOf = (id: string) => storedLines(db(), id);

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, hub: 'region', elsewhere: null });
    await insertDemoRates(db(), org.region!, '2026-01-01');
    // rates changed later do not alter a claim for an earlier day
    await insertDemoRates(db(), org.region!, '2026-06-01', { mileageCarPpm: 99 });
    nia = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.hub!,
      displayName: 'Nia Portaltest',
    });
  });
  after(() => t.close());

  it('offers the meetings they came to and takes only their own', async () => {
    const meetingId = await insertMeeting(db(), org.hub!, {
      startsInHours: -2 * 24,
      hours: 1,
      title_en: 'Portal claims forum',
      title_cy: 'Fforwm hawliadau’r porth',
      rung: 3,
      languages: 'en',
    });
    const someoneElse = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.hub!,
      displayName: 'Someone Else',
    });
    const [own, others] = await insertInvitees(db(), meetingId, [
      { person_id: nia, attendance: 'attended' },
      { person_id: someoneElse, attendance: 'attended' },
    ]);
    const agent = await signedInPerson(t, nia);
    const form = await agent.get('/portal/claims/new');
    assert.match(visibleText(form.body), /Meeting: Portal claims forum/);
    const fares = { ...day, 'kind-1': 'bus', 'amount-1': '3.10' };
    const forged = await agent.post('/portal/claims/new', {
      ...fares,
      for: `meeting:${others!}`,
    });
    assert.equal(forged.statusCode, 400);
    await agent.get('/portal/claims/new');
    const made = await agent.post('/portal/claims/new', { ...fares, for: `meeting:${own!}` });
    assert.equal(made.statusCode, 303);
    const claim = await claimOf(
      new URL(made.headers.location!, 'http://x').pathname.split('/')[3]!,
    );
    assert.equal(claim.meeting_invitee_id, own!);
    await agent.get('/portal/claims/new');
    const twice = await agent.post('/portal/claims/new', { ...fares, for: `meeting:${own!}` });
    assert.equal(twice.statusCode, 400);
    assert.match(visibleText(twice.body), /already a claim for this meeting/);
    // leave Nia's other tests a claim list they expect
    await db().deleteFrom('money_claim_lines').where('claim_id', '=', claim.id).execute();
    await db().deleteFrom('money_claims').where('id', '=', claim.id).execute();
  });

  it('lets the person claim fares and mileage at the rate of the day, and send it', async () => {
    const agent = await signedInPerson(t, nia);
    assert.ok((await agent.get('/portal')).body.includes('href="/portal/claims"'));
    assert.equal((await agent.get('/portal/claims')).statusCode, 200);
    await agent.get('/portal/claims/new');
    const busAndCar = {
      ...day,
      'kind-1': 'bus',
      'amount-1': '4.60',
      'kind-2': 'mileage',
      'miles-2': '10',
      'vehicle-2': 'car',
    };
    const made = await agent.post('/portal/claims/new', {
      ...busAndCar,
      'kind-3': 'subsistence',
      'amount-3': '15.00',
      action: 'submit',
    });
    // food over the £10 cap is refused, with the staff form's words
    assert.equal(made.statusCode, 400);
    assert.ok(visibleText(made.body).includes('Food and drink is more than the limit'));

    const sent = await agent.post('/portal/claims/new', { ...busAndCar, action: 'submit' });
    assert.equal(sent.statusCode, 303);
    const claimId = String(sent.headers.location).split(/[/?]/)[3]!;
    const claim = await claimOf(claimId);
    assert.equal(claim.status, 'submitted');
    assert.equal(claim.made_via, 'portal');
    assert.equal(claim.created_by, null);
    const lines = await linesOf(claimId);
    assert.deepEqual(
      lines.map((l) => [l.kind, l.amount_pence]),
      [
        ['bus', 460],
        ['mileage', 450],
      ],
      '45p a mile on 2 March, not the 99p of June',
    );
    const page = visibleText((await agent.follow(sent)).body);
    assert.ok(page.includes('Your claim is sent.'));
    assert.ok(page.includes('£9.10'));
    const audited = await auditAbout(db(), nia, 'money.claim_submitted');
    assert.equal(audited[0]?.actor_account_id, null);
  });

  it('refuses bad input: a 10,000-mile journey, a negative fare, a payment, the future', async () => {
    const agent = await signedInPerson(t, nia);
    await agent.get('/portal/claims/new');
    const far = await agent.post('/portal/claims/new', {
      ...day,
      'kind-1': 'mileage',
      'miles-1': '10000',
      action: 'draft',
    });
    assert.equal(far.statusCode, 400);
    const negative = await agent.post('/portal/claims/new', {
      ...day,
      'kind-1': 'bus',
      'amount-1': '-4',
    });
    assert.equal(negative.statusCode, 400);
    const payment = await agent.post('/portal/claims/new', {
      ...day,
      'kind-1': 'rate:hour:Forum member',
      'units-1': '3',
    });
    assert.equal(payment.statusCode, 400);
    const future = await agent.post('/portal/claims/new', {
      'occurredOn-day': '1',
      'occurredOn-month': '1',
      'occurredOn-year': '2099',
      'kind-1': 'bus',
      'amount-1': '2.00',
    });
    assert.equal(future.statusCode, 400);
    assert.ok(visibleText(future.body).includes('cannot be in the future'));
    const count = await db()
      .selectFrom('money_claims')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('person_id', '=', nia)
      .executeTakeFirstOrThrow();
    assert.equal(Number(count.n), 1, 'nothing saved from the bad forms');
  });

  it('takes a receipt that is a PDF or a photo, and refuses a text file', async () => {
    const claim = await insertTestClaim(db(), {
      organisationId: org.hub!,
      personId: nia,
      occurredOn: '2026-03-03',
      status: 'draft',
      lines: [{ kind: 'train', amountPence: 2350 }],
    });
    const [line] = await linesOf(claim.id);
    await db()
      .updateTable('money_claim_lines')
      .set({ receipt: 'needed' })
      .where('id', '=', line!.id)
      .execute();
    const agent = await signedInPerson(t, nia);
    const page = `/portal/claims/${claim.id}`;
    const url = `${page}/lines/${line!.id}/receipt`;
    const text = await postUpload(
      t.app,
      agent,
      page,
      url,
      {},
      {
        name: 'receipt.pdf',
        data: Buffer.from('this is not a receipt'),
      },
    );
    assert.equal(text.statusCode, 400);
    assert.ok(visibleText(text.body).includes('must be a photo'));
    const none = await postUpload(t.app, agent, page, url, {});
    assert.equal(none.statusCode, 400);

    const pdf = await postUpload(
      t.app,
      agent,
      page,
      url,
      {},
      {
        name: 'ticket.pdf',
        data: buildPdf(['Ticket']),
      },
    );
    assert.equal(pdf.statusCode, 303);
    assert.equal((await linesOf(claim.id))[0]!.receipt, 'uploaded');
    const back = await agent.get(url);
    assert.equal(back.statusCode, 200);
    assert.equal(back.headers['content-type'], 'application/pdf');
    assert.match(String(back.headers['content-disposition']), /^attachment; filename="receipt-C-/);
    const [uploaded] = await auditAbout(db(), nia, 'money.receipt_uploaded');
    assert.ok(uploaded);
    // staff who may see the claim open it from the claim's page; others cannot
    const { agent: lead } = await tree.signedIn('involvement_lead', 'hub');
    const claimPage = await lead.get(`/money/claims/${claim.id}`);
    const staffUrl = `/money/claims/${claim.id}/lines/${line!.id}/receipt`;
    assert.ok(claimPage.body.includes(`href="${staffUrl}"`));
    assert.equal((await lead.get(staffUrl)).statusCode, 200);
    const { agent: stranger } = await tree.signedIn('involvement_lead', 'elsewhere');
    assert.equal((await stranger.get(staffUrl)).statusCode, 404);
  });

  it('withdraws once (a second try is a 409), and shows only the person’s own claims', async () => {
    const claim = await insertTestClaim(db(), {
      organisationId: org.hub!,
      personId: nia,
      occurredOn: '2026-03-04',
      status: 'submitted',
    });
    const agent = await signedInPerson(t, nia);
    await agent.get(`/portal/claims/${claim.id}`);
    const first = await agent.post(`/portal/claims/${claim.id}/withdraw`, { version: '1' });
    assert.equal(first.statusCode, 303);
    await agent.get(`/portal/claims/${claim.id}`);
    const again = await agent.post(`/portal/claims/${claim.id}/withdraw`, { version: '1' });
    assert.equal(again.statusCode, 409);
    assert.equal((await claimOf(claim.id)).status, 'withdrawn');

    const someoneElse = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.hub!,
    });
    const other = await signedInPerson(t, someoneElse);
    assert.equal((await other.get(`/portal/claims/${claim.id}`)).statusCode, 404);
    assert.ok(visibleText((await other.get('/portal/claims')).body).includes('not made a claim'));
    // an organisation the person is not connected to
    const form = await other.get('/portal/claims/new');
    assert.equal(form.statusCode, 200, form.body.slice(0, 300));
    const elsewhere = await other.post('/portal/claims/new', {
      ...day,
      organisationId: org.elsewhere!,
      'kind-1': 'bus',
      'amount-1': '2.00',
    });
    assert.equal(elsewhere.statusCode, 400);
  });
});
