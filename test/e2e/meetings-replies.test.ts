/**
 * End-to-end, issue 10 item 6: a person opens the reply link in their invitation, without
 * JavaScript — in Welsh, their language, without choosing it — is told to choose when they send
 * nothing, replies, and sees their reply; the same page in English; a link that does not work;
 * and the page on a 320px screen. An involvement lead records a reply given by phone, in both
 * languages. Every page is scanned with axe-core. The meeting, invitees and link are inserted
 * into the server's database directly (the invitations are another feature's).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { sql } from 'kysely';
import { issueReplyTokens } from '#app/features/meetings/invitations/tokens.ts';
import { insertTestMeeting } from '#test/support/meetings-papers.ts';
import { arrived, LEAD, openFitting, set, signInStaff, submit } from './support/forms.ts';
import { journey, narrowScreen } from './support/journey.ts';
import { leadOrganisationId, serverBrowserAndDatabase } from './support/server.ts';
import { text, textBefore } from './support/text.ts';

describe('replying to an invitation (end to end)', () => {
  const suite = serverBrowserAndDatabase();
  let meetingId = '';
  let inviteeId = '';
  let token = '';

  before(async () => {
    const { db } = suite.database;
    const organisationId = await leadOrganisationId(db);
    meetingId = await insertTestMeeting(db, organisationId, { days: 9, titleEn: 'Carers forum' });
    await db
      .insertInto('meeting_agenda_items')
      .values({ meeting_id: meetingId, position: 1, title_en: 'Welcome', title_cy: 'Croeso' })
      .execute();
    // a demo person on the lead's register, who prefers Welsh
    const person = await db
      .selectFrom('people')
      .select('id')
      .where(sql<boolean>`${organisationId}::uuid = any(scope_ids)`)
      .where('erased_at', 'is', null)
      .orderBy('id')
      .limit(1)
      .executeTakeFirstOrThrow();
    await db
      .updateTable('people')
      .set({ preferred_language: 'cy' })
      .where('id', '=', person.id)
      .execute();
    const meeting = await db
      .selectFrom('meetings')
      .select('ends_at')
      .where('id', '=', meetingId)
      .executeTakeFirstOrThrow();
    inviteeId = (
      await db
        .insertInto('meeting_invitees')
        .values({ meeting_id: meetingId, person_id: person.id, invited_at: new Date() })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
    token = (await issueReplyTokens(db, [{ id: inviteeId, endsAt: meeting.ends_at }])).get(
      inviteeId,
    )!;
  });

  test('a person replies through the link in Welsh, without JavaScript', async () => {
    await journey(suite.browser, suite.server.baseUrl, { javaScriptEnabled: false }, async (j) => {
      const page = j.page;
      const link = `/r/${token}`;
      await page.goto(link);
      await arrived(j, link, 'the reply page, in the person’s language');
      assert.equal(await page.locator('html').getAttribute('lang'), 'cy');
      assert.equal(await page.locator('h1').innerText(), 'Fforwm defnyddwyr gwasanaeth');
      assert.ok((await page.locator('main').innerText()).includes('Croeso'));

      await submit(page, link);
      assert.equal(await page.locator('.govuk-error-summary').count(), 1, 'a choice is needed');
      assert.ok(
        (await page.locator('.govuk-error-summary').innerText()).includes(
          text('cy', 'replies:errors.noChoice'),
        ),
      );
      await j.check('no choice made (cy)');

      await set(page, 'reply', 'yes');
      await submit(page, link);
      await arrived(j, link, 'reply sent (cy)');
      const main = await page.locator('main').innerText();
      assert.ok(main.includes(text('cy', 'replies:saved.yes')));
      assert.ok(main.includes(textBefore('cy', 'replies:page.youSaid')));
      assert.equal(await page.locator('main input[value="yes"]').isChecked(), true);

      await page.goto(`${link}?lang=en`);
      await arrived(j, link, 'the reply page in English');
      assert.equal(await page.locator('h1').innerText(), 'Carers forum');
    });
    const stored = await suite.database.db
      .selectFrom('meeting_invitees')
      .select(['reply', 'reply_channel'])
      .where('id', '=', inviteeId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(stored, { reply: 'yes', reply_channel: 'link' });
  });

  test('a link that does not work gets a friendly page in both languages', async () => {
    await journey(
      suite.browser,
      suite.server.baseUrl,
      { javaScriptEnabled: false, allowConsole: [/404/] },
      async (j) => {
        for (const lang of ['en', 'cy'] as const) {
          await j.page.goto(`/r/${'x'.repeat(32)}?lang=${lang}`);
          assert.equal(j.visitor.lastDocumentStatus, 404);
          assert.equal(await j.page.locator('h1').innerText(), text(lang, 'replies:gone.title'));
          await j.check(`a link that does not work (${lang})`);
        }
      },
    );
  });

  test('the reply page reflows on a 320px screen', async () => {
    await journey(suite.browser, suite.server.baseUrl, narrowScreen, (j) =>
      openFitting(j, `/r/${token}`, 'the reply page at 320px'),
    );
  });

  for (const lang of ['en', 'cy'] as const)
    test(`staff record a reply given by phone (${lang})`, async () => {
      await journey(
        suite.browser,
        suite.server.baseUrl,
        { javaScriptEnabled: false },
        async (j) => {
          await signInStaff(j, LEAD);
          const url = `/meetings/${meetingId}/replies/${inviteeId}`;
          await j.page.goto(`${url}?lang=${lang}`);
          await arrived(j, url, `record a reply (${lang})`);
          await set(j.page, 'reply', lang === 'en' ? 'maybe' : 'apologies');
          await submit(j.page, url);
          await arrived(j, url, `reply recorded (${lang})`);
          assert.ok(
            (await j.page.locator('main').innerText()).includes(text(lang, 'replies:staff.saved')),
          );
        },
      );
    });
});
