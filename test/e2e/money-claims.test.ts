/**
 * End-to-end, issue 11 items 2, 3 and 5: the demo involvement lead makes a claim on Rhiannon's
 * behalf on the day (a £12.40 bus fare and two days as a board representative), sends it for
 * approval, and sees the benefit check warn that the payment would take her over the weekly
 * limit she recorded; she approves a lower amount. The organisation's administrator opens a cash
 * float at the hub, pays the claim from it on the day and reconciles the float to the penny.
 * Every page is scanned with axe-core, and the journey runs with JavaScript, without it, and on
 * a 320-pixel screen (no page may scroll sideways).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoPersonId } from '#features/register';
import {
  arrived,
  fillToday,
  ID,
  openFitting,
  set,
  submit,
  followFitting,
} from './support/forms.ts';
import { browsingWays, fits, type Journey } from './support/journey.ts';
import { claimThenPay, HUB } from './support/money.ts';
import { serverBrowserAndDatabase } from './support/server.ts';
import { clickAndWait } from './pages/cyd-page.ts';

const RHIANNON = demoPersonId('rhiannon');

/** The lead makes the claim and approves a lower payment after the warning; its id. */
async function claimAndApprove(j: Journey, label: string): Promise<string> {
  const page = j.page;
  await page.goto(`/money/claims/new?organisationId=${HUB}&personId=${RHIANNON}`);
  await arrived(j, '/money/claims/new', `a claim for Rhiannon (${label})`);
  await fits(j, `a claim for Rhiannon (${label})`);
  await fillToday(j.page, 'occurredOn');
  await page.locator('main select[name="kind-1"]').selectOption('bus');
  await set(page, 'amount-1', '12.40');
  const board = page.locator('main select[name="kind-2"] option', {
    hasText: 'Board representative',
  });
  await page.locator('main select[name="kind-2"]').selectOption(await board.getAttribute('value'));
  await set(page, 'units-2', '2');
  await clickAndWait(page, page.locator('main button[name="action"][value="submit"]'));
  await arrived(j, new RegExp(`^/money/claims/${ID}$`), `the claim, sent (${label})`);
  const claimId = new URL(page.url()).pathname.split('/')[3]!;
  const claimPage = await page.locator('main').innerText();
  assert.ok(claimPage.includes('£12.40'), 'the bus fare');
  assert.ok(claimPage.includes('£160.00'), 'two days at £80');

  await page.goto('/money/approvals');
  await arrived(j, '/money/approvals', `claims to approve (${label})`);
  await fits(j, `claims to approve (${label})`);
  await followFitting(j, `/money/claims/${claimId}/approve`, `approve the claim (${label})`);
  const warnings = await page.locator('main .govuk-warning-text').allInnerTexts();
  assert.ok(
    warnings.some((w) => w.includes('£150.00')),
    `the weekly limit she recorded is named in a warning: ${warnings.join(' | ')}`,
  );
  await page.locator('main input[name="outcome"][value="lower_amount"]').check();
  await set(page, 'lowerAmount', '100.00');
  await submit(page, `/money/claims/${claimId}/approve`);
  await arrived(j, '/money/approvals', `approved (${label})`);
  assert.equal(
    await page.locator(`main a[href="/money/claims/${claimId}/approve"]`).count(),
    0,
    'no longer waiting',
  );
  return claimId;
}

/** The administrator pays the claim in cash from a new float and reconciles it. */
async function payOnTheDay(j: Journey, claimId: string, label: string) {
  const page = j.page;
  await openFitting(j, `/money/floats/${HUB}`, `the hub's floats (${label})`);
  const floatName = `Desk ${label}`;
  await set(page, 'name', floatName);
  await set(page, 'amount', '200.00');
  await submit(page, `/money/floats/${HUB}`);
  await arrived(j, `/money/floats/${HUB}`, `float opened (${label})`);

  await openFitting(j, `/money/claims/${claimId}/pay`, `pay the claim (${label})`);
  await page.locator('main input[name="method"][value="cash"]').check();
  const float = page.locator('main select[name="floatId"] option', { hasText: floatName });
  await page.locator('main select[name="floatId"]').selectOption(await float.getAttribute('value'));
  await fillToday(j.page, 'paidOn');
  await submit(page);
  await arrived(j, `/money/claims/${claimId}/pay`, `paid (${label})`);
  const paid = await page.locator('main').innerText();
  assert.ok(paid.includes('£12.40') && paid.includes('£100.00'), `expenses and payment: ${paid}`);

  // 200.00 - 112.40 = 87.60 left in the tin
  await page.goto(`/money/floats/${HUB}`);
  const href = await page
    .locator('main a[href$="/reconcile"]', { hasText: floatName })
    .getAttribute('href');
  await openFitting(j, href!, `reconcile the float (${label})`);
  assert.ok((await page.locator('main').innerText()).includes('£87.60'), 'the expected balance');
  await set(page, 'counted', '87.60');
  await submit(page, href!);
  await arrived(j, `/money/floats/${HUB}`, `reconciled to the penny (${label})`);
  const row = await page.locator('main tr', { hasText: floatName }).innerText();
  assert.ok(row.includes('£87.60'), `closed with £87.60 counted: ${row}`);
}

describe('claims approved with the benefit check and paid on the day (Chromium)', () => {
  const suite = serverBrowserAndDatabase();

  browsingWays.forEach(([options, label]) => {
    test(`a claim made on the day, approved after the warning, paid from a float (${label})`, async () => {
      const { claimId } = await claimThenPay(
        suite,
        options,
        (lead) => claimAndApprove(lead, label),
        (finance, id) => payOnTheDay(finance, id, label),
      );
      const payment = await suite.database.db
        .selectFrom('money_payments')
        .where('claim_id', '=', claimId)
        .select(['expenses_pence', 'payment_pence', 'on_the_day_or_before', 'method'])
        .executeTakeFirstOrThrow();
      assert.deepEqual(payment, {
        expenses_pence: 1240,
        payment_pence: 10000,
        on_the_day_or_before: true,
        method: 'cash',
      });
    });
  });
});
