/**
 * End-to-end, issue 10 items 6 and 8: Rhiannon (demo; prefers Welsh) signs in to the people's
 * portal with a code from the outbox, finds "Eich cyfarfodydd", opens a forum she is invited to
 * (agenda and a paper in Welsh), replies "yes" in Welsh, and reads what came of a past meeting;
 * then the same pages in English. Without JavaScript, on a 320-pixel phone screen (no page may
 * scroll sideways); every page is scanned with axe-core. The meetings are inserted into the
 * server's database directly (scheduling and inviting are other features').
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { demoPersonId } from '#features/register';
import { insertMeeting } from '#test/support/meetings.ts';
import { insertPaper } from '#test/support/meetings-papers.ts';
import { arrived, signInPortal, set, submit } from './support/forms.ts';
import { journey, fits, narrowPhone } from './support/journey.ts';
import { leadOrganisationId, serverBrowserAndDatabase } from './support/server.ts';
import { text } from './support/text.ts';
import { clickAndWait } from './pages/cyd-page.ts';

const PHONE = '07700 900101';

describe('meetings in the people’s portal (end to end)', () => {
  const suite = serverBrowserAndDatabase();
  let upcoming: string;
  let past: string;

  before(async () => {
    const { db } = suite.database;
    const organisationId = await leadOrganisationId(db);
    const rhiannon = demoPersonId('rhiannon');
    const insert = async (days: number, titleEn: string, titleCy: string) => {
      const id = await insertMeeting(db, organisationId, {
        startsInHours: days * 24,
        title_en: titleEn,
        title_cy: titleCy,
        purpose_en: 'To plan the summer drop-in sessions.',
        purpose_cy: 'I gynllunio sesiynau galw heibio’r haf.',
        online_details: 'The link comes by text the day before.',
        languages: 'bilingual',
      });
      await db
        .insertInto('meeting_invitees')
        .values({ meeting_id: id, person_id: rhiannon, invited_at: new Date() })
        .execute();
      return id;
    };
    upcoming = await insert(10, 'Portal journey forum', 'Fforwm taith y porth');
    past = await insert(-7, 'Last month’s forum', 'Fforwm y mis diwethaf');
    await db
      .insertInto('meeting_agenda_items')
      .values([
        {
          meeting_id: upcoming,
          position: 1,
          title_en: 'Summer drop-ins',
          title_cy: 'Sesiynau galw heibio’r haf',
          summary_en: 'Where and when they could be.',
          summary_cy: 'Ble a phryd y gallen nhw fod.',
        },
      ])
      .execute();
    await insertPaper(db, upcoming, {
      title_en: 'Drop-in ideas',
      title_cy: 'Syniadau galw heibio',
      language: 'cy',
      summary_cy: 'Tri lle posibl, a’r amseroedd.',
      file_name: 'syniadau.pdf',
    });
    await db
      .insertInto('meeting_outcomes')
      .values([
        {
          meeting_id: past,
          kind: 'decision',
          text_en: 'The drop-in moves to Thursdays.',
          text_cy: 'Mae’r sesiwn galw heibio’n symud i ddydd Iau.',
        },
      ])
      .execute();
  });

  test('a person replies in Welsh without JavaScript on a phone, then reads in English', async () => {
    const options = { javaScriptEnabled: false, ...narrowPhone };
    await journey(suite.browser, suite.server.baseUrl, options, async (j) => {
      const page = j.page;
      await signInPortal(j, suite.browser, suite.server.baseUrl, PHONE, 'meetings');
      assert.equal(await page.locator('html').getAttribute('lang'), 'cy', 'the portal is in Welsh');

      // from the portal's home to her meetings
      await clickAndWait(page, page.locator('main a[href="/portal/meetings"]'));
      await arrived(j, '/portal/meetings', 'your meetings (cy)');
      const list = await page.locator('main').innerText();
      assert.ok(list.includes('Fforwm taith y porth') && list.includes('Fforwm y mis diwethaf'));
      await fits(j, 'the list');

      await clickAndWait(page, page.locator(`main a[href="/portal/meetings/${upcoming}"]`));
      await arrived(j, `/portal/meetings/${upcoming}`, 'the meeting (cy)');
      const shown = await page.locator('main').innerText();
      for (const expected of [
        'Sesiynau galw heibio’r haf',
        'Ble a phryd y gallen nhw fod.',
        'Syniadau galw heibio',
        'Tri lle posibl, a’r amseroedd.',
      ])
        assert.ok(shown.includes(expected), expected);
      await fits(j, 'the meeting');

      // no choice: the error in Welsh, then "yes"
      await submit(page, `/portal/meetings/${upcoming}/reply`);
      assert.equal(j.visitor.lastDocumentStatus, 400);
      assert.ok(
        (await page.locator('.govuk-error-summary').innerText()).includes(
          text('cy', 'meetingPortal:errors.noChoice'),
        ),
      );
      await j.check('no choice (cy)');
      await set(page, 'reply', 'yes');
      await submit(page, `/portal/meetings/${upcoming}/reply`);
      await arrived(j, `/portal/meetings/${upcoming}`, 'replied (cy)');
      assert.ok(
        (await page.locator('.govuk-notification-banner').innerText()).includes(
          text('cy', 'meetingPortal:reply.saved.yes'),
        ),
      );
      const stored = await suite.database.db
        .selectFrom('meeting_invitees')
        .select(['reply', 'reply_channel'])
        .where('meeting_id', '=', upcoming)
        .executeTakeFirstOrThrow();
      assert.deepEqual(stored, { reply: 'yes', reply_channel: 'portal' });

      // what came of last month's forum
      await page.goto(`/portal/meetings/${past}`);
      await arrived(j, `/portal/meetings/${past}`, 'a past meeting (cy)');
      const outcome = await page.locator('main').innerText();
      assert.ok(outcome.includes(text('cy', 'meetingPortal:outcomes.title')));
      assert.ok(outcome.includes('Mae’r sesiwn galw heibio’n symud i ddydd Iau.'));

      // the same pages in English
      for (const url of [
        '/portal/meetings',
        `/portal/meetings/${upcoming}`,
        `/portal/meetings/${past}`,
      ]) {
        await page.goto(`${url}?lang=en`);
        await arrived(j, url, `${url} (en)`);
        assert.equal(await page.locator('html').getAttribute('lang'), 'en');
        await fits(j, `${url} (en)`);
      }
      assert.ok(
        (await page.locator('main').innerText()).includes('The drop-in moves to Thursdays.'),
      );
    });
  });
});
