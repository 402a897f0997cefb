import assert from 'node:assert/strict';
import type { Locator, Page, Response } from 'playwright-core';
import { text, type Language } from '../support/text.ts';

/** Clicks something that loads a new page and waits until that page has loaded. */
export async function clickAndWait(page: Page, target: Locator) {
  const navigated = page.waitForEvent('framenavigated', {
    predicate: (frame) => frame === page.mainFrame(),
  });
  try {
    await target.click();
  } catch (error) {
    navigated.catch(() => undefined); // the click's error is the one to report
    throw error;
  }
  await navigated;
  await page.waitForLoadState('load');
}

/**
 * What every Cyd page has: the layout's header (service name, service navigation), the language
 * switch above the content, the footer links, the sign-out button when signed in.
 */
export class CydPage {
  /** The translation key of the page's `<h1>` (checked by `expectShown`). */
  readonly headingKey: string | undefined = undefined;
  /** Where the page lives, for pages that can be opened directly. */
  readonly path: string | undefined = undefined;

  readonly page: Page;
  constructor(page: Page) {
    this.page = page;
  }

  /** Opens `path` (with `?lang=` if given) and checks it is this page. */
  async open(lang?: Language): Promise<Response | null> {
    assert.ok(this.path, `${this.constructor.name || this.headingKey} has no path`);
    const response = await this.page.goto(lang ? `${this.path}?lang=${lang}` : this.path);
    return response;
  }

  heading(): Locator {
    return this.page.locator('main h1');
  }

  async headingText(): Promise<string> {
    return (await this.heading().innerText()).trim();
  }

  async htmlLang(): Promise<string | null> {
    return this.page.locator('html').getAttribute('lang');
  }

  /** Asserts the page is this one, in `lang`: `<html lang>`, the `<h1>` and the `<title>`. */
  async expectShown(lang: Language) {
    assert.equal(await this.htmlLang(), lang, `<html lang> on ${this.page.url()}`);
    if (this.headingKey) {
      const expected = text(lang, this.headingKey);
      assert.equal(await this.headingText(), expected, `<h1> on ${this.page.url()}`);
      assert.ok(
        (await this.page.title()).startsWith(expected),
        `<title> "${await this.page.title()}" should start with "${expected}"`,
      );
    }
  }

  /** The header's language navigation (the current language is not a link). */
  async switchLanguage(lang: Language) {
    await clickAndWait(
      this.page,
      this.page.locator(`.govuk-language-navigation a[hreflang="${lang}"]`),
    );
  }

  /** The footer's language link. */
  async switchLanguageInFooter(lang: Language) {
    await clickAndWait(this.page, this.page.locator(`footer a[hreflang="${lang}"]`));
  }

  async followFooterLink(name: 'accessibility' | 'privacy' | 'cookies') {
    await clickAndWait(this.page, this.page.locator(`footer a[href="/${name}"]`));
  }

  /** The service name in the header goes to the start page (or the dashboard when signed in). */
  async followHomeLink() {
    await clickAndWait(this.page, this.page.locator('header a').first());
  }

  /** Follows a service navigation link, opening the collapsed menu first on a narrow screen. */
  async navigateTo(href: string) {
    const menuButton = this.page.locator('.govuk-service-navigation__toggle');
    if ((await menuButton.count()) > 0 && (await menuButton.isVisible())) {
      if ((await menuButton.getAttribute('aria-expanded')) !== 'true') await menuButton.click();
    }
    const link = this.page.locator(`.govuk-service-navigation a[href="${href}"]`).first();
    // a capability's links sit in a disclosure (<details>): open it first
    const group = this.page.locator(`.cyd-navigation__details:has(a[href="${href}"])`);
    if ((await group.count()) > 0 && !(await group.evaluate((d) => (d as HTMLDetailsElement).open)))
      await group.locator('summary').click();
    await clickAndWait(this.page, link);
  }

  /** The service navigation's links (hrefs), which depend on the person's permissions. */
  async navigationLinks(): Promise<string[]> {
    return this.page
      .locator('.govuk-service-navigation a')
      .evaluateAll((links) => links.map((link) => link.getAttribute('href') ?? ''));
  }

  signOutButton(): Locator {
    return this.page.locator('form[action="/sign-out"] button');
  }

  async signOut() {
    await clickAndWait(this.page, this.signOutButton());
  }

  /** Width of the document, to find horizontal scrolling on a narrow screen. */
  async scrollWidth(): Promise<number> {
    return this.page.evaluate(() => document.documentElement.scrollWidth);
  }

  /**
   * Elements that stick out past the right edge of the screen, apart from data tables and what is
   * inside them (WCAG 1.4.10 Reflow exempts content that needs two dimensions, such as a data
   * table; everything else must reflow). Empty when the page reflows.
   */
  async overflowOutsideTables(): Promise<string[]> {
    return this.page.evaluate(() => {
      const width = document.documentElement.clientWidth;
      const found: string[] = [];
      for (const element of Array.from(document.querySelectorAll('body *'))) {
        if (element.closest('table, .cyd-table-scroll')) continue;
        const rect = element.getBoundingClientRect();
        if (rect.width > 0 && rect.right > width + 1) {
          const name = `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}`;
          const classes = element.classList.length
            ? `.${Array.from(element.classList).join('.')}`
            : '';
          found.push(`${name}${classes} (right edge at ${Math.round(rect.right)}px)`);
        }
      }
      return found;
    });
  }
}

/** The page object of a page that is only shown: its heading, and its address if it has one. */
export function plainPage(headingKey: string, path?: string) {
  return class extends CydPage {
    override readonly headingKey = headingKey;
    override readonly path = path;
  };
}
