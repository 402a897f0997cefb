import { createRequire } from 'node:module';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';

const require = createRequire(import.meta.url);
/** The axe-core bundle, injected into the scanning page. */
export const axePath = require.resolve('axe-core/axe.min.js');

/** Debian's Chromium; `.ci/run` installs it on a fresh machine. Override with CHROMIUM_PATH. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags from docs/recipes: no sandbox (root in CI), no GPU, and no traffic of Chromium's own. */
export const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** WCAG 2.0, 2.1 and 2.2 at levels A and AA. */
export const axeTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, headless: true });
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  nodes: { target: string[]; failureSummary?: string; html: string }[];
}

interface AxeResults {
  violations: AxeViolation[];
}

interface PageReport {
  label: string;
  url: string;
  violations: AxeViolation[];
}

/** One line per failing element: rule id, impact, help, where. */
export function describeViolations(reports: PageReport[]): string {
  const lines: string[] = [];
  for (const report of reports) {
    if (report.violations.length === 0) continue;
    lines.push(`${report.label} (${report.url}):`);
    for (const violation of report.violations) {
      lines.push(`  [${violation.id}] (${violation.impact ?? 'n/a'}) ${violation.help}`);
      lines.push(`    ${violation.helpUrl}`);
      for (const node of violation.nodes) {
        lines.push(`    - ${node.target.join(' ')}: ${node.html.slice(0, 200)}`);
        if (node.failureSummary) {
          lines.push(`      ${node.failureSummary.replace(/\n\s*/g, ' | ')}`);
        }
      }
    }
  }
  return lines.join('\n');
}

const SCRIPT_ELEMENT = /<script\b[^>]*>[\s\S]*?<\/script>/gi;

/**
 * Runs axe-core over pages exactly as the browser showed them. The app's strict CSP (rightly)
 * blocks injected scripts, so the scan happens in a separate context created with
 * `bypassCSP: true`, used only for scanning: the visited page's serialised DOM (scripts removed,
 * so it stays as the visitor saw it, with or without JavaScript) is served as the document at the
 * same URL, its stylesheets load from the real server, and axe is injected there.
 */
export class Accessibility {
  private context: BrowserContext | undefined;
  private scanPage: Page | undefined;
  private pending: string | undefined;
  readonly reports: PageReport[] = [];

  private readonly browser: Browser;
  constructor(browser: Browser) {
    this.browser = browser;
  }

  private async page() {
    if (this.scanPage) return this.scanPage;
    this.context = await this.browser.newContext({ bypassCSP: true, javaScriptEnabled: true });
    await this.context.route('**/*', async (route) => {
      const request = route.request();
      if (request.resourceType() === 'document' && this.pending !== undefined) {
        const body = this.pending;
        this.pending = undefined;
        await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body });
      } else {
        await route.continue();
      }
    });
    this.scanPage = await this.context.newPage();
    return this.scanPage;
  }

  /** Scans the page's current state; remembers the result under `label`. */
  async scan(page: Page, label: string): Promise<AxeViolation[]> {
    const url = page.url();
    const html = (await page.content()).replace(SCRIPT_ELEMENT, '');
    const scanPage = await this.page();
    const viewport = page.viewportSize();
    if (viewport) await scanPage.setViewportSize(viewport);
    // From a blank page, so the same address (a form sent back with errors) or one differing
    // only in its #fragment still loads the new copy rather than staying on the old one.
    await scanPage.goto('about:blank');
    this.pending = html;
    await scanPage.goto(url, { waitUntil: 'load' });
    if (this.pending !== undefined) throw new Error(`The scan did not load its copy of ${url}`);
    await scanPage.addScriptTag({ path: axePath });
    const results = await scanPage.evaluate(async (tags) => {
      const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
        .axe;
      return axe.run(document, {
        runOnly: { type: 'tag', values: tags },
        resultTypes: ['violations'],
      });
    }, axeTags);
    const violations = (results as AxeResults).violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String),
        failureSummary: n.failureSummary,
        html: n.html,
      })),
    }));
    this.reports.push({ label, url, violations });
    return violations;
  }

  /** Every scan so far with at least one violation, readably; empty when all are clean. */
  failures(): string {
    return describeViolations(this.reports);
  }

  async close() {
    await this.context?.close();
    this.context = undefined;
    this.scanPage = undefined;
  }
}

/**
 * A browser context that records every request: anything not to the server under test (any host
 * other than 127.0.0.1) is aborted and remembered, as are console errors (a CSP violation, a
 * script error) and failed page loads.
 */
export class Visitor {
  readonly thirdPartyRequests: string[] = [];
  readonly consoleErrors: string[] = [];
  readonly requests: string[] = [];
  /** The HTTP status of the last page (main-frame document) the browser received. */
  lastDocumentStatus = 0;

  readonly context: BrowserContext;
  readonly page: Page;
  private constructor(context: BrowserContext, page: Page) {
    this.context = context;
    this.page = page;
  }

  static async open(
    browser: Browser,
    baseUrl: string,
    options: BrowserContextOptions = {},
  ): Promise<Visitor> {
    const context = await browser.newContext({ baseURL: baseUrl, ...options });
    const page = await context.newPage();
    const visitor = new Visitor(context, page);
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.hostname !== '127.0.0.1' && url.protocol !== 'data:') {
        visitor.thirdPartyRequests.push(url.href);
        await route.abort('blockedbyclient');
      } else {
        await route.continue();
      }
    });
    page.on('request', (request) => visitor.requests.push(request.url()));
    page.on('response', (response) => {
      const request = response.request();
      if (request.isNavigationRequest() && request.frame() === page.mainFrame()) {
        visitor.lastDocumentStatus = response.status();
      }
    });
    page.on('console', (message) => {
      if (message.type() !== 'error') return;
      // A page answered with an error status (a 404 page, a form sent back with a 400) is
      // Chromium's note about the document itself; the journeys check those statuses.
      const aboutDocument =
        message.text().startsWith('Failed to load resource') &&
        message.location().url === page.url();
      if (!aboutDocument) visitor.consoleErrors.push(`${page.url()}: ${message.text()}`);
    });
    page.on('pageerror', (error) => visitor.consoleErrors.push(`${page.url()}: ${error.message}`));
    return visitor;
  }

  /** Requests to any host but 127.0.0.1 (also checked from the page's own request events). */
  offHostRequests(): string[] {
    const fromEvents = this.requests.filter((href) => {
      const url = new URL(href);
      return url.protocol !== 'data:' && url.hostname !== '127.0.0.1';
    });
    return [...new Set([...this.thirdPartyRequests, ...fromEvents])];
  }

  async close() {
    await this.context.close();
  }
}
