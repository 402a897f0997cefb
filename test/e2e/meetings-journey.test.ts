/**
 * End-to-end, issue 10 "Done when": the life of a meeting, on the demo data. The demo
 * involvement lead schedules a three-hour 09:30 board meeting at the police station in English
 * only, and invites Rhiannon (prefers Welsh) and Dai (not free before 11:00) from the register.
 * The user-proofing checklist flags the time (naming Dai and why, to the lead), the language,
 * the missing break and expenses. The lead changes the meeting (11:30 to 13:30 at the hub,
 * bilingual, expenses offered) and those warnings clear; sends the invitations; Rhiannon signs
 * in to the people's portal, which is in Welsh for her, and replies "yes". On the day (the
 * meeting is moved to an hour ago in the server's database), the lead takes attendance, which
 * records Rhiannon's involvement once, and uploads and publishes the minutes, which anyone can
 * then download. With JavaScript, without it, and on a 320px phone; axe on every page.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { stableUuid } from '#platform/seed/ids.ts';
import { demoPersonId } from '#features/register';
import { PDF } from '#test/support/meetings-papers.ts';
import { arrived, signInPortal, ID, LEAD, set, signInStaff, submit } from './support/forms.ts';
import { chooseOrganisation, fillDaysAhead } from './support/forms.ts';
import { browsingWays, fits, journey, type Journey } from './support/journey.ts';
import { serverBrowserAndDatabase } from './support/server.ts';
import { clickAndWait } from './pages/cyd-page.ts';

const ORGANISATION = 'Aberffug Drug and Alcohol Service';
const RHIANNON = { id: demoPersonId('rhiannon'), name: 'Rhiannon', phone: '07700 900101' };
const DAI = { id: demoPersonId('dai'), name: 'Dai' };
const venue = (key: string) => stableUuid(`cyd-demo-venue:${key}`);

describe('a meeting from scheduling to minutes (end to end)', () => {
  const suite = serverBrowserAndDatabase();

  /** The status tag of a check on the user-proofing page: 'red' (warning), 'green' (met)... */
  const status = (j: Journey, check: string) =>
    j.page
      .locator(`main section#${check} .govuk-tag`)
      .first()
      .getAttribute('class')
      .then((classes) => /govuk-tag--(\w+)/.exec(classes ?? '')?.[1] ?? '');

  async function schedule(j: Journey, title: string, days: number, label: string) {
    const page = j.page;
    await page.goto('/meetings/new');
    if ((await page.locator('main form[method="get"] select[name="organisation"]').count()) > 0) {
      await chooseOrganisation(page, ORGANISATION);
    }
    await arrived(j, '/meetings/new', `schedule a meeting (${label})`);
    await set(page, 'kind', 'board');
    await set(page, 'titleEn', title);
    await set(page, 'titleCy', `${title} (cy)`);
    await set(page, 'purposeEn', 'To agree the plan for next year’s services.');
    await fillDaysAhead(page, 'date', days);
    await set(page, 'startTime', '09:30');
    await set(page, 'endTime', '12:30');
    await set(page, 'attendanceMode', 'in_person');
    await set(page, 'venueId', venue('police'));
    await set(page, 'languages', 'en');
    await submit(page);
    await arrived(j, new RegExp(`^/meetings/${ID}$`), `scheduled (${label})`);
    await fits(j, `the meeting (${label})`);
    return new URL(page.url()).pathname.split('/')[2]!;
  }

  async function invite(j: Journey, meeting: string, label: string) {
    const page = j.page;
    const list = `/meetings/${meeting}/invitees`;
    for (const person of [RHIANNON, DAI]) {
      await page.goto(`${list}/add`);
      await arrived(j, `${list}/add`, `add people (${label})`);
      await set(page, 'q', person.name);
      await submit(page, `${list}/find`);
      await arrived(j, `${list}/find`, `people found (${label})`);
      await set(page, 'personIds', person.id);
      await submit(page, `${list}/people`);
      await arrived(j, list, `invited ${person.name} (${label})`);
    }
    await fits(j, `invitees (${label})`);
  }

  async function proofAndFix(j: Journey, meeting: string, label: string) {
    const page = j.page;
    const proofing = `/meetings/${meeting}/proofing`;
    await page.goto(proofing);
    await arrived(j, proofing, `the warnings (${label})`);
    await fits(j, `the warnings (${label})`);
    for (const check of ['time_suits', 'language', 'break', 'expenses'])
      assert.equal(await status(j, check), 'red', `${check} is flagged`);
    // the lead may see Dai on the register: named, with his reason
    const time = await page.locator('main section#time_suits').innerText();
    assert.ok(time.includes('Dai Dychmygol'), 'the invitee is named to staff who may see them');

    await page.goto(`/meetings/${meeting}/edit`);
    await arrived(j, `/meetings/${meeting}/edit`, `change the meeting (${label})`);
    await set(page, 'startTime', '11:30');
    await set(page, 'endTime', '13:30');
    await set(page, 'venueId', venue('hub'));
    await set(page, 'languages', 'bilingual');
    await set(page, 'arrangements', 'expenses_offered');
    await submit(page);
    await arrived(j, `/meetings/${meeting}`, `changed (${label})`);

    await page.goto(proofing);
    await arrived(j, proofing, `the warnings fixed (${label})`);
    for (const check of ['time_suits', 'language', 'expenses'])
      assert.equal(await status(j, check), 'green', `${check} is now met`);
    assert.notEqual(await status(j, 'break'), 'red', 'two hours need no break');
  }

  async function sendInvitations(j: Journey, meeting: string, label: string) {
    const url = `/meetings/${meeting}/invitations`;
    await j.page.goto(url);
    await arrived(j, url, `invitations (${label})`);
    await submit(j.page, `${url}/send`);
    await arrived(j, url, `invitations sent (${label})`);
    assert.equal(await j.page.locator('.govuk-notification-banner').count(), 1);
    await fits(j, `invitations sent (${label})`);
  }

  async function replyFromThePortal(j: Journey, meeting: string, label: string) {
    const page = j.page;
    await signInPortal(j, suite.browser, suite.server.baseUrl, RHIANNON.phone, label);
    assert.equal(await page.locator('html').getAttribute('lang'), 'cy', 'in Welsh for her');
    await clickAndWait(page, page.locator('main a[href="/portal/meetings"]'));
    await arrived(j, '/portal/meetings', `her meetings (${label})`);
    await clickAndWait(page, page.locator(`main a[href="/portal/meetings/${meeting}"]`));
    await arrived(j, `/portal/meetings/${meeting}`, `the meeting (${label})`);
    await fits(j, `the meeting in the portal (${label})`);
    await set(page, 'reply', 'yes');
    await submit(page, `/portal/meetings/${meeting}/reply`);
    await arrived(j, `/portal/meetings/${meeting}`, `replied (${label})`);
    assert.equal(await page.locator('.govuk-notification-banner').count(), 1);
  }

  async function onTheDay(j: Journey, meeting: string, label: string) {
    const page = j.page;
    const invitees = await suite.database.db
      .selectFrom('meeting_invitees')
      .select(['id', 'person_id as personId', 'reply', 'reply_channel as channel'])
      .where('meeting_id', '=', meeting)
      .execute();
    const rhiannon = invitees.find((i) => i.personId === RHIANNON.id)!;
    const dai = invitees.find((i) => i.personId === DAI.id)!;
    assert.deepEqual([rhiannon.reply, rhiannon.channel], ['yes', 'portal']);

    const attendance = `/meetings/${meeting}/attendance`;
    await page.goto(attendance);
    await arrived(j, attendance, `attendance (${label})`);
    await fits(j, `attendance (${label})`);
    await set(page, `mark-${rhiannon.id}`, 'attended');
    await set(page, `mark-${dai.id}`, 'did_not_attend');
    await submit(page, attendance);
    await arrived(j, attendance, `attendance taken (${label})`);
    // saving the register again records nothing twice
    await submit(page, attendance);
    await arrived(j, attendance, `attendance saved again (${label})`);
    const marked = await suite.database.db
      .selectFrom('meeting_invitees')
      .select(['attendance', 'involvement_record_id as record'])
      .where('id', '=', rhiannon.id)
      .executeTakeFirstOrThrow();
    assert.equal(marked.attendance, 'attended');
    assert.ok(marked.record, 'attendance recorded her involvement');

    const papers = `/meetings/${meeting}/papers`;
    await page.goto(papers);
    await arrived(j, papers, `papers (${label})`);
    await set(page, 'kind', 'minutes');
    await set(page, 'titleEn', 'Minutes');
    await set(page, 'titleCy', 'Cofnodion');
    await set(page, 'language', 'en');
    await set(page, 'format', 'standard');
    await set(page, 'summaryEn', 'What the board decided, in plain words.');
    await page
      .locator('main input[name="file"]')
      .setInputFiles({ name: 'minutes.pdf', mimeType: 'application/pdf', buffer: PDF });
    await submit(page, papers);
    await arrived(j, papers, `minutes uploaded (${label})`);
    await clickAndWait(page, page.locator('main form[action$="/publish"] button'));
    await arrived(j, papers, `minutes published (${label})`);
    const published = await suite.database.db
      .selectFrom('meetings')
      .select('minutes_published_at as at')
      .where('id', '=', meeting)
      .executeTakeFirstOrThrow();
    assert.ok(published.at, 'the meeting has its minutes published');
  }

  for (const [index, [options, label]] of browsingWays.entries())
    test(`schedule, see warnings, fix them, invite, reply in Welsh, attendance, minutes (${label})`, async () => {
      const title = `Treatment services board (${label})`;
      let meeting = '';
      await journey(suite.browser, suite.server.baseUrl, options, async (lead) => {
        await signInStaff(lead, LEAD);
        meeting = await schedule(lead, title, 12 + index * 7, label);
        await invite(lead, meeting, label);
        await proofAndFix(lead, meeting, label);
        await sendInvitations(lead, meeting, label);
      });
      await journey(suite.browser, suite.server.baseUrl, options, (person) =>
        replyFromThePortal(person, meeting, label),
      );
      // the day comes: the meeting started an hour ago
      const startsAt = new Date(Date.now() - 3_600_000);
      await suite.database.db
        .updateTable('meetings')
        .set({ starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 2 * 3_600_000) })
        .where('id', '=', meeting)
        .execute();
      await journey(suite.browser, suite.server.baseUrl, options, async (lead) => {
        await signInStaff(lead, LEAD);
        await onTheDay(lead, meeting, label);
      });
    });
});
