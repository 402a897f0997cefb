/**
 * Form and journey helpers the end-to-end journeys share: fill a control by name, submit the main
 * form, check the page arrived (path, 200, no error summary, axe), sign staff in, and read a
 * portal sign-in code from the outbox.
 */
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { londonParts } from '#platform/time/london.ts';
import { fits, journey, type Journey } from './journey.ts';
import { clickAndWait } from '../pages/cyd-page.ts';
import { SignInPage } from '../pages/signed-in-pages.ts';

export const LEAD = 'involvement-lead@demo.example';
export const ADMIN = 'platform-admin@demo.example';
export const PASSWORD = process.env.DEMO_PASSWORD ?? 'cyd-demo-2026';
export const ID = '[0-9a-f-]{36}';

/** Sets a form control by name: a select, a text input, or the radio/checkbox with `value`. */
export async function set(page: Page, name: string, value: string) {
  const controls = page.locator(`main [name="${name}"]`);
  const first = controls.first();
  const tag = await first.evaluate((element) => element.tagName.toLowerCase());
  const type = (await first.getAttribute('type')) ?? '';
  if (tag === 'select') await first.selectOption(value);
  else if (type === 'radio' || type === 'checkbox')
    await page.locator(`main [name="${name}"][value="${value}"]`).check();
  else await first.fill(value);
}

/** Fills the day, month and year boxes named `<prefix>-day` etc. with today's UK date. */
export async function fillToday(page: Page, prefix: string) {
  const [year, month, day] = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' })
    .format(new Date())
    .split('-');
  await set(page, `${prefix}-day`, String(Number(day)));
  await set(page, `${prefix}-month`, String(Number(month)));
  await set(page, `${prefix}-year`, year!);
}

/** Fills the day, month and year boxes named `<prefix>-day` etc. with the UK date `days` from now. */
export async function fillDaysAhead(page: Page, prefix: string, days: number) {
  const [year, month, day] = londonParts(new Date(Date.now() + days * 86_400_000)).date.split('-');
  await set(page, `${prefix}-day`, String(Number(day)));
  await set(page, `${prefix}-month`, String(Number(month)));
  await set(page, `${prefix}-year`, year!);
}

/** On a page that first asks which organisation (a GET form), chooses the one named. */
export async function chooseOrganisation(page: Page, organisation: string) {
  const value = await page
    .locator('main select[name="organisation"] option', { hasText: organisation })
    .first()
    .getAttribute('value');
  await set(page, 'organisation', value!);
  await clickAndWait(page, page.locator('main form[method="get"] button'));
}

/** Sets each control named (in order) as `set` does, then submits the main form. */
export async function answer(page: Page, values: Record<string, string>) {
  for (const [name, value] of Object.entries(values)) await set(page, name, value);
  await submit(page);
}

/** Presses the main form's submit button (not the header's sign-out). */
export async function submit(page: Page, action?: string) {
  const form = action ? `main form[action="${action}"]` : 'main form[method="post"]';
  await clickAndWait(page, page.locator(`${form} button:not([name])`).last());
}

export async function arrived(j: Journey, path: string | RegExp, label: string) {
  if (process.env.E2E_PROGRESS)
    process.stderr.write(`[e2e] ${new Date().toISOString().slice(11, 19)} ${label}\n`);
  const pathname = new URL(j.page.url()).pathname;
  if (typeof path === 'string') assert.equal(pathname, path, label);
  else assert.match(pathname, path, label);
  assert.equal(j.visitor.lastDocumentStatus, 200, `${pathname} answered 200 (${label})`);
  const errors = j.page.locator('.govuk-error-summary');
  // (the summary's text is read only when there is one: innerText would wait for it otherwise)
  if ((await errors.count()) > 0)
    assert.fail(`no errors on ${pathname} (${label}): ${await errors.first().innerText()}`);
  await j.check(label);
}

/** Opens `path`, checks it arrived (as `arrived` does) and fits the screen (as `fits` does). */
export async function openFitting(j: Journey, path: string, label: string) {
  await j.page.goto(path);
  await arrived(j, path, label);
  await fits(j, label);
}

/** Follows the main part's link to `path`, checks it arrived and fits the screen (as openFitting). */
export async function followFitting(j: Journey, path: string, label: string) {
  await clickAndWait(j.page, j.page.locator(`main a[href="${path}"]`));
  await arrived(j, path, label);
  await fits(j, label);
}

export async function signInStaff(j: Journey, email: string) {
  const signIn = new SignInPage(j.page);
  await signIn.open('en');
  await j.check('sign in');
  await signIn.signIn(email, PASSWORD);
  assert.equal(new URL(j.page.url()).pathname, '/dashboard');
}

/**
 * Reads the newest sign-in code in the outbox, as the platform administrator (who sees codes)
 * or as an involvement lead helping the person sign in (who presses "Show the sign-in code").
 */
export async function codeFromOutbox(
  browser: Browser,
  baseUrl: string,
  label: string,
  helper = ADMIN,
) {
  let code = '';
  await journey(browser, baseUrl, {}, async (staff) => {
    await signInStaff(staff, helper);
    await staff.page.goto('/outbox');
    await staff.check(`outbox (${label})`);
    // the newest messages first; others (invitations sent by the dispatch job, which runs every
    // minute) may have arrived since the code, so look further than the first few
    const links = await staff.page
      .locator('main table a[href^="/outbox/"]')
      .evaluateAll((anchors) => anchors.slice(0, 25).map((a) => a.getAttribute('href') ?? ''));
    for (const href of links) {
      await staff.page.goto(href);
      const reveal = staff.page.locator('main form[action$="/code"] button');
      if ((await reveal.count()) > 0) {
        await staff.check(`a sign-in code, hidden (${label})`);
        await reveal.click();
        await staff.page.waitForURL(/\/code$/);
      }
      // "Your Cyd sign-in code is 123456" / "… yw 123456": the six digits after the words
      code =
        /(?:code is|mewngofnodi Cyd yw) (\d{6})\b/.exec(
          await staff.page.locator('main').innerText(),
        )?.[1] ?? '';
      if (code) {
        await staff.check(`a message in the outbox (${label})`);
        break;
      }
    }
  });
  assert.match(code, /^\d{6}$/, 'a six-digit code in the outbox');
  return code;
}

/**
 * Signs a person in to the portal with their phone: asks for a code, reads it from the outbox
 * (as `codeFromOutbox` does, by `helper`) and enters it; ends on the portal's home page.
 */
export async function signInPortal(
  j: Journey,
  browser: Browser,
  baseUrl: string,
  phone: string,
  label: string,
  helper = ADMIN,
) {
  const page = j.page;
  await page.goto('/portal/sign-in');
  await arrived(j, '/portal/sign-in', `portal sign in (${label})`);
  await answer(page, { contact: phone });
  await arrived(j, '/portal/sign-in/code', `enter the code (${label})`);
  await answer(page, { code: await codeFromOutbox(browser, baseUrl, label, helper) });
  await arrived(j, '/portal', `the portal (${label})`);
}
