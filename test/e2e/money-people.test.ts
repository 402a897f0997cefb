/**
 * End-to-end, issue 11 items 4, 5 and 7: the demo involvement lead reads the benefit thresholds,
 * opens Rhiannon's money section (her payment choice and, with her consent, her benefits and
 * limit), changes her choice, then opens the hub's time credits and her ledger
 * and spends one of her credits on an offer. Rhiannon then signs in to the portal on a
 * phone without JavaScript and sees her payment choice and her credits in Welsh. Every page is
 * scanned with axe-core, and the staff journey runs with JavaScript, without it, and on a
 * 320-pixel screen (no page may scroll sideways).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoOrganisationId } from '#features/admin';
import { demoPersonId } from '#features/register';
import {
  arrived,
  signInPortal,
  LEAD,
  openFitting,
  signInStaff,
  submit,
  followFitting,
} from './support/forms.ts';
import { browsingWays, journey, fits, narrowPhone, type Journey } from './support/journey.ts';
import { serverBrowserAndDatabase } from './support/server.ts';
import { text } from './support/text.ts';
import { clickAndWait } from './pages/cyd-page.ts';

const HUB = demoOrganisationId('aberffugHub');
const RHIANNON = demoPersonId('rhiannon');
const PHONE = '07700 900101';

async function thresholdsAndChoices(j: Journey, label: string) {
  const page = j.page;
  await openFitting(j, '/money/thresholds', `benefit thresholds (${label})`);
  assert.ok((await page.locator('main').innerText()).includes('£203.50'), 'the ESA higher limit');

  await openFitting(j, `/people/${RHIANNON}/money`, `Rhiannon's money (${label})`);
  const summary = await page.locator('main').innerText();
  assert.ok(summary.includes('£150.00'), 'her own weekly limit, recorded with consent');

  await followFitting(j, `/people/${RHIANNON}/money/choice`, `her payment choice (${label})`);
  await page.locator('main input[name="method"][value="cash"]').check();
  await submit(page);
  await arrived(j, `/people/${RHIANNON}/money`, `choice saved (${label})`);
  assert.ok(
    (await page.locator('main').innerText()).includes(text('en', 'choices:methods.cash')),
    'the new choice is shown',
  );
  // back as the demo data had it, for the next way of browsing
  await page.goto(`/people/${RHIANNON}/money/choice`);
  await page.locator('main input[name="method"][value="bank_transfer"]').check();
  await submit(page);
  await arrived(j, `/people/${RHIANNON}/money`, `choice put back (${label})`);

  await page.goto(`/people/${RHIANNON}/money/benefits?lang=cy`);
  await arrived(j, `/people/${RHIANNON}/money/benefits`, `her benefits in Welsh (${label})`);
  await fits(j, `her benefits in Welsh (${label})`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'cy');
  await page.goto(`/people/${RHIANNON}/money?lang=en`);
}

async function credits(j: Journey, label: string) {
  const page = j.page;
  await openFitting(j, '/money/credits', `time credits (${label})`);
  await followFitting(j, `/money/credits/${HUB}`, `the hub's scheme (${label})`);
  await clickAndWait(
    page,
    page.locator(`main a[href="/money/credits/${HUB}/people/${RHIANNON}"]`).first(),
  );
  const ledger = `/money/credits/${HUB}/people/${RHIANNON}`;
  await arrived(j, ledger, `Rhiannon's ledger (${label})`);
  await fits(j, `Rhiannon's ledger (${label})`);

  await followFitting(j, `${ledger}/spend`, `spend credits (${label})`);
  await page.locator('main input[name="offerId"]').first().check();
  await submit(page);
  await arrived(j, ledger, `credits spent (${label})`);
  await page.goto(`${ledger}?lang=cy`);
  await arrived(j, ledger, `Rhiannon's ledger in Welsh (${label})`);
  await page.goto(`${ledger}?lang=en`);
}

describe('payment choices, benefits and time credits (Chromium)', () => {
  const suite = serverBrowserAndDatabase();

  browsingWays.forEach(([options, label]) => {
    test(`the lead keeps a person's choice and credits (${label})`, async () => {
      await journey(suite.browser, suite.server.baseUrl, options, async (lead) => {
        await signInStaff(lead, LEAD);
        await thresholdsAndChoices(lead, label);
        await credits(lead, label);
      });
    });
  });

  test('Rhiannon’s balance still equals the sum of her ledger', async () => {
    const { db } = suite.database;
    const accounts = await db
      .selectFrom('credit_accounts as a')
      .leftJoin('credit_entries as e', 'e.account_id', 'a.id')
      .where('a.person_id', '=', RHIANNON)
      .groupBy(['a.id', 'a.balance'])
      .select([
        'a.balance',
        (eb) => eb.fn.coalesce(eb.fn.sum<string>('e.amount'), eb.val('0')).as('sum'),
      ])
      .execute();
    assert.ok(accounts.length > 0);
    for (const account of accounts) assert.equal(Number(account.sum), account.balance);
  });

  test('Rhiannon reads her choice and credits in the portal, in Welsh, on a phone', async () => {
    const options = { javaScriptEnabled: false, ...narrowPhone };
    await journey(suite.browser, suite.server.baseUrl, options, async (j) => {
      const page = j.page;
      await signInPortal(j, suite.browser, suite.server.baseUrl, PHONE, 'money');
      assert.equal(await page.locator('html').getAttribute('lang'), 'cy');

      await followFitting(j, '/portal/money', 'her money (cy)');
      assert.ok((await page.locator('main').innerText()).includes('£150.00'));
      await openFitting(j, '/portal/money/choice', 'her choice (cy)');

      await page.goto('/portal');
      await followFitting(j, '/portal/credits', 'her credits (cy)');
    });
  });
});
