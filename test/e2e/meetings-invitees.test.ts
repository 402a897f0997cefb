/**
 * End-to-end, issue 10 item 1 (invitees): an involvement lead, without JavaScript, finds two
 * people on the register by name and invites them, invites a member of staff and a guest, makes
 * one person a representative and the other their back-up, and removes the guest after
 * confirming — in English, then in Welsh. Every page visited is scanned with axe-core; the list
 * and the add page are read on a 320px screen. The meeting and the people are inserted into the
 * server's database directly (the meeting and register pages are other features').
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { insertTestPerson } from '#features/register';
import { insertTestMeeting } from '#test/support/meetings-papers.ts';
import { arrived, LEAD, openFitting, set, signInStaff, submit } from './support/forms.ts';
import { fits, journey, narrowScreen, type Journey } from './support/journey.ts';
import { leadOrganisationId, serverBrowserAndDatabase } from './support/server.ts';
import { text, type Language } from './support/text.ts';
import { clickAndWait } from './pages/cyd-page.ts';

interface Fixture {
  meetingId: string;
  representative: { id: string; name: string };
  backup: { id: string; name: string };
}

describe('who is invited to a meeting (end to end)', () => {
  const suite = serverBrowserAndDatabase();
  const fixtures: Partial<Record<Language, Fixture>> = {};
  /** A meeting only for women: staff confirm each person (Cyd cannot tell). */
  let womenOnly = '';

  before(async () => {
    const organisationId = await leadOrganisationId(suite.database.db);
    // no contact details or date of birth, so no key is needed to store them
    const noKey = Buffer.alloc(32);
    for (const lang of ['en', 'cy'] as const) {
      const person = async (name: string) => ({
        name,
        id: await insertTestPerson(suite.database.db, noKey, { organisationId, displayName: name }),
      });
      fixtures[lang] = {
        meetingId: await insertTestMeeting(suite.database.db, organisationId, {
          days: 14,
          titleEn: `Invitees journey (${lang})`,
        }),
        representative: await person(`Rhiannon Cynrychiolydd ${lang}`),
        backup: await person(`Bryn Wrthgefn ${lang}`),
      };
    }
    womenOnly = await insertTestMeeting(suite.database.db, organisationId, {
      titleEn: 'Women’s group',
    });
    await suite.database.db
      .updateTable('meetings')
      .set({ closed_to: 'women' })
      .where('id', '=', womenOnly)
      .execute();
  });

  const inviteeOf = async (meetingId: string, personId: string) =>
    (
      await suite.database.db
        .selectFrom('meeting_invitees')
        .select('id')
        .where('meeting_id', '=', meetingId)
        .where('person_id', '=', personId)
        .executeTakeFirstOrThrow()
    ).id;

  async function inviteesJourney(j: Journey, lang: Language) {
    const page = j.page;
    const f = fixtures[lang]!;
    const list = `/meetings/${f.meetingId}/invitees`;
    const addUrl = `${list}/add`;
    await signInStaff(j, LEAD);
    await page.goto(`${list}?lang=${lang}`);
    await arrived(j, list, `invitees, none yet (${lang})`);
    assert.equal(await page.locator('html').getAttribute('lang'), lang);
    assert.equal(await page.locator('h1').innerText(), text(lang, 'invitees:title'));

    // Two people found on the register by name, and invited.
    for (const person of [f.representative, f.backup]) {
      await clickAndWait(page, page.locator(`main a[href="${addUrl}"]`));
      await arrived(j, addUrl, `add people (${lang})`);
      await set(page, 'q', person.name.split(' ')[0]!);
      await submit(page, `${list}/find`);
      await arrived(j, `${list}/find`, `people found (${lang})`);
      await set(page, 'personIds', person.id);
      await submit(page, `${list}/people`);
      await arrived(j, list, `a person invited (${lang})`);
      assert.equal(await page.locator('.govuk-notification-banner').count(), 1);
      assert.ok((await page.locator('main').innerText()).includes(person.name));
    }

    // A guest, refused without an e-mail address first, then invited.
    await page.goto(addUrl);
    await arrived(j, addUrl, `add a guest (${lang})`);
    await set(page, 'guestName', 'Gwestai Guest');
    await submit(page, `${list}/guest`);
    assert.equal(await page.locator('.govuk-error-summary').count(), 1, 'an e-mail is needed');
    await j.check(`a guest refused (${lang})`);
    assert.equal(await page.locator('main input[name="guestName"]').inputValue(), 'Gwestai Guest');
    await set(page, 'guestEmail', `guest-${lang}@example.org`);
    await submit(page, `${list}/guest`);
    await arrived(j, list, `a guest invited (${lang})`);

    // A member of staff of the organisation (or above).
    await page.goto(addUrl);
    const staff = await page
      .locator('main select[name="accountId"] option')
      .evaluateAll((options) => options.map((o) => o.getAttribute('value') ?? '').filter(Boolean));
    assert.ok(staff.length > 0, 'staff to choose from');
    await set(page, 'accountId', staff[0]!);
    await submit(page, `${list}/staff`);
    await arrived(j, list, `a member of staff invited (${lang})`);
    assert.ok(
      (await page.locator('main').innerText()).includes(
        text(lang, 'invitees:count_other').replace('{{count}}', '4'),
      ),
    );

    // One a representative, the other their back-up.
    const representative = await inviteeOf(f.meetingId, f.representative.id);
    const backup = await inviteeOf(f.meetingId, f.backup.id);
    for (const [id, form] of [
      [representative, { role: 'representative' }],
      [backup, { role: 'backup', backupFor: representative }],
    ] as const) {
      const roleUrl = `${list}/${id}/role`;
      await clickAndWait(page, page.locator(`main a[href="${roleUrl}"]`));
      await arrived(j, roleUrl, `a role (${lang})`);
      for (const [name, value] of Object.entries(form)) await set(page, name, value);
      await submit(page, roleUrl);
      await arrived(j, list, `a role saved (${lang})`);
    }
    const main = await page.locator('main').innerText();
    assert.ok(
      main.includes(text(lang, 'invitees:backupFor').replace('{{name}}', f.representative.name)),
      'the back-up says whose',
    );

    // The guest removed, after confirming.
    const guest = await suite.database.db
      .selectFrom('meeting_invitees')
      .select('id')
      .where('meeting_id', '=', f.meetingId)
      .where('guest_email', '=', `guest-${lang}@example.org`)
      .executeTakeFirstOrThrow();
    const removeUrl = `${list}/${guest.id}/remove`;
    await clickAndWait(page, page.locator(`main a[href="${removeUrl}"]`));
    await arrived(j, removeUrl, `remove a guest? (${lang})`);
    await submit(page, removeUrl);
    await arrived(j, list, `a guest removed (${lang})`);
    assert.ok(!(await page.locator('main').innerText()).includes('Gwestai Guest'));
  }

  for (const lang of ['en', 'cy'] as const)
    test(`invites people, staff and a guest, sets a back-up and removes, without JavaScript (${lang})`, async () => {
      await journey(suite.browser, suite.server.baseUrl, { javaScriptEnabled: false }, (j) =>
        inviteesJourney(j, lang),
      );
    });

  test('the invitee pages reflow on a 320px screen, a closed group’s too', async () => {
    await journey(suite.browser, suite.server.baseUrl, narrowScreen, async (j) => {
      await signInStaff(j, LEAD);
      const list = `/meetings/${fixtures.en!.meetingId}/invitees`;
      for (const url of [list, `${list}/add`]) await openFitting(j, url, `${url} at 320px`);
      // a women-only meeting: the explanation, and a person refused until staff confirm
      const closed = `/meetings/${womenOnly}/invitees`;
      await j.page.goto(`${closed}/add`);
      await arrived(j, `${closed}/add`, 'a closed group at 320px');
      assert.ok(
        (await j.page.locator('main').innerText()).includes(
          text('en', 'invitees:group.explain.women').slice(0, 40),
        ),
      );
      await set(j.page, 'q', 'Rhiannon');
      await submit(j.page, `${closed}/find`);
      await arrived(j, `${closed}/find`, 'found for a closed group');
      await set(j.page, 'personIds', fixtures.en!.representative.id);
      await submit(j.page, `${closed}/people`);
      assert.equal(await j.page.locator('.govuk-error-summary').count(), 1, 'confirm first');
      await j.check('a closed group: confirm first');
      await fits(j, 'the refused form');
      await j.page.locator('main form[action$="/people"] input[name="confirmGroup"]').check();
      await submit(j.page, `${closed}/people`);
      await arrived(j, closed, 'invited after confirming');
    });
  });
});
