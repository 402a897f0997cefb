import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { extractText } from '#features/meetings';
import { Agent, startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { receiptCode } from '../items/receive.ts';
import { shorten } from './present.ts';

/** "You said, we did": public boards, the board poster and the "tell us" poster. */
describe('feedback: you said, we did', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'board', 'Tester');
  const org = tree.ids;
  const db = () => t.services.db;
  const themes: Record<string, string> = {};
  let minutes = 0;

  /** A published item (newer than the last one added) at the organisation, with its themes. */
  const item = async (
    at: string,
    values: Record<string, unknown> = {},
    themeNames: string[] = [],
  ) => {
    minutes += 1;
    const row = await db()
      .insertInto('feedback_items')
      .values({
        organisation_id: org[at]!,
        channel: 'web',
        kind: 'suggestion',
        body: 'PRIVATE BODY of what they wrote',
        receipt_code: receiptCode(),
        contact_encrypted: 'PRIVATE CONTACT',
        status: 'published',
        outcome: 'done',
        outcome_en: 'We did it.',
        outcome_cy: 'Fe wnaethon ni hynny.',
        published_at: new Date(Date.now() - 86_400_000 + minutes * 60_000),
        ...values,
      } as never)
      .returning('id')
      .executeTakeFirstOrThrow();
    for (const name of themeNames)
      await db()
        .insertInto('feedback_item_themes')
        .values({ item_id: row.id, theme_id: themes[name]! })
        .execute();
    return row.id;
  };

  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true', NOTIFY_TEXT_NUMBER: '07700 900999' });
    await tree.addAll({ region: null, area: 'region' });
    await tree.add('service', 'area', {
      nameEn: 'Riverside Recovery',
      nameCy: 'Adferiad Glan yr Afon',
    });
    await tree.add('elsewhere');
    await tree.add('far', 'elsewhere', { nameEn: 'Faraway Service' });
    await db()
      .insertInto('feedback_inboxes')
      .values([
        { organisation_id: org.service!, code: 'bq7rm', keyword: 'RIVER' },
        { organisation_id: org.far!, code: 'fr8tz' },
      ])
      .execute();
    for (const [en, cy] of [
      ['Groups', 'Grwpiau'],
      ['Transport', 'Trafnidiaeth'],
    ] as const) {
      const row = await db()
        .insertInto('feedback_themes')
        .values({ organisation_id: org.region!, name_en: en, name_cy: cy })
        .returning('id')
        .executeTakeFirstOrThrow();
      themes[en] = row.id;
    }
    for (let i = 0; i < 6; i += 1) await item('service', {}, ['Groups']);
    for (let i = 0; i < 4; i += 1)
      await item('service', { outcome: 'cant_do', outcome_en: 'We cannot run a minibus.' }, [
        'Transport',
      ]);
    await item('service', {
      outcome: 'will_do',
      outcome_due_on: '2027-03-31',
      outcome_en: 'Evening groups from spring.',
      outcome_cy: null,
    });
    await item('service', {
      quote_consent: true,
      quote_en: 'The new group helped me a lot',
      quote_cy: 'Mae’r grŵp newydd wedi fy helpu’n fawr',
    });
    await item('service', { quote_consent: false, quote_en: 'SECRET QUOTE without consent' });
    await item('service', { status: 'decided', outcome_en: 'UNPUBLISHED OUTCOME' });
    await item('service', { safeguarding: true, outcome_en: 'SAFEGUARDING OUTCOME' });
    const kept = await item('service', { outcome_en: 'KEPT OUTCOME' });
    await item('service', { merged_into_id: kept, outcome_en: 'MERGED OUTCOME' });
    await item('service', {
      outcome_en: '<script>alert(1)</script> We fixed the door.',
      outcome_cy: null,
    });
    for (let i = 0; i < 21; i += 1) await item('far', { outcome_en: `FAR OUTCOME ${i}` });
  });
  after(() => t.close());

  /** The counts part of a board page, as read. */
  const countsOf = (html: string) => {
    const text = visibleText(html);
    return text.slice(text.indexOf('The last 12 months'), text.indexOf('What people said'));
  };

  it('shows only published, non-safeguarding, unmerged outcomes, as text, with consented quotes', async () => {
    const page = await new Agent(t.app).get('/you-said-we-did/bq7rm');
    assert.equal(page.statusCode, 200);
    assert.ok(Number(page.headers['x-query-count']) <= 10);
    const text = visibleText(page.body);
    assert.match(text, /You said, we did/);
    assert.match(text, /Riverside Recovery/);
    assert.match(text, /KEPT OUTCOME/);
    assert.match(text, /What we will do, by 31 March 2027/);
    assert.match(text, /What we cannot do, and why/);
    assert.match(text, /An idea or suggestion · Groups/);
    for (const hidden of [
      'UNPUBLISHED',
      'SAFEGUARDING',
      'MERGED',
      'SECRET QUOTE',
      'PRIVATE',
      'FAR OUTCOME',
    ])
      assert.ok(!page.body.includes(hidden), `${hidden} is not on the board`);
    assert.match(text, /The new group helped me a lot/, 'a quote given with consent');
    assert.ok(!page.body.includes('<script>alert(1)'), 'HTML in an outcome is not markup');
    assert.match(page.body, /&lt;script&gt;alert\(1\)&lt;\/script&gt; We fixed the door\./);
    assert.match(page.body, /href="\/f\/bq7rm"/, 'links to the form');
  });

  it('shows counts under 5 as "fewer than 5", never the number', async () => {
    const counts = countsOf((await new Agent(t.app).get('/you-said-we-did/bq7rm')).body);
    // 15 on the board: 10 done, 4 cannot do, 1 will do; Groups 6, Transport 4
    assert.match(counts, /Outcomes published: 15/);
    assert.match(counts, /Done 10/);
    assert.match(counts, /Cannot do fewer than 5/);
    assert.match(counts, /Will do fewer than 5/);
    assert.match(counts, /Groups 6/);
    assert.match(counts, /Transport fewer than 5/);
    assert.doesNotMatch(counts, /\b[1-4]\b/, 'no count from 1 to 4');
  });

  it('is in Welsh for a Welsh reader, falling back to English where there is no Welsh', async () => {
    const page = await new Agent(t.app).get('/you-said-we-did/bq7rm?lang=cy');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<html lang="cy"/);
    const text = visibleText(page.body);
    assert.match(text, /Dywedoch chi, fe wnaethon ni/);
    assert.match(text, /Adferiad Glan yr Afon/);
    assert.match(text, /Fe wnaethon ni hynny\./);
    assert.match(text, /Grwpiau/);
    assert.match(text, /llai na 5/);
    assert.match(text, /Mae’r grŵp newydd wedi fy helpu’n fawr/);
    assert.match(text, /Evening groups from spring\./, 'no Welsh: the English');
    assert.doesNotMatch(text, /The last 12 months|fewer than 5/);
  });

  it('shows an area board of every service below it, paged, and not another branch', async () => {
    const visitor = new Agent(t.app);
    const area = await visitor.get(`/you-said-we-did/area/${org.region!}`);
    assert.equal(area.statusCode, 200);
    assert.ok(Number(area.headers['x-query-count']) <= 10);
    const text = visibleText(area.body);
    assert.match(text, /Riverside Recovery · An idea or suggestion/);
    assert.match(area.body, /href="\/you-said-we-did\/bq7rm"/);
    assert.ok(!area.body.includes('FAR OUTCOME'), 'another branch is not on it');
    assert.match(countsOf(area.body), /Outcomes published: 15/);
    // an area's numbers are kept for a minute: the next visitor's page does not count them again
    const again = await new Agent(t.app).get(`/you-said-we-did/area/${org.region!}?page=1`);
    assert.equal(Number(again.headers['x-query-count']), Number(area.headers['x-query-count']) - 1);
    assert.equal(countsOf(again.body), countsOf(area.body));
    const far = await visitor.get(`/you-said-we-did/area/${org.elsewhere!}?page=2`);
    assert.equal(far.statusCode, 200);
    assert.match(visibleText(far.body), /FAR OUTCOME 0\b/, 'the oldest is on page 2');
    assert.doesNotMatch(visibleText(far.body), /FAR OUTCOME 20/);
    assert.ok(!far.body.includes('KEPT OUTCOME'));
    assert.equal(
      (await visitor.get('/you-said-we-did/area/00000000-0000-4000-8000-000000000000')).statusCode,
      404,
    );
    assert.equal((await visitor.get('/you-said-we-did/area/not-an-id')).statusCode, 404);
    assert.equal((await visitor.get('/you-said-we-did/nope')).statusCode, 404);
    assert.equal((await visitor.get('/you-said-we-did/zzzzz')).statusCode, 404);
  });

  it('prints the board as an A4 poster in the language asked for, HTML as plain text', async () => {
    const visitor = new Agent(t.app);
    const pdf = await visitor.get('/you-said-we-did/bq7rm/poster.pdf?lang=cy');
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    assert.equal(pdf.rawPayload.subarray(0, 4).toString(), '%PDF');
    const text = (await extractText(new Uint8Array(pdf.rawPayload), 'pdf')).replace(/\s+/g, ' ');
    assert.ok(text.includes('Adferiad Glan yr Afon'), text.slice(0, 300));
    assert.ok(text.includes('Dywedoch chi, fe wnaethon ni'));
    assert.ok(text.includes('<script>alert(1)</script>'), 'drawn as the letters typed');
    assert.ok(text.includes('/you-said-we-did/bq7rm'));
    assert.ok(!text.includes('PRIVATE') && !text.includes('SAFEGUARDING'));
    const english = (
      await extractText(
        new Uint8Array((await visitor.get('/you-said-we-did/bq7rm/poster.pdf?lang=en')).rawPayload),
        'pdf',
      )
    ).replace(/\s+/g, ' ');
    assert.ok(english.includes('Riverside Recovery') && english.includes('You said, we did'));
    assert.equal((await visitor.get('/you-said-we-did/zzzzz/poster.pdf')).statusCode, 404);
  });

  it('gives staff with feedback.view the bilingual "tell us" poster, and nobody else', async () => {
    const url = `/feedback/inboxes/${org.service!}/poster.pdf`;
    const { agent: viewer } = await tree.signedIn('viewer', 'service');
    assert.equal((await viewer.get(url)).statusCode, 403);
    const { agent: stranger } = await tree.signedIn('staff', 'elsewhere');
    assert.equal((await stranger.get(url)).statusCode, 404);
    const anonymous = await new Agent(t.app).get(url);
    assert.equal(anonymous.statusCode, 303);
    const { agent: staff } = await tree.signedIn('staff', 'region');
    const pdf = await staff.get(url);
    assert.equal(pdf.statusCode, 200);
    assert.equal(pdf.rawPayload.subarray(0, 4).toString(), '%PDF');
    assert.match(pdf.rawPayload.toString('latin1'), /\/Subtype \/Image/, 'the QR code');
    const text = (await extractText(new Uint8Array(pdf.rawPayload), 'pdf')).replace(/\s+/g, ' ');
    const welsh = text.indexOf('Dywedwch wrthym beth rydych chi’n ei feddwl');
    const english = text.indexOf('Tell us what you think');
    assert.ok(welsh >= 0 && english > welsh, `Welsh first, then English: ${text}`);
    assert.ok(text.includes('Adferiad Glan yr Afon') && text.includes('Riverside Recovery'));
    assert.ok(text.includes('localhost:3000/f/bq7rm'), 'the short link in words');
    assert.ok(text.includes('RIVER'), 'the text-message keyword');
    assert.ok(text.includes('07700 900999'), 'the number to text');
    // an organisation without an inbox
    const none = await staff.get(`/feedback/inboxes/${org.area!}/poster.pdf`);
    assert.equal(none.statusCode, 404);
  });

  it('shortens text for a poster at a word', () => {
    assert.equal(shorten('short', 10), 'short');
    assert.equal(shorten('one two three four five', 16), 'one two three…');
    assert.equal(shorten('ŵŵŵŵŵŵŵŵŵŵŵŵ', 5), 'ŵŵŵŵŵ…');
  });
});
