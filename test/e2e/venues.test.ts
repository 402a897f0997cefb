/**
 * End-to-end, issue 10 (venues): the demo involvement lead adds a venue (first with a mistake),
 * ticks what it offers, reads it back, changes it, archives and restores it after confirming,
 * and reads the list and the venue in Welsh. Every page is scanned with axe-core and no request
 * may leave 127.0.0.1. The journey runs with JavaScript, without it, and on a 320-pixel phone
 * screen (no page may scroll sideways).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { arrived, ID, LEAD, set, signInStaff, submit, followFitting } from './support/forms.ts';
import { browsingWays, journey, type Journey, fits } from './support/journey.ts';
import { serverAndBrowser } from './support/server.ts';
import { text } from './support/text.ts';
import { clickAndWait } from './pages/cyd-page.ts';

/** The demo involvement lead's organisation. */
const ORGANISATION = 'Aberffug Drug and Alcohol Service';

async function venueJourney(j: Journey, name: string, label: string) {
  const page = j.page;
  await page.goto('/venues');
  await arrived(j, '/venues', `venues (${label})`);
  await fits(j, `venues (${label})`);
  await clickAndWait(page, page.locator('main a[href="/venues/new"]').first());
  await arrived(j, '/venues/new', `add a venue (${label})`);
  await fits(j, `add a venue (${label})`);

  // a mistake first: no name
  await set(page, 'address', '1 Stryd Fawr\nAberffug');
  await set(page, 'features', 'step_free');
  await submit(page);
  assert.equal(await page.locator('.govuk-error-summary').count(), 1, 'the name is required');
  assert.ok(
    (await page.locator('main').innerText()).includes(text('en', 'venues:errors.name.required')),
  );
  assert.ok(
    await page.locator('main input[name="features"][value="step_free"]').isChecked(),
    'the ticks are kept',
  );
  await j.check(`add a venue with errors (${label})`);

  const organisation = await page
    .locator('main select[name="organisationId"] option', { hasText: ORGANISATION })
    .first()
    .getAttribute('value');
  assert.ok(organisation, 'the lead can choose their organisation');
  await set(page, 'organisationId', organisation);
  await set(page, 'name', name);
  await set(page, 'directionsEn', 'Ring the bell by the blue door.');
  await set(page, 'directionsCy', 'Canwch y gloch wrth y drws glas.');
  await set(page, 'features', 'hearing_loop');
  await set(page, 'features', 'police_building');
  await submit(page);
  await arrived(j, new RegExp(`^/venues/${ID}$`), `the new venue (${label})`);
  await fits(j, `the new venue (${label})`);
  const id = new URL(page.url()).pathname.split('/')[2]!;
  const shown = await page.locator('main').innerText();
  assert.ok(shown.includes(name));
  assert.ok(shown.includes('Ring the bell by the blue door.'));

  await clickAndWait(page, page.locator(`main a[href="/venues/${id}/edit"]`));
  await arrived(j, `/venues/${id}/edit`, `change the venue (${label})`);
  await page.locator('main input[name="features"][value="police_building"]').uncheck();
  await set(page, 'features', 'parking');
  await submit(page);
  await arrived(j, `/venues/${id}`, `changed (${label})`);

  await followFitting(j, `/venues/${id}/archive`, `archive? (${label})`);
  await submit(page, `/venues/${id}/archive`);
  await arrived(j, `/venues/${id}`, `archived (${label})`);
  await clickAndWait(page, page.locator(`main a[href="/venues/${id}/restore"]`));
  await arrived(j, `/venues/${id}/restore`, `restore? (${label})`);
  await submit(page, `/venues/${id}/restore`);
  await arrived(j, `/venues/${id}`, `restored (${label})`);

  // the list shows what it offers as tags
  await page.goto('/venues');
  await arrived(j, '/venues', `venues with the new one (${label})`);
  const row = page.locator('main tbody tr', { hasText: name });
  const tags = await row.innerText();
  assert.ok(tags.includes(text('en', 'venues:features.parking.tag')));
  assert.ok(!tags.includes(text('en', 'venues:features.police_building.tag')));

  // in Welsh
  await page.goto('/venues?lang=cy');
  await arrived(j, '/venues', `venues in Welsh (${label})`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'cy');
  assert.ok((await page.locator('main h1').innerText()).includes(text('cy', 'venues:list.title')));
  await page.goto(`/venues/${id}?lang=cy`);
  await arrived(j, `/venues/${id}`, `the venue in Welsh (${label})`);
  assert.ok((await page.locator('main').innerText()).includes('Canwch y gloch wrth y drws glas.'));
  await page.goto('/venues/new?lang=cy');
  await arrived(j, '/venues/new', `add a venue in Welsh (${label})`);
  await fits(j, `add a venue in Welsh (${label})`);
  await page.goto(`/venues/${id}/archive?lang=cy`);
  await arrived(j, `/venues/${id}/archive`, `archive? in Welsh (${label})`);
  await page.goto('/venues?lang=en');
}

describe('venues journey (Chromium)', () => {
  const suite = serverAndBrowser();

  for (const [options, label] of browsingWays) {
    test(`add, change, archive and restore a venue, in English and Welsh (${label})`, async () => {
      await journey(suite.browser, suite.server.baseUrl, options, async (lead) => {
        await signInStaff(lead, LEAD);
        await venueJourney(lead, `Neuadd y Dref (${label})`, label);
      });
    });
  }
});
