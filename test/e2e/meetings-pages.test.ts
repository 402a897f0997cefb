/**
 * End-to-end, issue 10 item 1 (the meeting pages): the demo involvement lead schedules a weekly
 * series (first with mistakes: an in-person meeting without a venue, the end before the start),
 * reads the first meeting's page, goes to the next one of the series, changes it and the later
 * ones, writes an agenda with "Add more rows", cancels the last meeting after confirming, and
 * reads the list and the pages in Welsh. Every page is scanned with axe-core; the journey runs
 * without JavaScript, and on a 320-pixel phone screen (no page may scroll sideways).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { arrived, ID, LEAD, set, signInStaff, submit, followFitting } from './support/forms.ts';
import { chooseOrganisation, fillDaysAhead } from './support/forms.ts';
import { fits, journey, narrowPhone, type Journey } from './support/journey.ts';
import { serverAndBrowser } from './support/server.ts';
import { text } from './support/text.ts';
import { clickAndWait } from './pages/cyd-page.ts';

/** The demo involvement lead's organisation. */
const ORGANISATION = 'Aberffug Drug and Alcohol Service';

async function meetingsJourney(j: Journey, title: string, label: string, days: number) {
  const page = j.page;
  const main = () => page.locator('main').innerText();
  await page.goto('/meetings');
  await arrived(j, '/meetings', `meetings (${label})`);
  await fits(j, `meetings (${label})`);
  await clickAndWait(page, page.locator('main a[href="/meetings/new"]').first());
  // the lead may schedule at more than one organisation: the first step chooses it
  if ((await page.locator('main form[method="get"] select[name="organisation"]').count()) > 0) {
    await arrived(j, '/meetings/new', `choose the organisation (${label})`);
    await chooseOrganisation(page, ORGANISATION);
  }
  await arrived(j, '/meetings/new', `schedule a meeting (${label})`);
  await fits(j, `schedule a meeting (${label})`);

  // mistakes first: in person without a venue, the end before the start
  await set(page, 'kind', 'forum');
  await set(page, 'titleEn', title);
  await set(page, 'titleCy', `${title} (cy)`);
  await set(page, 'purposeEn', 'To hear what carers think of the service.');
  await fillDaysAhead(page, 'date', days);
  await set(page, 'startTime', '14:00');
  await set(page, 'endTime', '13:00');
  await set(page, 'repeat', 'weekly');
  await set(page, 'count', '3');
  await set(page, 'attendanceMode', 'in_person');
  await set(page, 'arrangements', 'break_planned');
  await submit(page);
  assert.equal(await page.locator('.govuk-error-summary').count(), 1, 'the mistakes are shown');
  const errors = await main();
  assert.ok(errors.includes(text('en', 'meetings:pages.errors.venueMissing')));
  assert.ok(errors.includes(text('en', 'meetings:pages.errors.endBeforeStart')));
  assert.equal(await page.locator('main input[name="titleEn"]').inputValue(), title);
  await j.check(`schedule with errors (${label})`);
  await fits(j, `schedule with errors (${label})`);

  await set(page, 'attendanceMode', 'online');
  await set(page, 'endTime', '16:00');
  await submit(page);
  await arrived(j, new RegExp(`^/meetings/${ID}$`), `the first meeting (${label})`);
  await fits(j, `the first meeting (${label})`);
  const first = new URL(page.url()).pathname.split('/')[2]!;
  let shown = await main();
  assert.ok(shown.includes(title));
  assert.ok(shown.includes('Part of a series'));

  // the next meeting of the series: change it and the later one
  await clickAndWait(page, page.locator('main a', { hasText: 'Next meeting' }));
  await arrived(j, new RegExp(`^/meetings/${ID}$`), `the second meeting (${label})`);
  const second = new URL(page.url()).pathname.split('/')[2]!;
  assert.notEqual(second, first);
  await followFitting(j, `/meetings/${second}/edit`, `change the meeting (${label})`);
  await set(page, 'scope', 'later');
  await set(page, 'titleEn', `${title}, changed`);
  await set(page, 'startTime', '10:00');
  await set(page, 'endTime', '12:00');
  await submit(page);
  await arrived(j, `/meetings/${second}`, `changed (${label})`);
  shown = await main();
  assert.ok(shown.includes(`${title}, changed`));
  assert.ok(shown.includes('10:00'));

  // the agenda: three empty rows, then more without JavaScript
  await followFitting(j, `/meetings/${second}/agenda`, `the agenda (${label})`);
  await set(page, 'item-0-titleEn', 'Welcome');
  await set(page, 'item-0-titleCy', 'Croeso');
  await set(page, 'item-0-minutes', '10');
  await clickAndWait(page, page.locator('main button[name="action"][value="more"]'));
  await arrived(j, `/meetings/${second}/agenda`, `more agenda rows (${label})`);
  assert.equal(await page.locator('main input[name="item-5-titleEn"]').count(), 1);
  await set(page, 'item-4-titleEn', 'Your views');
  await set(page, 'item-4-titleCy', 'Eich barn');
  await set(page, 'item-4-minutes', '60');
  await set(page, 'item-4-position', '1');
  await clickAndWait(page, page.locator('main button[name="action"][value="save"]'));
  await arrived(j, `/meetings/${second}`, `agenda saved (${label})`);
  const agenda = await page.locator('main ol').innerText();
  assert.ok(agenda.indexOf('Your views') < agenda.indexOf('Welcome'), 'reordered');

  // cancel the last meeting of the series
  await clickAndWait(page, page.locator('main a', { hasText: 'Next meeting' }));
  await arrived(j, new RegExp(`^/meetings/${ID}$`), `the third meeting (${label})`);
  const third = new URL(page.url()).pathname.split('/')[2]!;
  assert.ok((await main()).includes(`${title}, changed`), 'the later meeting changed too');
  await followFitting(j, `/meetings/${third}/cancel`, `cancel? (${label})`);
  await set(page, 'reason', 'The room is not available.');
  await submit(page, `/meetings/${third}/cancel`);
  await arrived(j, `/meetings/${third}`, `cancelled (${label})`);
  assert.ok((await main()).includes(text('en', 'meetings:statuses.cancelled')));

  // in Welsh
  for (const [path, name] of [
    ['/meetings', 'meetings'],
    ['/meetings/new', 'schedule'],
    [`/meetings/${second}`, 'the meeting'],
    [`/meetings/${second}/edit`, 'change'],
    [`/meetings/${second}/agenda`, 'agenda'],
    [`/meetings/${second}/cancel`, 'cancel?'],
  ] as const) {
    await page.goto(`${path}?lang=cy`);
    await arrived(j, path, `${name} in Welsh (${label})`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'cy');
    await fits(j, `${name} in Welsh (${label})`);
  }
  assert.ok((await main()).includes(text('cy', 'meetings:pages.cancel.title')));
  await page.goto('/meetings?lang=en');
}

describe('meeting pages journey (Chromium)', () => {
  const suite = serverAndBrowser();
  for (const [options, label, days] of [
    [{ javaScriptEnabled: false }, 'no JavaScript', 20],
    [{ javaScriptEnabled: false, ...narrowPhone }, '320px phone', 40],
  ] as const) {
    test(`schedule a series, change it, write an agenda, cancel (${label})`, async () => {
      await journey(suite.browser, suite.server.baseUrl, options, async (lead) => {
        await signInStaff(lead, LEAD);
        await meetingsJourney(lead, `Carers forum (${label})`, label, days);
      });
    });
  }
});
