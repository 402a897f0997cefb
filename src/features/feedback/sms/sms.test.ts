import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { postReceivedText } from '#test/support/notify-api.ts';
import { storedItems } from '../items/fixtures.ts';
import { RATE } from '../public/service.ts';

const TOKEN = 'feedback-text-callback-token-for-tests';

/** "Text us": a service's keyword takes anonymous feedback by text and replies with a code. */
describe('feedback by text message', () => {
  let t: TestApp;
  let url = '';
  const tree = organisationTree(() => t, 'fbsms', 'Tester');
  const org = tree.ids;
  const db = () => t.services.db;
  const items = () => storedItems(db(), org.service!);
  const repliesTo = (number: string) =>
    db().selectFrom('outbox_messages').selectAll().where('recipient', '=', number).execute();

  before(async () => {
    t = await startTestApp({ NOTIFY_RECEIVED_TEXT_TOKEN: TOKEN });
    await tree.addAll({ region: null, service: 'region' });
    await db()
      .insertInto('feedback_inboxes')
      .values({ organisation_id: org.service!, code: 'txt42', keyword: 'HWB' })
      .execute();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}/notify/received-text`;
  });
  after(() => t.close());

  it('takes a text to the keyword as anonymous feedback, keeps no number and texts back the receipt code', async () => {
    const from = '447700900501';
    const sent = await postReceivedText(url, TOKEN, {
      from,
      message: 'hwb cwyn Neb wedi fy ffonio <b>yn ôl</b>',
    });
    assert.equal(sent.status, 200);
    const [item] = await items();
    assert.ok(item);
    assert.deepEqual([item.channel, item.kind, item.language], ['sms', 'complaint', 'cy']);
    assert.equal(item.body, 'Neb wedi fy ffonio <b>yn ôl</b>');
    assert.ok(item.acknowledge_by, 'a complaint has its deadlines');
    assert.ok(!JSON.stringify(item).includes('7700900501'), 'the number is not kept with it');
    const [reply] = await repliesTo(`+${from}`);
    assert.ok(reply);
    assert.ok(reply.body.includes(item.receipt_code));
  });

  it('refuses a forged callback and leaves texts without a keyword to others', async () => {
    const before = (await items()).length;
    const forged = await postReceivedText(url, 'not-the-token', {
      from: '447700900502',
      message: 'HWB hello',
    });
    assert.equal(forged.status, 401);
    const other = await postReceivedText(url, TOKEN, { from: '447700900502', message: 'yes' });
    assert.equal(other.status, 200);
    assert.equal((await items()).length, before);
  });

  it('tells someone who only sent the keyword how to use it, and stops a flood', async () => {
    const from = '447700900503';
    await postReceivedText(url, TOKEN, { from, message: 'HWB' });
    assert.match(
      (await repliesTo(`+${from}`))[0]?.body ?? '',
      /text HWB then what you want to say/,
    );
    const before = (await items()).length;
    for (let i = 0; i < RATE.max + 2; i += 1)
      await postReceivedText(url, TOKEN, { from, message: `HWB idea number ${i}` });
    assert.equal((await items()).length, before + RATE.max - 1, 'the empty text counted too');
  });
});
