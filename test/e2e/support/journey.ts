import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import assert from 'node:assert/strict';
import { CydPage } from '../pages/cyd-page.ts';
import { Accessibility, Visitor } from './browser.ts';

/** A screen 320 px wide (WCAG 2.2 reflow). */
export const narrowScreen = { viewport: { width: 320, height: 640 } } as const;

/** A phone 320 px wide (WCAG 2.2 reflow), with touch. */
export const narrowPhone = { ...narrowScreen, isMobile: true, hasTouch: true } as const;

/** The three ways a journey is walked: with JavaScript, without it, and on a 320 px phone. */
export const browsingWays = [
  [{ javaScriptEnabled: true }, 'JavaScript'],
  [{ javaScriptEnabled: false }, 'no JavaScript'],
  [{ javaScriptEnabled: true, ...narrowPhone }, '320px phone'],
] as const;

export interface JourneyOptions extends BrowserContextOptions {
  /** Console errors that are expected (e.g. Chromium logging the 404 status of a 404 page). */
  allowConsole?: RegExp[];
}

export interface Journey {
  page: Page;
  visitor: Visitor;
  /** Runs axe over the page as it is now; every page a journey visits is checked. */
  check(label: string): Promise<void>;
}

/**
 * Runs one journey in a fresh browser context and then fails, with everything found, if axe
 * reported any violation on a checked page, if any request left 127.0.0.1, or if the browser
 * logged an error (a CSP violation, a script error).
 */
export async function journey(
  browser: Browser,
  baseUrl: string,
  options: JourneyOptions,
  body: (journey: Journey) => Promise<void>,
) {
  const { allowConsole = [], ...contextOptions } = options;
  const visitor = await Visitor.open(browser, baseUrl, contextOptions);
  const a11y = new Accessibility(browser);
  try {
    await body({
      page: visitor.page,
      visitor,
      check: async (label) => {
        await a11y.scan(visitor.page, label);
      },
    });
    const problems: string[] = [];
    const axe = a11y.failures();
    if (axe) problems.push(`axe-core found accessibility violations:\n${axe}`);
    const offHost = visitor.offHostRequests();
    if (offHost.length) {
      problems.push(`Requests left 127.0.0.1 (third-party):\n  ${offHost.join('\n  ')}`);
    }
    const consoleErrors = visitor.consoleErrors.filter(
      (line) => !allowConsole.some((pattern) => pattern.test(line)),
    );
    if (consoleErrors.length) {
      problems.push(`The browser logged errors:\n  ${consoleErrors.join('\n  ')}`);
    }
    if (problems.length) throw new Error(problems.join('\n\n'));
  } catch (error) {
    const axe = a11y.failures();
    if (error instanceof Error && axe && !error.message.includes(axe)) {
      error.message += `\n\nAlso, axe-core found:\n${axe}`;
    }
    throw error;
  } finally {
    await a11y.close();
    await visitor.close();
  }
}

/** The page fits the screen: nothing outside a table scrolls sideways (WCAG 1.4.10 reflow). */
export async function fits(j: Journey, label: string) {
  const page = new CydPage(j.page);
  const width = await page.scrollWidth();
  const viewport = j.page.viewportSize()?.width ?? width;
  assert.ok(
    width <= viewport,
    `${label} scrolls sideways (${String(width)}px): ${(await page.overflowOutsideTables()).join(', ')}`,
  );
}
