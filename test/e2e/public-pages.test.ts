/**
 * End-to-end: the pages anyone can see, in English and Welsh, with and without JavaScript, on a
 * narrow screen. Every page visited is scanned with axe-core (zero violations) and no request may
 * leave 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { Accessibility, Visitor } from './support/browser.ts';
import { journey, type Journey, narrowPhone } from './support/journey.ts';
import { serverAndBrowser } from './support/server.ts';
import { text } from './support/text.ts';
import {
  AccessibilityPage,
  CookiesPage,
  NotFoundPage,
  PrivacyPage,
  StartPage,
} from './pages/public-pages.ts';
import { ForgotPasswordPage, ResetLinkSentPage, SignInPage } from './pages/signed-in-pages.ts';

/** Follows each footer link in turn: the page is shown in the language and passes the checks. */
async function followFooterLinks(
  j: Journey,
  start: StartPage,
  language: 'en' | 'cy',
  note: string = language,
) {
  const footerPages = [
    ['accessibility', AccessibilityPage, 'accessibility statement'],
    ['privacy', PrivacyPage, 'privacy notice'],
    ['cookies', CookiesPage, 'cookies'],
  ] as const;
  for (const [link, Page, name] of footerPages) {
    await start.followFooterLink(link);
    await new Page(j.page).expectShown(language);
    await j.check(`${name} (${note})`);
  }
}

describe('public pages (Chromium)', () => {
  const suite = serverAndBrowser();

  test('in English: the start page, every footer page and a page that does not exist', async () => {
    await journey(suite.browser, suite.server.baseUrl, {}, async (j) => {
      const start = new StartPage(j.page);
      const response = await start.open();
      assert.equal(response?.status(), 200);
      await start.expectShown('en');
      await j.check('start page (en)');
      // govuk-frontend ran: its inline script is allowed by the CSP's hash, init.js by 'self'
      const body = await j.page.evaluate(() => document.body.className);
      assert.match(body, /\bjs-enabled\b/);
      assert.match(body, /\bgovuk-frontend-supported\b/);
      await j.page.waitForFunction(() =>
        document.querySelector('[data-module="govuk-button"][data-govuk-button-init]'),
      );

      await followFooterLinks(j, start, 'en');

      await start.followHomeLink();
      await start.expectShown('en');
      await j.check('start page again (en)');

      const notFound = new NotFoundPage(j.page);
      const missing = await notFound.open();
      assert.equal(missing?.status(), 404);
      await notFound.expectShown('en');
      await j.check('page not found (en)');
    });
  });

  test('in Welsh: the header switch changes the language and it is remembered', async () => {
    await journey(suite.browser, suite.server.baseUrl, {}, async (j) => {
      const start = new StartPage(j.page);
      await start.open();
      await start.switchLanguage('cy');
      assert.match(j.page.url(), /\?lang=cy$/);
      await start.expectShown('cy');
      assert.notEqual(text('cy', 'pages:start.title'), text('en', 'pages:start.title'));
      await j.check('start page (cy)');

      // No ?lang= from here on: the choice is kept in a cookie.
      await followFooterLinks(j, start, 'cy');

      const notFound = new NotFoundPage(j.page);
      assert.equal((await notFound.open())?.status(), 404);
      await notFound.expectShown('cy');
      await j.check('page not found (cy)');

      // The footer's switch goes back to English, and that is remembered too.
      await new CookiesPage(j.page).open();
      await start.switchLanguageInFooter('en');
      await new CookiesPage(j.page).expectShown('en');
      await j.check('cookies (back in en)');
      await start.followFooterLink('privacy');
      await new PrivacyPage(j.page).expectShown('en');
      await j.check('privacy notice (still en)');
    });
  });

  test('without JavaScript: every public page and the language switch work', async () => {
    await journey(suite.browser, suite.server.baseUrl, { javaScriptEnabled: false }, async (j) => {
      const start = new StartPage(j.page);
      await start.open();
      await start.expectShown('en');
      await j.check('start page (en, no JavaScript)');

      await start.switchLanguageInFooter('cy');
      await start.expectShown('cy');
      await j.check('start page (cy, no JavaScript)');

      await followFooterLinks(j, start, 'cy', 'cy, no JavaScript');

      const notFound = new NotFoundPage(j.page);
      assert.equal((await notFound.open())?.status(), 404);
      await notFound.expectShown('cy');
      await j.check('page not found (cy, no JavaScript)');
    });
  });

  test('in Welsh without JavaScript: sign-in and forgotten-password forms, with their errors', async () => {
    await journey(suite.browser, suite.server.baseUrl, { javaScriptEnabled: false }, async (j) => {
      const start = new StartPage(j.page);
      await start.open('cy');
      await start.startSigningIn();
      const signIn = new SignInPage(j.page);
      await signIn.expectShown('cy');
      await j.check('sign in (cy, no JavaScript)');

      await signIn.signIn('', '');
      assert.ok((await signIn.errorMessages()).length > 0, 'an empty form is refused');
      assert.ok((await j.page.title()).startsWith(text('cy', 'common:errorPrefix')));
      await j.check('sign in with errors (cy, no JavaScript)');

      await signIn.followForgottenPassword();
      const forgot = new ForgotPasswordPage(j.page);
      await forgot.expectShown('cy');
      await j.check('forgotten password (cy, no JavaScript)');
      await forgot.request('not an e-mail address');
      assert.equal((await forgot.errorMessages()).length, 1, 'a bad address is refused');
      await j.check('forgotten password with an error (cy, no JavaScript)');
      // The same answer whether or not there is an account (no account enumeration).
      await forgot.request('nobody-here@demo.example');
      await new ResetLinkSentPage(j.page).expectShown('cy');
      await j.check('reset link sent (cy, no JavaScript)');
    });
  });

  test('on a 320px-wide screen: no horizontal scrolling, still accessible', async () => {
    await journey(suite.browser, suite.server.baseUrl, narrowPhone, async (j) => {
      for (const [Page, lang] of [
        [StartPage, 'cy'],
        [AccessibilityPage, 'en'],
        [CookiesPage, 'cy'],
      ] as const) {
        const page = new Page(j.page);
        await page.open(lang);
        await page.expectShown(lang);
        assert.ok(
          (await page.scrollWidth()) <= 320,
          `${page.path} (${lang}) scrolls sideways at 320px: ${await page.scrollWidth()}px wide`,
        );
        await j.check(`${page.path} (${lang}, 320px)`);
      }
    });
  });

  test('the accessibility scan itself finds violations (it is not a no-op)', async () => {
    const visitor = await Visitor.open(suite.browser, suite.server.baseUrl);
    const a11y = new Accessibility(suite.browser);
    try {
      await visitor.context.route('**/axe-self-test', (route) =>
        route.fulfill({
          contentType: 'text/html',
          body: '<!doctype html><html><head><title>x</title></head><body><main><img src="/favicon.ico"><p style="color:#ccc;background:#fff">faint</p><input></main></body></html>',
        }),
      );
      await visitor.page.goto('/axe-self-test');
      const ids = (await a11y.scan(visitor.page, 'self-test')).map((v) => v.id).sort();
      assert.deepEqual(ids, ['color-contrast', 'html-has-lang', 'image-alt', 'label']);
      assert.match(a11y.failures(), /\[image-alt\] \(critical\)/);
    } finally {
      await a11y.close();
      await visitor.close();
    }
  });

  test('no page asks for anything from another host', async () => {
    await journey(suite.browser, suite.server.baseUrl, {}, async (j) => {
      const start = new StartPage(j.page);
      await start.open('cy');
      await start.followFooterLink('accessibility');
      await j.check('accessibility statement (cy, request check)');
      const hosts = new Set(j.visitor.requests.map((href) => new URL(href).host));
      assert.deepEqual([...hosts], [new URL(suite.server.baseUrl).host]);
      // The stylesheet, the script and the icon all came from /assets/ with fingerprinted names.
      const assets = j.visitor.requests.filter((href) =>
        new URL(href).pathname.startsWith('/assets/'),
      );
      assert.ok(assets.some((href) => /\/assets\/application\.[0-9a-f]{12}\.css$/.test(href)));
      assert.ok(assets.some((href) => /\/assets\/govuk-frontend\.[0-9a-f]{12}\.js$/.test(href)));
    });
  });
});
