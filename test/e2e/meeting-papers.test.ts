/**
 * End-to-end, issue 10 item 4: an involvement lead, without JavaScript, opens a meeting's papers,
 * is refused an executable renamed .pdf (error summary), uploads a PDF agenda paper with a
 * plain-language summary, downloads it (an attachment with the same bytes), uploads minutes and
 * publishes them, looks at replacing a file, and deletes a paper after confirming — in English,
 * then in Welsh. Every page visited is scanned with axe-core; the list is read on a 320px screen.
 * The meeting is inserted into the server's database directly (the meeting pages are another
 * feature's).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { before, describe, test } from 'node:test';
import { PDF, executable, insertTestMeeting } from '#test/support/meetings-papers.ts';
import { arrived, LEAD, openFitting, set, signInStaff, submit } from './support/forms.ts';
import { journey, narrowScreen, type Journey } from './support/journey.ts';
import { leadOrganisationId, serverBrowserAndDatabase } from './support/server.ts';
import { text, textBefore, type Language } from './support/text.ts';
import { clickAndWait } from './pages/cyd-page.ts';

describe('meeting papers and minutes (end to end)', () => {
  const suite = serverBrowserAndDatabase();
  const meetings: Partial<Record<Language, string>> = {};

  before(async () => {
    const organisationId = await leadOrganisationId(suite.database.db);
    for (const lang of ['en', 'cy'] as const)
      meetings[lang] = await insertTestMeeting(suite.database.db, organisationId, {
        days: 12,
        titleEn: `Papers journey (${lang})`,
      });
  });

  async function papersJourney(j: Journey, lang: Language) {
    const page = j.page;
    const meeting = meetings[lang]!;
    const list = `/meetings/${meeting}/papers`;
    await signInStaff(j, LEAD);
    await page.goto(`${list}?lang=${lang}`);
    await arrived(j, list, `papers, none yet (${lang})`);
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    assert.equal(await page.locator('h1').innerText(), text(lang, 'papers:list.title'));

    // An executable renamed .pdf is refused, with the reason in the visitor's language.
    const fill = async (kind: string, titleEn: string) => {
      await set(page, 'kind', kind);
      await set(page, 'titleEn', titleEn);
      await set(page, 'titleCy', `${titleEn} (cy)`);
      await set(page, 'language', lang);
      await set(page, 'format', 'standard');
      await set(page, 'summaryEn', 'What the meeting will decide, in plain words.');
    };
    await fill('agenda_paper', 'Budget paper');
    await page
      .locator('main input[name="file"]')
      .setInputFiles({ name: 'agenda.pdf', mimeType: 'application/pdf', buffer: executable() });
    await submit(page, list);
    assert.equal(await page.locator('.govuk-error-summary').count(), 1, 'refused');
    assert.ok(
      (await page.locator('.govuk-error-summary').innerText()).includes(
        text(lang, 'papers:errors.file.type').slice(0, 30),
      ),
    );
    await j.check(`an executable refused (${lang})`);
    assert.equal(await page.locator('main input[name="titleEn"]').inputValue(), 'Budget paper');

    // A real PDF is accepted.
    await fill('agenda_paper', 'Budget paper');
    await page
      .locator('main input[name="file"]')
      .setInputFiles({ name: 'Budget 2027.pdf', mimeType: 'application/pdf', buffer: PDF });
    await submit(page, list);
    await arrived(j, list, `a paper uploaded (${lang})`);
    assert.equal(await page.locator('.govuk-notification-banner').count(), 1);
    const main = await page.locator('main').innerText();
    assert.ok(main.includes('Budget paper'));
    assert.ok(main.includes(text(lang, 'papers:list.daysBefore_other').replace('{{count}}', '11')));

    // Downloaded as an attachment with the same bytes.
    const downloading = page.waitForEvent('download');
    await page.locator(`main a[href^="${list}/"]`).first().click();
    const download = await downloading;
    assert.equal(download.suggestedFilename(), 'Budget 2027.pdf');
    assert.ok(fs.readFileSync(await download.path()).equals(PDF), 'the same bytes');

    // Minutes, published.
    await fill('minutes', 'Minutes');
    await page
      .locator('main input[name="file"]')
      .setInputFiles({ name: 'minutes.pdf', mimeType: 'application/pdf', buffer: PDF });
    await submit(page, list);
    await arrived(j, list, `minutes uploaded (${lang})`);
    await clickAndWait(page, page.locator('main form[action$="/publish"] button'));
    await arrived(j, list, `minutes published (${lang})`);
    assert.ok(
      (await page.locator('main').innerText()).includes(
        textBefore(lang, 'papers:list.publishedOn'),
      ),
    );

    // Replacing a file: the page; deleting one: confirmed first.
    const replace = page.locator('main a[href$="/replace"]').first();
    const replaceUrl = (await replace.getAttribute('href'))!;
    await clickAndWait(page, replace);
    await arrived(j, replaceUrl, `replace a file (${lang})`);
    await page
      .locator('main input[name="file"]')
      .setInputFiles({ name: 'Budget v2.pdf', mimeType: 'application/pdf', buffer: PDF });
    await submit(page, replaceUrl);
    await arrived(j, list, `a file replaced (${lang})`);
    assert.ok((await page.locator('main').innerText()).includes('Budget v2.pdf'));

    const remove = page.locator('main a[href$="/delete"]').first();
    const removeUrl = (await remove.getAttribute('href'))!;
    await clickAndWait(page, remove);
    await arrived(j, removeUrl, `delete a paper? (${lang})`);
    assert.equal(await page.locator('h1').innerText(), text(lang, 'papers:delete.title'));
    await submit(page, removeUrl);
    await arrived(j, list, `a paper deleted (${lang})`);
    assert.ok(
      (await page.locator('main').innerText()).includes(text(lang, 'papers:list.noPapers')),
    );
  }

  for (const lang of ['en', 'cy'] as const)
    test(`uploads, downloads, publishes and deletes, without JavaScript (${lang})`, async () => {
      await journey(
        suite.browser,
        suite.server.baseUrl,
        { javaScriptEnabled: false, acceptDownloads: true },
        (j) => papersJourney(j, lang),
      );
    });

  test('the papers page reflows on a 320px screen', async () => {
    await journey(suite.browser, suite.server.baseUrl, narrowScreen, async (j) => {
      await signInStaff(j, LEAD);
      await openFitting(j, `/meetings/${meetings.en!}/papers`, 'papers at 320px');
    });
  });
});
