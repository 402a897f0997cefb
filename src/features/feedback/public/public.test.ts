import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import { Agent, startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { SESSION_COOKIE } from '#platform/auth/sessions.ts';
import { insertTestItem, storedItems } from '../items/fixtures.ts';
import { RATE } from './service.ts';

/** A service's anonymous feedback form and the receipt look-up: nothing kept that identifies. */
describe('feedback: the public form', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'publicfeedback', 'Tester');
  const org = tree.ids;
  const db = () => t.services.db;
  const items = () => storedItems(db(), org.service!);

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, service: 'region' });
    await db()
      .insertInto('feedback_inboxes')
      .values([
        { organisation_id: org.service!, code: 'k7q2m' },
        { organisation_id: org.region!, code: 'zz9zz', enabled: false },
      ])
      .execute();
  });
  after(() => t.close());

  it('takes feedback in Welsh with no account, session or address kept, and gives a receipt code', async () => {
    const visitor = new Agent(t.app);
    const form = await visitor.get('/f/k7q2m?lang=cy');
    assert.equal(form.statusCode, 200);
    const noSession = (response: { headers: { 'set-cookie'?: string | string[] | undefined } }) =>
      assert.ok(
        !([] as string[])
          .concat(response.headers['set-cookie'] ?? [])
          .join()
          .includes(SESSION_COOKIE),
        'no session for a contributor (only the language chosen)',
      );
    noSession(form);
    assert.ok(gzipSync(form.body).length < 30 * 1024, 'the page is small');
    assert.match(visibleText(form.body), /Dywedwch wrthym beth rydych chi’n ei feddwl/);
    const sent = await visitor.post(
      '/f/k7q2m?lang=cy',
      {
        kind: 'suggestion',
        body: 'Cyfarfodydd gyda’r nos, os gwelwch yn dda. <script>alert(1)</script>',
      },
      { csrf: false },
    );
    assert.equal(sent.statusCode, 200);
    noSession(sent);
    const code = /class="cyd-receipt-code">([A-Z2-9]{8})</.exec(sent.body)?.[1];
    assert.ok(code, 'a receipt code is shown');
    const [item] = await items();
    assert.equal(item!.channel, 'web');
    assert.equal(item!.language, 'cy');
    assert.equal(item!.person_id, null);
    assert.equal(item!.contact_encrypted, null);
    assert.equal(item!.receipt_code, code);
    assert.match(item!.body, /<script>/, 'kept as text, exactly as typed');
    // nothing stored holds the client address
    const windows = await db().selectFrom('feedback_rate_windows').selectAll().execute();
    assert.ok(windows.length >= 1);
    assert.ok(windows.every((w) => !w.key.includes('127.0.0.1')));
    const audit = await db()
      .selectFrom('audit_log')
      .selectAll()
      .where('action', '=', 'feedback.received')
      .execute();
    assert.equal(audit.length, 1);
    assert.ok(!JSON.stringify(audit[0]).includes('127.0.0.1'));
    // looked up by the code (lower case and spaces are fine)
    const found = await visitor.post(
      '/f/receipt',
      { code: `${code.slice(0, 4).toLowerCase()} ${code.slice(4)}` },
      { csrf: false },
    );
    assert.equal(found.statusCode, 200);
    assert.match(visibleText(found.body), /Mae gennym ni e/, 'in the language they chose');
    assert.doesNotMatch(found.body, /<script>alert/);
    const unknown = await visitor.post('/f/receipt', { code: 'ABCDEFGH' }, { csrf: false });
    assert.equal(unknown.statusCode, 404);
  });

  it('keeps contact details only encrypted', async () => {
    const visitor = new Agent(t.app);
    await visitor.post(
      '/f/k7q2m',
      { kind: 'complaint', body: 'Nobody rang me back.', contact: '07700 900123' },
      { csrf: false },
    );
    const item = (await items()).find((i) => i.kind === 'complaint')!;
    assert.ok(item.contact_encrypted);
    assert.ok(!item.contact_encrypted.includes('07700'));
  });

  it('explains bad input, keeps what was typed, and thanks a robot without keeping anything', async () => {
    const visitor = new Agent(t.app);
    const before = (await items()).length;
    const empty = await visitor.post('/f/k7q2m', { body: '' }, { csrf: false });
    assert.equal(empty.statusCode, 400);
    assert.match(visibleText(empty.body), /Choose what it is/);
    const long = await visitor.post(
      '/f/k7q2m',
      { kind: 'concern', body: 'x'.repeat(10_001) },
      { csrf: false },
    );
    assert.equal(long.statusCode, 400);
    assert.match(visibleText(long.body), /10,000 characters or fewer/);
    const robot = await visitor.post(
      '/f/k7q2m',
      { kind: 'concern', body: 'Buy cheap things', website: 'http://spam.example' },
      { csrf: false },
    );
    assert.equal(robot.statusCode, 200);
    assert.equal((await items()).length, before);
    assert.equal((await visitor.get('/f/zz9zz')).statusCode, 404, 'a closed inbox');
    assert.equal((await visitor.get('/f/nope')).statusCode, 404);
  });

  it('slows a flood from one address without losing what was typed', async () => {
    await db().deleteFrom('feedback_rate_windows').execute();
    const visitor = new Agent(t.app);
    for (let i = 0; i < RATE.max; i += 1) {
      const sent = await visitor.post(
        '/f/k7q2m',
        { kind: 'question', body: `Question ${i}` },
        { csrf: false },
      );
      assert.equal(sent.statusCode, 200);
    }
    const flood = await visitor.post(
      '/f/k7q2m',
      { kind: 'question', body: 'One too many' },
      { csrf: false },
    );
    assert.equal(flood.statusCode, 429);
    assert.match(flood.body, /One too many/);
  });

  it('lets the person who complained send it to the commissioner with the receipt code, once', async () => {
    const visitor = new Agent(t.app);
    await visitor.get('/f/receipt');
    // (straight in: this address has sent its five in the window already)
    const item = await insertTestItem(db(), { organisation_id: org.service!, kind: 'complaint' });
    const looked = await visitor.post('/f/receipt', { code: item.receiptCode }, { csrf: false });
    assert.match(visibleText(looked.body), /Send my complaint to the commissioner/);
    const asked = await visitor.post(
      '/f/receipt/escalate',
      { code: item.receiptCode },
      { csrf: false },
    );
    assert.equal(asked.statusCode, 200);
    assert.match(visibleText(asked.body), /We have sent your complaint to the commissioner/);
    const row = (await items()).find((i) => i.id === item.id)!;
    assert.equal(row.escalated_reason, 'asked');
    const again = await visitor.post(
      '/f/receipt/escalate',
      { code: item.receiptCode },
      { csrf: false },
    );
    assert.doesNotMatch(visibleText(again.body), /Send my complaint to the commissioner/);
    assert.match(visibleText(again.body), /went to the commissioner on/);
  });
});
