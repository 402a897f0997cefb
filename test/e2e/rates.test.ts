/**
 * End-to-end, issue 11 (rates and rules): the demo organisation administrator opens the money
 * group's rates, reads the region's rates (and a provider that inherits them), sets new rates
 * from a later day (first with a mistake), finds them in the history as not yet in force,
 * withdraws them after confirming, and reads the pages in Welsh. Every page is scanned with
 * axe-core and no request may leave 127.0.0.1. The journey runs with JavaScript, without it, and
 * on a 320-pixel phone screen (no page may scroll sideways).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { londonParts } from '#platform/time/london.ts';
import { demoOrganisationId } from '#features/admin';
import { arrived, set, signInStaff, submit, followFitting } from './support/forms.ts';
import { browsingWays, journey, type Journey, fits } from './support/journey.ts';
import { serverAndBrowser } from './support/server.ts';
import { text } from './support/text.ts';
import { clickAndWait } from './pages/cyd-page.ts';

const ADMIN = 'organisation-admin@demo.example';
const REGION = demoOrganisationId('region');
const CAFE = demoOrganisationId('recoveryCafe');

/** A UK day some days from today, as the date boxes take it. */
function dayFromToday(days: number) {
  const today = londonParts(new Date()).date;
  const at = new Date(Date.parse(`${today}T12:00:00Z`) + days * 86_400_000);
  return {
    day: String(at.getUTCDate()),
    month: String(at.getUTCMonth() + 1),
    year: String(at.getUTCFullYear()),
  };
}

async function ratesJourney(j: Journey, days: number, label: string) {
  const page = j.page;
  await page.goto('/money/rates');
  await arrived(j, '/money/rates', `rates (${label})`);
  await fits(j, `rates (${label})`);
  await followFitting(j, `/money/rates/${REGION}`, `the region's rates (${label})`);
  const shown = await page.locator('main').innerText();
  assert.ok(shown.includes('£0.45'), 'the demo mileage rate is shown');
  assert.ok(shown.includes('Forum member'));

  await followFitting(j, `/money/rates/${REGION}/new`, `new rates (${label})`);
  assert.equal(
    await page.locator('main input[name="mileageCar"]').inputValue(),
    '0.45',
    'the form starts from the rates in force',
  );

  // a mistake first: words for an amount
  const when = dayFromToday(days);
  await set(page, 'effectiveFrom-day', when.day);
  await set(page, 'effectiveFrom-month', when.month);
  await set(page, 'effectiveFrom-year', when.year);
  await set(page, 'mileageCar', 'forty-five');
  await set(page, 'note', `Journey ${label}`);
  await clickAndWait(page, page.locator('main button[value="save"]'));
  assert.equal(await page.locator('.govuk-error-summary').count(), 1, 'the amount is explained');
  assert.ok(
    (await page.locator('main').innerText()).includes(text('en', 'rates:errors.mileageCar')),
  );
  await j.check(`new rates with errors (${label})`);

  await set(page, 'mileageCar', '0.55');
  await clickAndWait(page, page.locator('main button[value="save"]'));
  await arrived(j, `/money/rates/${REGION}`, `rates saved (${label})`);
  const history = await page.locator('main').innerText();
  assert.ok(history.includes(text('en', 'rates:flash.set')));
  assert.ok(
    history.includes(text('en', 'rates:show.future')),
    'the new rates are not yet in force',
  );
  assert.ok(history.includes(`Journey ${label}`));

  const withdraw = page.locator('main a[href$="/withdraw"]').first();
  await clickAndWait(page, withdraw);
  await arrived(
    j,
    new RegExp(`^/money/rates/${REGION}/versions/[0-9a-f-]{36}/withdraw$`),
    `withdraw? (${label})`,
  );
  await fits(j, `withdraw? (${label})`);
  await submit(page);
  await arrived(j, `/money/rates/${REGION}`, `withdrawn (${label})`);
  assert.ok((await page.locator('main').innerText()).includes(text('en', 'rates:flash.withdrawn')));

  // the café has rates of its own from next April; before then it uses the region's
  await page.goto(`/money/rates/${CAFE}?lang=cy`);
  await arrived(j, `/money/rates/${CAFE}`, `the café's rates in Welsh (${label})`);
  const cafe = await page.locator('main').innerText();
  assert.ok(cafe.includes(text('cy', 'rates:show.future')));
  assert.ok(cafe.includes('£0.45 y filltir'));
  await page.goto(`/money/rates/${REGION}/new?lang=cy`);
  await arrived(j, `/money/rates/${REGION}/new`, `new rates in Welsh (${label})`);
  await fits(j, `new rates in Welsh (${label})`);
  await page.goto('/money/rates?lang=en');
}

describe('rates journey (Chromium)', () => {
  const suite = serverAndBrowser();

  browsingWays.forEach(([options, label], i) => {
    test(`read, set and withdraw rates, in English and Welsh (${label})`, async () => {
      await journey(suite.browser, suite.server.baseUrl, options, async (admin) => {
        await signInStaff(admin, ADMIN);
        await ratesJourney(admin, 40 + i, label);
      });
    });
  });
});
