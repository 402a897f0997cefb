/**
 * End-to-end: the jargon buster (public, both languages) and the jargon check (staff), with
 * JavaScript, without it, and on a 320-pixel phone screen. Every page is scanned with axe-core.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildDocx } from '#test/support/paper-files.ts';
import { clickAndWait } from './pages/cyd-page.ts';
import { arrived, LEAD, set, signInStaff, submit } from './support/forms.ts';
import { browsingWays, journey, fits } from './support/journey.ts';
import { serverAndBrowser } from './support/server.ts';
import { text } from './support/text.ts';

describe('jargon buster and jargon check (Chromium)', () => {
  const suite = serverAndBrowser();
  for (const [options, label] of browsingWays) {
    test(`the public glossary in English and Welsh, searched (${label})`, async () => {
      await journey(suite.browser, suite.server.baseUrl, options, async (j) => {
        await j.page.goto('/glossary?lang=en');
        await arrived(j, '/glossary', `glossary (en, ${label})`);
        await fits(j, 'the glossary');
        assert.equal(await j.page.locator('h1').innerText(), text('en', 'glossary:title'));
        await j.page.locator('nav a[href="#letter-n"]').click();
        await j.page.locator('#naloxone').waitFor();
        await set(j.page, 'q', 'needle');
        await clickAndWait(j.page, j.page.locator('form[role="search"] button'));
        await arrived(j, '/glossary', `glossary searched (en, ${label})`);
        assert.equal(await j.page.locator('#nsp').count(), 1);
        assert.equal(await j.page.locator('#apb').count(), 0);

        await j.page.goto('/glossary?lang=cy');
        await arrived(j, '/glossary', `glossary (cy, ${label})`);
        await fits(j, 'the Welsh glossary');
        assert.equal(await j.page.locator('h1').innerText(), text('cy', 'glossary:title'));
        assert.match(await j.page.locator('#apb').innerText(), /BCA/);
        await set(j.page, 'q', 'lleihau');
        await clickAndWait(j.page, j.page.locator('form[role="search"] button'));
        await arrived(j, '/glossary', `glossary searched (cy, ${label})`);
        assert.equal(await j.page.locator('#harm-reduction').count(), 1);
      });
    });

    test(`the jargon check of pasted text and an uploaded paper (${label})`, async () => {
      await journey(suite.browser, suite.server.baseUrl, options, async (j) => {
        await signInStaff(j, LEAD);
        await j.page.goto('/jargon-check?lang=en');
        await arrived(j, '/jargon-check', `jargon check (en, ${label})`);
        await fits(j, 'the jargon check');
        await j.page.locator('#language').check();
        await set(
          j.page,
          'text',
          'The APB agreed that the commissioning of tier 3 services and the DDAS contract would be reviewed by the board before the end of the financial year, subject to the outcome of the consultation with stakeholders and providers. We met in town.',
        );
        await submit(j.page, '/jargon-check');
        await arrived(j, '/jargon-check', `jargon check findings (en, ${label})`);
        await fits(j, 'the findings');
        const findings = await j.page.locator('#findings').locator('..').innerText();
        assert.match(findings, /DDAS/);
        assert.match(findings, /Area Planning Board/);
        assert.match(findings, /Flesch/);

        await j.page.goto('/jargon-check?lang=cy');
        await arrived(j, '/jargon-check', `jargon check (cy, ${label})`);
        await j.page.locator('#uploadLanguage-2').check();
        await j.page.locator('#paper').setInputFiles({
          name: 'papur.docx',
          mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
          buffer: buildDocx(['Bydd y BCA yn trafod lleihau niwed.', 'Mae’r GCA yn cwrdd yfory.']),
        });
        await submit(j.page, '/jargon-check/upload');
        await arrived(j, '/jargon-check/upload', `jargon check of a paper (cy, ${label})`);
        const welsh = await j.page.locator('#findings').locator('..').innerText();
        assert.match(welsh, /GCA/);
        assert.match(welsh, /lleihau niwed/);
        assert.doesNotMatch(welsh, /Flesch/);
      });
    });
  }
});
