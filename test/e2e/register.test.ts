/**
 * End-to-end, issue 3 ("Done when"): an involvement lead adds a person through the staff
 * question pages and check-your-answers, records what they are willing to do, their training
 * and a time they cannot do (with "Add another time"), records their equality monitoring, finds them by willingness and
 * availability, and looks at the register statistics; the person then signs in to the portal
 * with a one-time code the involvement lead reads to them from the outbox ("Show the sign-in
 * code", audited; in another browser) and changes their language to Welsh. Every page visited is scanned with axe-core
 * (zero violations) and no request may leave 127.0.0.1. The whole journey runs twice: with
 * JavaScript and without it.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser } from 'playwright-core';

import {
  answer,
  arrived,
  signInPortal,
  ID,
  LEAD,
  set,
  signInStaff,
  submit,
} from './support/forms.ts';
import { journey, type Journey } from './support/journey.ts';
import { serverAndBrowser } from './support/server.ts';
import { text, type Language } from './support/text.ts';
import { clickAndWait } from './pages/cyd-page.ts';

interface Someone {
  name: string;
  phone: string;
}

/** The involvement lead registers the person and finds them; returns the person's id. */
async function addAndFind(j: Journey, someone: Someone, label: string) {
  const page = j.page;
  await signInStaff(j, LEAD);
  await page.goto('/people');
  await arrived(j, '/people', `the register (${label})`);
  await clickAndWait(page, page.locator('main a[href="/people/new"]').first());

  // The question pages, in order; an empty first page comes back with the error summary.
  await arrived(j, '/people/new/kind', `kind (${label})`);
  await submit(page);
  assert.equal(await page.locator('.govuk-error-summary').count(), 1, 'a kind is required');
  await j.check(`kind with an error (${label})`);
  await answer(page, { kind: 'service_user' });
  await arrived(j, '/people/new/name', `name (${label})`);
  await answer(page, { displayName: someone.name, legalName: `${someone.name} (legal)` });
  await arrived(j, '/people/new/age', `age (${label})`);
  await answer(page, { ageBand: '35_44' });
  await arrived(j, '/people/new/organisation', `organisation (${label})`);
  const organisation = await page
    .locator('main select[name="organisationId"] option')
    .evaluateAll((options) =>
      options.map((o) => (o as HTMLOptionElement).value).find((value) => value !== ''),
    );
  assert.ok(organisation, 'an organisation to register with');
  await answer(page, { organisationId: organisation });
  await arrived(j, '/people/new/language', `language (${label})`);
  await answer(page, { preferredLanguage: 'en', speaksWelsh: 'yes' });
  await arrived(j, '/people/new/contact', `contact (${label})`);
  await answer(page, { phone: someone.phone, channel1: 'sms' });
  await arrived(j, '/people/new/consent', `consent (${label})`);
  for (const purpose of ['contact', 'share_deidentified', 'equality'])
    await set(page, 'purposes', purpose);
  await answer(page, { method: 'in_person' });
  await arrived(j, '/people/new/check', `check your answers (${label})`);
  assert.ok((await page.locator('main').innerText()).includes(someone.name));
  await submit(page, '/people/new/check');
  await arrived(j, new RegExp(`^/people/${ID}$`), `the new person (${label})`);
  const id = new URL(page.url()).pathname.split('/')[2]!;

  // What they are willing to do, their training, and a time they cannot do.
  await page.goto(`/people/${id}/edit/interests`);
  await arrived(j, `/people/${id}/edit/interests`, `interests (${label})`);
  await answer(page, {
    willingActivities: 'interview_panels',
    trainingCompleted: 'interview_panel',
  });
  await arrived(j, new RegExp(`^/people/${id}`), `interests saved (${label})`);
  await page.goto(`/people/${id}/edit/availability`);
  await arrived(j, `/people/${id}/edit/availability`, `availability (${label})`);
  await set(page, 'time-0-weekday', '1');
  await set(page, 'time-0-startsAt', '17:00');
  await set(page, 'time-0-endsAt', '21:00');
  await set(page, 'time-0-reason', 'Evening shift');
  // "Add another time" brings the form back with a second row and what was typed kept
  await clickAndWait(page, page.locator('main button[name="addRow"][value="time"]'));
  await arrived(j, `/people/${id}/edit/availability`, `availability, another time (${label})`);
  assert.equal(await page.locator('[name="time-0-reason"]').inputValue(), 'Evening shift');
  assert.equal(await page.locator('[name="time-1-startsAt"]').count(), 1, 'a second time row');
  await submit(page);
  await arrived(j, new RegExp(`^/people/${id}`), `availability saved (${label})`);

  // Equality monitoring (they consented): held apart, "prefer not to say" everywhere.
  await page.goto(`/people/${id}/equality`);
  await arrived(j, `/people/${id}/equality`, `equality monitoring (${label})`);
  await set(page, 'sex', 'prefer_not_to_say');
  await set(page, 'ethnicity', 'white_welsh_english_scottish_ni_british');
  await submit(page, `/people/${id}/equality`);
  await arrived(j, `/people/${id}/equality`, `equality monitoring saved (${label})`);
  assert.equal(await page.locator('.govuk-notification-banner').count(), 1);

  // Found: willing to sit on an interview panel, trained, Welsh-speaking, free on Tuesday mornings.
  const search = async (query: string) => {
    await page.goto(`/people?${query}`);
    await arrived(j, '/people', `search ${query} (${label})`);
    // no table when nothing matches (innerText would wait for one)
    return (await page.locator('main').innerText()).includes(someone.name);
  };
  await page.goto('/people');
  // the filters beyond name sit in a closed "more filters" details element
  const more = page.locator('main details:not([open]) summary');
  if ((await more.count()) > 0) await more.first().click();
  await set(page, 'willing', 'interview_panels');
  await set(page, 'trained', 'interview_panel');
  await set(page, 'welsh', '1');
  await set(page, 'day', '2');
  await set(page, 'part', 'morning');
  await clickAndWait(page, page.locator('main form[method="get"] button').first());
  await arrived(j, '/people', `search by willingness and availability (${label})`);
  assert.ok(
    (await page.locator('main table').innerText()).includes(someone.name),
    'found by willingness, training, Welsh and Tuesday morning',
  );
  assert.equal(
    await search('willing=interview_panels&trained=interview_panel&welsh=1&day=1&part=evening'),
    false,
    'not free on Monday evenings',
  );

  await page.goto('/register/statistics');
  await arrived(j, '/register/statistics', `register statistics (${label})`);

  // Everything held about them, as printed for them: every value in words, no ids or codes.
  await page.goto(`/people/${id}/subject-access`);
  await arrived(j, `/people/${id}/subject-access`, `subject access (${label})`);
  assert.doesNotMatch(
    await page.locator('main').innerText(),
    /\b\w+_\w+\b|[0-9a-f]{8}-[0-9a-f]{4}-|\d{4}-\d{2}-\d{2}T/,
  );
  await clickAndWait(page, page.locator('form[action="/sign-out"] button'));
  return id;
}

/** The person signs in to the portal with the code and changes their language to Welsh. */
async function portal(
  j: Journey,
  browser: Browser,
  baseUrl: string,
  someone: Someone,
  label: string,
) {
  const page = j.page;
  // the involvement lead helping them reads the code (audited)
  await signInPortal(j, browser, baseUrl, someone.phone, label, LEAD);
  assert.ok((await page.locator('main').innerText()).includes(someone.name));

  await page.goto('/portal/language');
  await arrived(j, '/portal/language', `portal language (${label})`);
  await answer(page, { language: 'cy' });
  await arrived(j, '/portal', `the portal in Welsh (${label})`);
  const lang: Language = 'cy';
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
  assert.equal((await page.locator('main h1').innerText()).trim(), text(lang, 'portal:home.title'));
}

describe('involvement register journey (Chromium)', () => {
  const suite = serverAndBrowser();

  for (const [javaScriptEnabled, label, someone] of [
    [true, 'JavaScript', { name: 'Eirlys Prawf', phone: '07700 900771' }],
    [false, 'no JavaScript', { name: 'Tudur Prawf', phone: '07700 900772' }],
  ] as const) {
    test(`add, find, portal sign-in with a code from the outbox, Welsh (${label})`, async () => {
      await journey(suite.browser, suite.server.baseUrl, { javaScriptEnabled }, async (j) => {
        await addAndFind(j, someone, label);
        await portal(j, suite.browser, suite.server.baseUrl, someone, label);
      });
    });
  }
});
