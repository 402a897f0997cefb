/**
 * End-to-end, issue 12 item 6: someone answers the hub's survey in Welsh by its short link, one
 * question a page (a choice, a scale, several choices, their own words), checks and changes an
 * answer, and sends it; the demo involvement lead sees it in the results and makes the written
 * answer a feedback item; a forum member comments on a draft in the portal. Every page is
 * scanned with axe-core, and the journey runs with JavaScript, without it, and on a phone.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  arrived,
  LEAD,
  openFitting,
  set,
  signInPortal,
  signInStaff,
  submit,
} from './support/forms.ts';
import { browsingWays, fits, journey, type Journey } from './support/journey.ts';
import { serverBrowserAndDatabase } from './support/server.ts';
import { clickAndWait } from './pages/cyd-page.ts';

const RHIANNON_PHONE = '07700 900101';

/** Presses the page's button that says where to go (`next`, `back`, `send`, `change-2`). */
const go = (j: Journey, where: string) =>
  clickAndWait(j.page, j.page.locator(`main button[name="go"][value="${where}"]`));

/** The visitor answers the hub's survey in Welsh, a question a page. */
async function answerSurvey(j: Journey, words: string, label: string) {
  const page = j.page;
  await page.goto('/s/hwbarn?lang=cy');
  await arrived(j, '/s/hwbarn', `the survey, in Welsh (${label})`);
  await fits(j, `the survey's start (${label})`);
  await submit(page, '/s/hwbarn');
  await arrived(j, '/s/hwbarn', `question 1 (${label})`);
  assert.match(await page.locator('main').innerText(), /Cwestiwn 1 o 4/);
  await fits(j, `a question (${label})`);
  await set(page, 'answer', '1');
  await go(j, 'next');
  await arrived(j, '/s/hwbarn', `question 2 (${label})`);
  await set(page, 'answer', '4');
  await go(j, 'next');
  await arrived(j, '/s/hwbarn', `question 3 (${label})`);
  await set(page, 'answer', '0');
  await set(page, 'answer', '2');
  await go(j, 'next');
  await arrived(j, '/s/hwbarn', `question 4 (${label})`);
  await set(page, 'answer', words);
  await go(j, 'next');
  await arrived(j, '/s/hwbarn', `check your answers (${label})`);
  await fits(j, `check your answers (${label})`);
  // change the scale, and come back to the check page
  await go(j, 'change-2');
  await arrived(j, '/s/hwbarn', `changing question 2 (${label})`);
  await set(page, 'answer', '5');
  await go(j, 'next');
  await arrived(j, '/s/hwbarn', `question 3 again (${label})`);
  await go(j, 'next');
  await arrived(j, '/s/hwbarn', `question 4 again (${label})`);
  assert.equal(await page.locator('main [name="answer"]').inputValue(), words, 'kept');
  await go(j, 'next');
  await arrived(j, '/s/hwbarn', `check again (${label})`);
  await go(j, 'send');
  await arrived(j, '/s/hwbarn', `thank you (${label})`);
  assert.match(await page.locator('main').innerText(), /Diolch/);
}

describe('surveys: answered a page at a time in Welsh, counted, made feedback (Chromium)', () => {
  const suite = serverBrowserAndDatabase();

  browsingWays.forEach(([options, label]) => {
    test(`a survey answered and its words made feedback (${label})`, async () => {
      const words = `Te a thost yn y bore (${label}, ${Date.now()})`;
      await journey(suite.browser, suite.server.baseUrl, options, async (visitor) => {
        await answerSurvey(visitor, words, label);
      });
      const answer = await suite.database.db
        .selectFrom('survey_answers as a')
        .innerJoin('survey_responses as r', 'r.id', 'a.response_id')
        .select(['a.response_id', 'a.question_id', 'r.survey_id', 'r.language', 'r.person_id'])
        .where('a.text', '=', words)
        .executeTakeFirstOrThrow();
      assert.equal(answer.language, 'cy');
      assert.equal(answer.person_id, null, 'anonymous');
      await journey(suite.browser, suite.server.baseUrl, options, async (lead) => {
        await signInStaff(lead, LEAD);
        await openFitting(lead, '/surveys', `the surveys (${label})`);
        await openFitting(lead, `/surveys/${answer.survey_id}`, `the hub's survey (${label})`);
        await openFitting(lead, `/surveys/${answer.survey_id}/results`, `its results (${label})`);
        await openFitting(
          lead,
          `/surveys/${answer.survey_id}/results/${answer.question_id}`,
          `the written answers (${label})`,
        );
        const action = `/surveys/${answer.survey_id}/answers/${answer.response_id}/${answer.question_id}/item`;
        assert.ok((await lead.page.locator('main').innerText()).includes(words));
        await clickAndWait(lead.page, lead.page.locator(`main form[action="${action}"] button`));
        await arrived(lead, /^\/feedback\/items\/[0-9a-f-]{36}$/, `the feedback item (${label})`);
        assert.ok((await lead.page.locator('main').innerText()).includes(words));
        const handout = await lead.page.request.get(`/surveys/${answer.survey_id}/handout.pdf`);
        assert.equal(handout.status(), 200);
        assert.equal((await handout.body()).subarray(0, 5).toString(), '%PDF-');
      });
      await journey(suite.browser, suite.server.baseUrl, options, async (member) => {
        await signInPortal(member, suite.browser, suite.server.baseUrl, RHIANNON_PHONE, label);
        await openFitting(member, '/portal/surveys', `surveys in the portal (${label})`);
        const draft = member.page.locator('main a[href$="/draft"]').first();
        const href = await draft.getAttribute('href');
        assert.ok(href, 'a draft shared with her forum');
        await openFitting(member, href, `the draft (${label})`);
        await set(member.page, 'comment', `Add online meetings, please (${label}).`);
        await submit(member.page, href);
        await arrived(member, href, `comment sent (${label})`);
        assert.match(
          await member.page.locator('main').innerText(),
          /Your comment has been sent|Mae eich sylw wedi’i anfon/,
        );
      });
    });
  });
});
