/**
 * End-to-end, issue 3 ("Done when"): an involvement lead adds a person through the staff
 * question pages and check-your-answers, records what they are willing to do, their training
 * and a time they cannot do, records their equality monitoring, finds them by willingness and
 * availability, and looks at the register statistics; the person then signs in to the portal
 * with a one-time code read from the outbox (as the demo platform administrator, in another
 * browser) and changes their language to Welsh. Every page visited is scanned with axe-core
 * (zero violations) and no request may leave 127.0.0.1. The whole journey runs twice: with
 * JavaScript and without it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from './support/browser.ts';
import { journey, type Journey } from './support/journey.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { text, type Language } from './support/text.ts';
import { clickAndWait } from './pages/cyd-page.ts';
import { SignInPage } from './pages/signed-in-pages.ts';

const LEAD = 'involvement-lead@demo.example';
const ADMIN = 'platform-admin@demo.example';
const PASSWORD = process.env.DEMO_PASSWORD ?? 'cyd-demo-2026';
const ID = '[0-9a-f-]{36}';

/** Sets a form control by name: a select, a text input, or the radio/checkbox with `value`. */
async function set(page: Page, name: string, value: string) {
  const controls = page.locator(`main [name="${name}"]`);
  const first = controls.first();
  const tag = await first.evaluate((element) => element.tagName.toLowerCase());
  const type = (await first.getAttribute('type')) ?? '';
  if (tag === 'select') await first.selectOption(value);
  else if (type === 'radio' || type === 'checkbox')
    await page.locator(`main [name="${name}"][value="${value}"]`).check();
  else await first.fill(value);
}

/** Presses the main form's submit button (not the header's sign-out). */
async function submit(page: Page, action?: string) {
  const form = action ? `main form[action="${action}"]` : 'main form[method="post"]';
  await clickAndWait(page, page.locator(`${form} button:not([name])`).last());
}

async function arrived(j: Journey, path: string | RegExp, label: string) {
  if (process.env.E2E_PROGRESS) process.stderr.write(`[register e2e] ${label}\n`);
  const pathname = new URL(j.page.url()).pathname;
  if (typeof path === 'string') assert.equal(pathname, path, label);
  else assert.match(pathname, path, label);
  assert.equal(j.visitor.lastDocumentStatus, 200, `${pathname} answered 200 (${label})`);
  assert.equal(
    await j.page.locator('.govuk-error-summary').count(),
    0,
    `no errors on ${pathname} (${label}): ${await j.page
      .locator('.govuk-error-summary')
      .innerText()
      .catch(() => '')}`,
  );
  await j.check(label);
}

async function signInStaff(j: Journey, email: string) {
  const signIn = new SignInPage(j.page);
  await signIn.open('en');
  await j.check('sign in');
  await signIn.signIn(email, PASSWORD);
  assert.equal(new URL(j.page.url()).pathname, '/dashboard');
}

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
  await set(page, 'kind', 'service_user');
  await submit(page);
  await arrived(j, '/people/new/name', `name (${label})`);
  await set(page, 'displayName', someone.name);
  await set(page, 'legalName', `${someone.name} (legal)`);
  await submit(page);
  await arrived(j, '/people/new/age', `age (${label})`);
  await set(page, 'ageBand', '35_44');
  await submit(page);
  await arrived(j, '/people/new/organisation', `organisation (${label})`);
  const organisation = await page
    .locator('main select[name="organisationId"] option')
    .evaluateAll((options) =>
      options.map((o) => (o as HTMLOptionElement).value).find((value) => value !== ''),
    );
  assert.ok(organisation, 'an organisation to register with');
  await set(page, 'organisationId', organisation);
  await submit(page);
  await arrived(j, '/people/new/language', `language (${label})`);
  await set(page, 'preferredLanguage', 'en');
  await set(page, 'speaksWelsh', 'yes');
  await submit(page);
  await arrived(j, '/people/new/contact', `contact (${label})`);
  await set(page, 'phone', someone.phone);
  await set(page, 'channel1', 'sms');
  await submit(page);
  await arrived(j, '/people/new/consent', `consent (${label})`);
  for (const purpose of ['contact', 'share_deidentified', 'equality'])
    await set(page, 'purposes', purpose);
  await set(page, 'method', 'in_person');
  await submit(page);
  await arrived(j, '/people/new/check', `check your answers (${label})`);
  assert.ok((await page.locator('main').innerText()).includes(someone.name));
  await submit(page, '/people/new/check');
  await arrived(j, new RegExp(`^/people/${ID}$`), `the new person (${label})`);
  const id = new URL(page.url()).pathname.split('/')[2]!;

  // What they are willing to do, their training, and a time they cannot do.
  await page.goto(`/people/${id}/edit/interests`);
  await arrived(j, `/people/${id}/edit/interests`, `interests (${label})`);
  await set(page, 'willingActivities', 'interview_panels');
  await set(page, 'trainingCompleted', 'interview_panel');
  await submit(page);
  await arrived(j, new RegExp(`^/people/${id}`), `interests saved (${label})`);
  await page.goto(`/people/${id}/edit/availability`);
  await arrived(j, `/people/${id}/edit/availability`, `availability (${label})`);
  await set(page, 'time-1-weekday', '1');
  await set(page, 'time-1-startsAt', '17:00');
  await set(page, 'time-1-endsAt', '21:00');
  await set(page, 'time-1-reason', 'Evening shift');
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
    return (
      await page
        .locator('main table')
        .innerText()
        .catch(() => '')
    ).includes(someone.name);
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
  await clickAndWait(page, page.locator('form[action="/sign-out"] button'));
  return id;
}

/** Reads the newest sign-in code in the outbox, as the platform administrator. */
async function codeFromOutbox(browser: Browser, baseUrl: string, label: string) {
  let code = '';
  await journey(browser, baseUrl, {}, async (admin) => {
    await signInStaff(admin, ADMIN);
    await admin.page.goto('/outbox');
    await admin.check(`outbox (${label})`);
    await clickAndWait(admin.page, admin.page.locator('main table a[href^="/outbox/"]').first());
    await admin.check(`the sign-in code message (${label})`);
    code = /\b(\d{6})\b/.exec(await admin.page.locator('main').innerText())?.[1] ?? '';
  });
  assert.match(code, /^\d{6}$/, 'a six-digit code in the outbox');
  return code;
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
  await page.goto('/portal/sign-in');
  await arrived(j, '/portal/sign-in', `portal sign in (${label})`);
  await set(page, 'contact', someone.phone);
  await submit(page);
  await arrived(j, '/portal/sign-in/code', `enter the code (${label})`);
  const code = await codeFromOutbox(browser, baseUrl, label);
  await set(page, 'code', code);
  await submit(page);
  await arrived(j, '/portal', `the portal (${label})`);
  assert.ok((await page.locator('main').innerText()).includes(someone.name));

  await page.goto('/portal/language');
  await arrived(j, '/portal/language', `portal language (${label})`);
  await set(page, 'language', 'cy');
  await submit(page);
  await arrived(j, '/portal', `the portal in Welsh (${label})`);
  const lang: Language = 'cy';
  assert.equal(await page.locator('html').getAttribute('lang'), lang);
  assert.equal((await page.locator('main h1').innerText()).trim(), text(lang, 'portal:home.title'));
}

describe('involvement register journey (Chromium)', () => {
  let server: RunningServer;
  let browser: Browser;

  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  for (const [javaScriptEnabled, label, someone] of [
    [true, 'JavaScript', { name: 'Eirlys Prawf', phone: '07700 900771' }],
    [false, 'no JavaScript', { name: 'Tudur Prawf', phone: '07700 900772' }],
  ] as const) {
    test(`add, find, portal sign-in with a code from the outbox, Welsh (${label})`, async () => {
      await journey(browser, server.baseUrl, { javaScriptEnabled }, async (j) => {
        await addAndFind(j, someone, label);
        await portal(j, browser, server.baseUrl, someone, label);
      });
    });
  }
});
