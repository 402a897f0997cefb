import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { extractText } from '#features/meetings';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { auditAbout, organisationTree, signedInPerson } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { insertPaidClaim } from '../claims/fixtures.ts';
import { taxYearOf } from '../thresholds/tax-year.ts';
import { londonParts } from '#platform/time/london.ts';

/** Statements on screen, as a PDF and by post: the person's own, and staff's within their reach. */
describe('money statements (pages, PDF, post)', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'statement-pages', 'Tester');
  const org = tree.ids;
  let gwen: string;
  const db = () => t.services.db;
  const thisYear = taxYearOf(londonParts(new Date()).date);
  const inYear = `${String(thisYear)}-05-14`;

  const pay = (organisationId: string, paidOn: string, expenses: number, payment: number) =>
    insertPaidClaim(db(), {
      organisationId,
      personId: gwen,
      occurredOn: paidOn,
      lines: [
        { kind: 'bus' as const, amountPence: expenses },
        { kind: 'involvement' as const, amountPence: payment },
      ].filter((line) => line.amountPence > 0),
    });

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, hub: 'region', elsewhere: null });
    await db()
      .updateTable('organisations')
      .set({ name_cy: 'Canolfan Tŷ’r Dŵr â’r Hwb' })
      .where('id', '=', org.hub!)
      .execute();
    gwen = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.hub!,
      alsoAt: [org.elsewhere!],
      displayName: 'Gwen Testperson',
    });
    await pay(org.hub!, inYear, 1240, 3000);
    await pay(org.elsewhere!, inYear, 500, 0);
    await pay(org.hub!, `${String(thisYear - 1)}-06-01`, 700, 0);
  });
  after(() => t.close());

  it('shows the person their own statement, expenses apart, every organisation', async () => {
    const agent = await signedInPerson(t, gwen);
    assert.ok((await agent.get('/portal')).body.includes('href="/portal/statements"'));
    const page = await agent.get('/portal/statements');
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    assert.ok(text.includes('£17.40'), 'expenses of both organisations this tax year');
    assert.ok(text.includes('£30.00'), 'the involvement payment');
    assert.ok(!text.includes('£7.00'), 'last tax year is not in this one');
    const last = visibleText(
      (await agent.get(`/portal/statements?period=${String(thisYear - 1)}`)).body,
    );
    assert.ok(last.includes('£7.00'));
    const range = await agent.get(
      `/portal/statements?period=range&from-day=1&from-month=5&from-year=${String(thisYear)}&to-day=31&to-month=5&to-year=${String(thisYear)}`,
    );
    assert.equal(range.statusCode, 200);
    assert.ok(visibleText(range.body).includes('£17.40'));
  });

  it('explains a bad period', async () => {
    const agent = await signedInPerson(t, gwen);
    const backwards = await agent.get(
      '/portal/statements?period=range&from-day=1&from-month=5&from-year=2026&to-day=1&to-month=4&to-year=2026',
    );
    assert.equal(backwards.statusCode, 400);
    assert.ok(visibleText(backwards.body).includes('The last day must be the same as or after'));
    const long = await agent.get(
      '/portal/statements?period=range&from-day=1&from-month=1&from-year=2020&to-day=1&to-month=1&to-year=2026',
    );
    assert.equal(long.statusCode, 400);
    assert.ok(visibleText(long.body).includes('no more than 2 years apart'));
    const year = await agent.get('/portal/statements?period=1999');
    assert.equal(year.statusCode, 400);
    const notADate = await agent.get(
      '/portal/statements?period=range&from-day=31&from-month=2&from-year=2026',
    );
    assert.equal(notADate.statusCode, 400);
  });

  it('downloads a PDF in Welsh with the Welsh letters', async () => {
    const agent = await signedInPerson(t, gwen);
    await agent.get('/portal/statements?lang=cy');
    const pdf = await agent.get('/portal/statements/pdf');
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.match(String(pdf.headers['content-disposition']), /^attachment; filename="statement-/);
    assert.match(String(pdf.headers['cache-control']), /no-store/);
    const text = await extractText(new Uint8Array(pdf.rawPayload), 'pdf');
    assert.ok(text.includes('Datganiad o daliadau a threuliau'), text.slice(0, 300));
    assert.ok(
      text.includes('Tŷ’r Dŵr') && text.includes('â’r Hwb'),
      `ŵ, ŷ and â are drawn: ${text}`,
    );
    assert.ok(text.includes('£12.40') && text.includes('£30.00'));
  });

  it('shows staff the payments of their organisations only, audited, and posts it', async () => {
    const { agent } = await tree.signedIn('involvement_lead', 'hub');
    const page = await agent.get(`/people/${gwen}/money/statement`);
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    assert.ok(text.includes('£12.40'), 'the hub paid this');
    assert.ok(
      text.includes('In this period: £12.40 of expenses'),
      'not the other organisation’s £5',
    );
    const viewed = await auditAbout(db(), gwen, 'person.viewed');
    assert.ok(viewed.some((a) => (a.details as { section: string }).section === 'statement'));

    const pdf = await agent.get(`/people/${gwen}/money/statement/pdf?period=${String(thisYear)}`);
    assert.equal(pdf.statusCode, 200);

    await agent.get(`/people/${gwen}/money/statement`);
    const posted = await agent.post(`/people/${gwen}/money/statement/post`, {
      period: String(thisYear),
    });
    assert.equal(posted.statusCode, 303);
    const [audit] = await auditAbout(db(), gwen, 'money.statement_posted');
    assert.ok(audit, 'the letter is audited');
    const shown = visibleText((await agent.follow(posted)).body);
    assert.ok(shown.includes('by post'), shown.slice(0, 500));
  });

  it('hides the statement from other organisations and other people', async () => {
    const { agent } = await tree.signedIn('involvement_lead', 'elsewhere');
    const other = await insertTestPerson(db(), t.services.config.encryptionKey, {
      organisationId: org.region!,
    });
    assert.equal((await agent.get(`/people/${other}/money/statement`)).statusCode, 404);
    assert.equal((await agent.get(`/people/${other}/money/statement/pdf`)).statusCode, 404);
    const someoneElse = await signedInPerson(t, other);
    const own = visibleText((await someoneElse.get('/portal/statements')).body);
    assert.ok(own.includes('Nothing was paid in this period.'));
  });
});
