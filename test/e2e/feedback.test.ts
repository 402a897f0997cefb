/**
 * End-to-end, issue 12: someone gives anonymous feedback in Welsh on the hub's form (the short
 * link on its poster) and leaves an e-mail address; the demo involvement lead triages it, writes
 * the outcome in both languages and publishes it; the contributor is told once, by e-mail, in
 * Welsh; the outcome is on the hub's "you said, we did" board and found with the receipt code;
 * both posters are PDFs; the lead exports the hub's feedback (CSV). Every page is scanned with
 * axe-core, and the journey runs with JavaScript, without it, and on a 320-pixel phone.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoOrganisationId } from '#features/admin';
import { arrived, ID, LEAD, openFitting, set, signInStaff, submit } from './support/forms.ts';
import { browsingWays, journey, fits, type Journey } from './support/journey.ts';
import { serverBrowserAndDatabase } from './support/server.ts';

const HUB = demoOrganisationId('aberffugHub');

/** The visitor's feedback on the hub's form, in Welsh: the receipt code. */
async function giveFeedback(j: Journey, said: string, email: string, label: string) {
  const page = j.page;
  await openFitting(j, '/f/hwb42', `the hub's feedback form (${label})`);
  await page.goto('/f/hwb42?lang=cy');
  assert.match(await page.locator('h1').innerText(), /Dywedwch wrthym/);
  await set(page, 'kind', 'suggestion');
  await set(page, 'body', said);
  await set(page, 'contact', email);
  await submit(page, '/f/hwb42');
  await arrived(j, '/f/hwb42', `thank you, in Welsh (${label})`);
  await fits(j, `thank you (${label})`);
  const code = (await page.locator('main .cyd-receipt-code').innerText()).trim();
  assert.match(code, /^[A-HJ-NP-Z2-9]{8}$/);
  return code;
}

/** The lead acknowledges it, writes the outcome in both languages and publishes it. */
async function closeTheLoop(j: Journey, itemId: string, label: string) {
  const page = j.page;
  const item = `/feedback/items/${itemId}`;
  await openFitting(j, '/feedback', `the feedback inbox (${label})`);
  assert.equal(await page.locator(`main a[href="${item}"]`).count(), 1, 'in the inbox');
  await openFitting(j, item, `the feedback (${label})`);
  await submit(page, `${item}/acknowledge`);
  await arrived(j, item, `acknowledged (${label})`);
  await set(page, 'outcome', 'done');
  await set(page, 'outcomeEn', 'The walking group now meets in Welsh on Wednesdays.');
  await set(page, 'outcomeCy', 'Mae’r grŵp cerdded bellach yn cwrdd yn Gymraeg ar ddydd Mercher.');
  await submit(page, `${item}/outcome`);
  await arrived(j, item, `the outcome decided (${label})`);
  await submit(page, `${item}/publish`);
  await arrived(j, item, `published (${label})`);
  assert.ok((await page.locator('main').innerText()).includes('Published'));
}

/** The lead exports the hub's feedback as CSV (the form in English and Welsh): the item is in it. */
async function exportFeedback(j: Journey, said: string, label: string) {
  const page = j.page;
  await openFitting(j, '/feedback', `the inbox, linking to the export (${label})`);
  assert.equal(await page.locator('main a[href="/feedback/export"]').count(), 1);
  await page.goto(`/feedback/export?organisationId=${HUB}`);
  await arrived(j, '/feedback/export', `the export form (${label})`);
  await fits(j, `the export form (${label})`);
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
  const [year, month, day] = today.split('-').map(Number) as [number, number, number];
  const days = `from-day=1&from-month=1&from-year=${String(year - 1)}&to-day=${String(day)}&to-month=${String(month)}&to-year=${String(year)}`;
  const file = await page.request.get(
    `/feedback/export/download?organisationId=${HUB}&${days}&format=csv&language=cy`,
  );
  assert.equal(file.status(), 200);
  assert.match(file.headers()['content-disposition'] ?? '', /^attachment; filename="cyd-feedback-/);
  assert.ok((await file.text()).includes(said), 'what they said is in the file');
  await page.goto(`/feedback/export?organisationId=${HUB}&lang=cy`);
  await arrived(j, '/feedback/export', `the export form, in Welsh (${label})`);
  assert.match(await page.locator('h1').innerText(), /Allforio adborth/);
}

/** The visitor finds the outcome on the board and by the receipt code; the posters are PDFs. */
async function seeWhatHappened(j: Journey, code: string, label: string) {
  const page = j.page;
  await page.goto('/you-said-we-did/hwb42?lang=cy');
  await arrived(j, '/you-said-we-did/hwb42', `the board, in Welsh (${label})`);
  await fits(j, `the board (${label})`);
  assert.ok((await page.locator('main').innerText()).includes('yn Gymraeg ar ddydd Mercher'));
  await openFitting(j, '/f/receipt', `look up with the receipt code (${label})`);
  await set(page, 'code', code);
  await submit(page, '/f/receipt');
  await arrived(j, '/f/receipt', `what happened (${label})`);
  assert.ok((await page.locator('main').innerText()).includes('yn Gymraeg ar ddydd Mercher'));
  const poster = await page.request.get('/you-said-we-did/hwb42/poster.pdf?lang=cy');
  assert.equal(poster.status(), 200);
  assert.equal((await poster.body()).subarray(0, 5).toString(), '%PDF-');
}

describe('feedback: anonymous in Welsh, triaged, published, the contributor told (Chromium)', () => {
  const suite = serverBrowserAndDatabase();

  browsingWays.forEach(([options, label]) => {
    test(`feedback to a published outcome (${label})`, async () => {
      const said = `Grŵp cerdded yn Gymraeg, os gwelwch yn dda (${label}, ${Date.now()})`;
      const email = `feedback-${String(Date.now())}@test.example`;
      let code = '';
      await journey(suite.browser, suite.server.baseUrl, options, async (visitor) => {
        code = await giveFeedback(visitor, said, email, label);
      });
      const item = await suite.database.db
        .selectFrom('feedback_items')
        .select(['id', 'language', 'contact_encrypted'])
        .where('body', '=', said)
        .executeTakeFirstOrThrow();
      assert.equal(item.language, 'cy');
      assert.ok(item.contact_encrypted && !item.contact_encrypted.includes('@'));
      await journey(suite.browser, suite.server.baseUrl, options, async (lead) => {
        await signInStaff(lead, LEAD);
        await closeTheLoop(lead, item.id, label);
        await exportFeedback(lead, said, label);
        const poster = await lead.page.request.get(`/feedback/inboxes/${HUB}/poster.pdf`);
        assert.equal(poster.status(), 200);
        assert.match(poster.headers()['content-type'] ?? '', /application\/pdf/);
      });
      // the contributor is told once, in Welsh, by the job; then the address is deleted
      let told: { body: string }[] = [];
      for (let tries = 0; tries < 60 && !told.length; tries += 1) {
        told = await suite.database.db
          .selectFrom('outbox_messages')
          .select('body')
          .where('recipient', '=', email)
          .execute();
        if (!told.length) await new Promise((resolve) => setTimeout(resolve, 500));
      }
      assert.equal(told.length, 1, 'told once');
      assert.match(told[0]!.body, /ddydd Mercher/);
      assert.match(told[0]!.body, new RegExp(code));
      const after = await suite.database.db
        .selectFrom('feedback_items')
        .select('contact_encrypted')
        .where('id', '=', item.id)
        .executeTakeFirstOrThrow();
      assert.equal(after.contact_encrypted, null);
      await journey(suite.browser, suite.server.baseUrl, options, async (visitor) => {
        await seeWhatHappened(visitor, code, label);
      });
      assert.match(item.id, new RegExp(`^${ID}$`));
    });
  });
});
