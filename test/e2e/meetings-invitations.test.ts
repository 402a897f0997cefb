/**
 * End-to-end, issue 10 items 4 and 6: an involvement lead, without JavaScript, opens a meeting's
 * invitations page, sends the invitations (a guest is e-mailed) and then the papers, and sees
 * the counts and when each went — in English, then in Welsh. Every page visited is scanned with
 * axe-core; the page is read on a 320px screen. The meeting, its guest and a paper are inserted
 * into the server's database directly (the meeting and papers pages are other features').
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { insertPaper, insertTestMeeting } from '#test/support/meetings-papers.ts';
import { arrived, LEAD, openFitting, signInStaff, submit } from './support/forms.ts';
import { journey, narrowScreen, type Journey } from './support/journey.ts';
import { leadOrganisationId, serverBrowserAndDatabase } from './support/server.ts';
import { text, type Language } from './support/text.ts';

describe('meeting invitations and papers going out (end to end)', () => {
  const suite = serverBrowserAndDatabase();
  const meetings: Partial<Record<Language, string>> = {};

  before(async () => {
    const organisationId = await leadOrganisationId(suite.database.db);
    for (const lang of ['en', 'cy'] as const) {
      const id = await insertTestMeeting(suite.database.db, organisationId, {
        days: 12,
        titleEn: `Invitations journey (${lang})`,
      });
      meetings[lang] = id;
      await suite.database.db
        .insertInto('meeting_invitees')
        .values({ meeting_id: id, guest_name: 'Guest', guest_email: `guest-${lang}@e2e.example` })
        .execute();
      await insertPaper(suite.database.db, id, { language: lang });
    }
  });

  async function sendingJourney(j: Journey, lang: Language) {
    const page = j.page;
    const url = `/meetings/${meetings[lang]!}/invitations`;
    await signInStaff(j, LEAD);
    await page.goto(`${url}?lang=${lang}`);
    await arrived(j, url, `invitations, none sent (${lang})`);
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    assert.equal(await page.locator('h1').innerText(), text(lang, 'invitations:title'));

    await submit(page, `${url}/send`);
    await arrived(j, url, `invitations sent (${lang})`);
    assert.equal(await page.locator('.govuk-notification-banner').count(), 1);

    await submit(page, `${url}/papers`);
    await arrived(j, url, `papers sent (${lang})`);
    assert.equal(await page.locator('.govuk-notification-banner').count(), 1);
    const never = page.locator('main').getByText(text(lang, 'invitations:never'), { exact: true });
    assert.equal(await never.count(), 0, 'both were sent');
  }

  for (const lang of ['en', 'cy'] as const)
    test(`sends invitations and papers, without JavaScript (${lang})`, async () => {
      await journey(suite.browser, suite.server.baseUrl, { javaScriptEnabled: false }, (j) =>
        sendingJourney(j, lang),
      );
    });

  test('the invitations page reflows on a 320px screen', async () => {
    await journey(suite.browser, suite.server.baseUrl, narrowScreen, async (j) => {
      await signInStaff(j, LEAD);
      await openFitting(j, `/meetings/${meetings.en!}/invitations`, 'invitations at 320px');
    });
  });
});
