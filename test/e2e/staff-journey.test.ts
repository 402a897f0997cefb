/**
 * End-to-end: a demo organisation administrator signs in, switches to Welsh, moves around every
 * area of the service and signs out; the same with JavaScript off (every form still works); and a
 * pass on a 320px-wide screen. Every page visited is scanned with axe-core (zero violations), and
 * no request may leave 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';

import { journey, type Journey, narrowPhone } from './support/journey.ts';
import { serverAndBrowser } from './support/server.ts';
import { text, textBefore, type Language } from './support/text.ts';
import { StartPage } from './pages/public-pages.ts';
import {
  AccountPage,
  AuditPage,
  ChangePasswordPage,
  CheckInvitationPage,
  DashboardPage,
  EditOrganisationPage,
  InviteStaffPage,
  OrganisationPage,
  OrganisationsPage,
  OutboxMessagePage,
  OutboxPage,
  SignInPage,
  StaffPage,
  StaffRecordPage,
} from './pages/signed-in-pages.ts';

const ADMIN = 'organisation-admin@demo.example';
const PASSWORD = process.env.DEMO_PASSWORD ?? 'cyd-demo-2026';

/** Signs in through the start page's button; a wrong password first shows the error summary. */
async function signIn(j: Journey, lang: Language) {
  const start = new StartPage(j.page);
  await start.open(lang);
  await start.startSigningIn();
  const signIn = new SignInPage(j.page);
  await signIn.expectShown(lang);
  await j.check(`sign in (${lang})`);

  await signIn.signIn(ADMIN, 'not the password');
  assert.equal((await signIn.errorMessages()).length, 1, 'one error for a wrong password');
  assert.equal(await signIn.emailValue(), ADMIN, 'the e-mail address comes back filled in');
  assert.ok((await j.page.title()).startsWith(text(lang, 'common:errorPrefix')));
  await j.check(`sign in with a wrong password (${lang})`);

  await signIn.signIn(ADMIN, PASSWORD);
  const dashboard = new DashboardPage(j.page);
  assert.equal(new URL(j.page.url()).pathname, '/dashboard');
  await dashboard.expectShown(lang);
  assert.ok(
    (await j.page.locator('form[action="/sign-out"]').innerText()).includes(
      textBefore(lang, 'common:signedInAs'),
    ),
  );
  return dashboard;
}

/** The browser is on a page at `path` (a pattern for ids) that answered 200, in `lang`. */
async function expectArrived(j: Journey, path: string | RegExp, lang: Language) {
  const pathname = new URL(j.page.url()).pathname;
  if (typeof path === 'string') assert.equal(pathname, path);
  else assert.match(pathname, path);
  assert.equal(j.visitor.lastDocumentStatus, 200, `${pathname} answered 200`);
  assert.equal(
    await j.page.locator('html').getAttribute('lang'),
    lang,
    `<html lang> on ${pathname}`,
  );
  assert.ok(
    (await j.page.locator('main h1').innerText()).trim().length > 0,
    `${pathname} has a heading`,
  );
}

const ID = '[0-9a-f-]{36}';

/** Goes through the service navigation to each area and into a record of each, in `lang`. */
async function visitEveryArea(j: Journey, lang: Language, label: string) {
  const dashboard = new DashboardPage(j.page);
  const links = await dashboard.navigationLinks();
  for (const href of ['/dashboard', '/organisations', '/staff', '/audit', '/outbox', '/account']) {
    assert.ok(links.includes(href), `the navigation links to ${href} (has ${links.join(', ')})`);
  }

  await dashboard.navigateTo('/organisations');
  const organisations = new OrganisationsPage(j.page);
  await organisations.expectShown(lang);
  const names = await organisations.names();
  assert.ok(names.length > 0, 'the demo organisations are listed');
  await j.check(`organisations (${label})`);
  await organisations.openOrganisation();
  await expectArrived(j, new RegExp(`^/organisations/${ID}$`), lang);
  assert.equal(await new OrganisationPage(j.page).name(), names[0]);
  await j.check(`an organisation (${label})`);

  const staff = new StaffPage(j.page);
  await staff.navigateTo(staff.path);
  await staff.expectShown(lang);
  await j.check(`staff (${label})`);
  await staff.openFirstPerson();
  await expectArrived(j, new RegExp(`^/staff/${ID}$`), lang);
  await j.check(`a member of staff (${label})`);

  const audit = new AuditPage(j.page);
  await audit.navigateTo(audit.path);
  await audit.expectShown(lang);
  await j.check(`audit log (${label})`);
  await audit.openFirstEntry();
  await expectArrived(j, /^\/audit\/\d+$/, lang);
  await j.check(`an audit entry (${label})`);

  const outbox = new OutboxPage(j.page);
  await outbox.navigateTo(outbox.path);
  await outbox.expectShown(lang);
  await j.check(`outbox (${label})`);
  if ((await outbox.messageCount()) > 0) {
    await outbox.openFirstMessage();
    await expectArrived(j, new RegExp(`^/outbox/${ID}$`), lang);
    await new OutboxMessagePage(j.page).expectShown(lang);
    await j.check(`an outbox message (${label})`);
  }

  const account = new AccountPage(j.page);
  await account.navigateTo(account.path);
  await account.expectShown(lang);
  await j.check(`your account (${label})`);
  await account.openChangePassword();
  await new ChangePasswordPage(j.page).expectShown(lang);
  await j.check(`change your password (${label})`);

  await dashboard.navigateTo('/dashboard');
  await dashboard.expectShown(lang);
  await j.check(`dashboard (${label})`);
}

async function signOut(j: Journey, lang: Language) {
  await new DashboardPage(j.page).signOut();
  const signIn = new SignInPage(j.page);
  assert.equal(new URL(j.page.url()).pathname, '/sign-in');
  await signIn.expectShown(lang);
  assert.equal(await signIn.signOutButton().count(), 0, 'no sign-out button once signed out');
  await j.check(`signed out (${lang})`);
  // The session is gone: a signed-in page sends the visitor back to sign in.
  await j.page.goto('/dashboard');
  assert.equal(new URL(j.page.url()).pathname, '/sign-in');
}

describe('signed-in staff journey (Chromium)', () => {
  const suite = serverAndBrowser();

  test('sign in, switch to Welsh, move around every area, sign out', async () => {
    await journey(suite.browser, suite.server.baseUrl, {}, async (j) => {
      const dashboard = await signIn(j, 'en');
      await j.check('dashboard (en)');

      await dashboard.switchLanguage('cy');
      await dashboard.expectShown('cy');
      await j.check('dashboard (cy)');

      await visitEveryArea(j, 'cy', 'cy');
      await signOut(j, 'cy');
    });
  });

  test('without JavaScript: sign in, search, edit, invite staff, check answers, sign out', async () => {
    await journey(suite.browser, suite.server.baseUrl, { javaScriptEnabled: false }, async (j) => {
      const dashboard = await signIn(j, 'cy');
      await j.check('dashboard (cy, no JavaScript)');
      await dashboard.switchLanguageInFooter('en');
      await dashboard.expectShown('en');

      await visitEveryArea(j, 'en', 'en, no JavaScript');

      // A GET form: searching the organisations.
      const organisations = new OrganisationsPage(j.page);
      await organisations.open();
      const [first] = await organisations.names();
      await organisations.search(first!);
      assert.match(j.page.url(), /[?&]q=/);
      assert.ok((await organisations.names()).includes(first!), 'the search finds it');
      await j.check('organisations search (en, no JavaScript)');

      // A POST form: an empty name comes back with the error summary, then a real change saves.
      await organisations.openOrganisation(first);
      const organisation = new OrganisationPage(j.page);
      await organisation.edit();
      const edit = new EditOrganisationPage(j.page);
      await j.check('edit an organisation (en, no JavaScript)');
      await edit.setName('nameEn', '');
      await edit.save();
      assert.ok((await edit.errorMessages()).length > 0, 'an empty name is refused');
      await j.check('edit an organisation with an error (en, no JavaScript)');
      await edit.setName('nameEn', `${first!} (renamed)`);
      await edit.save();
      await expectArrived(j, new RegExp(`^/organisations/${ID}$`), 'en');
      assert.equal(await organisation.name(), `${first!} (renamed)`);
      await j.check('organisation saved (en, no JavaScript)');

      // Inviting a member of staff: errors, check your answers, send, and the e-mail in the outbox.
      const staff = new StaffPage(j.page);
      await staff.navigateTo(staff.path);
      await staff.startInviting();
      const invite = new InviteStaffPage(j.page);
      await invite.expectShown('en');
      await j.check('invite staff (en, no JavaScript)');
      await invite.continue();
      assert.ok((await invite.errorMessages()).length >= 3, 'an empty invitation is refused');
      await j.check('invite staff with errors (en, no JavaScript)');
      await invite.fill({
        name: 'Gwenllian Prawf',
        email: 'gwenllian.prawf@demo.example',
        role: 'viewer',
        language: 'cy',
      });
      await invite.continue();
      const check = new CheckInvitationPage(j.page);
      await check.expectShown('en');
      assert.ok(
        (await j.page.locator('main').innerText()).includes('gwenllian.prawf@demo.example'),
      );
      await j.check('check the invitation (en, no JavaScript)');
      await check.send();
      await expectArrived(j, new RegExp(`^/staff/${ID}$`), 'en');
      assert.equal(await new StaffRecordPage(j.page).headingText(), 'Gwenllian Prawf');
      assert.equal(
        await j.page.locator('.govuk-notification-banner').count(),
        1,
        'a banner confirms it',
      );
      await j.check('invitation sent (en, no JavaScript)');

      const outbox = new OutboxPage(j.page);
      await outbox.navigateTo(outbox.path);
      assert.ok((await outbox.messageCount()) > 0, 'the invitation is in the outbox');
      await outbox.openFirstMessage();
      await new OutboxMessagePage(j.page).expectShown('en');
      await j.check('the invitation in the outbox (en, no JavaScript)');

      await signOut(j, 'en');
    });
  });

  test('on a 320px-wide screen: signed-in pages fit and stay accessible', async () => {
    await journey(suite.browser, suite.server.baseUrl, narrowPhone, async (j) => {
      const dashboard = await signIn(j, 'cy');
      await j.check('dashboard (cy, 320px)');
      for (const href of ['/organisations', '/staff', '/audit', '/account']) {
        await dashboard.navigateTo(href);
        assert.equal(new URL(j.page.url()).pathname, href);
        assert.deepEqual(
          await dashboard.overflowOutsideTables(),
          [],
          `${href} does not reflow at 320px`,
        );
        await j.check(`${href} (cy, 320px)`);
      }
    });
  });
});
