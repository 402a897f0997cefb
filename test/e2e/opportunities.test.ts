/**
 * End-to-end, issue 4 ("Done when"): the demo involvement lead notes the ladder map, creates an
 * opportunity through the question pages (rung 5, decision sharing: a recruitment interview panel)
 * and opens it; a person on the register who prefers Welsh signs in to the portal with a code from
 * the outbox and says they are interested, in Welsh; the lead selects them on the fair-selection
 * screen (with a reason) and tells them, records that they took part, and sees the ladder map
 * change. Every page is scanned with axe-core and no request may leave 127.0.0.1. The journey runs
 * with JavaScript, without it, and on a 320-pixel phone screen (the ladder map must not scroll
 * sideways).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';

import {
  answer,
  arrived,
  signInPortal,
  ID,
  LEAD,
  set,
  signInStaff,
  submit,
} from './support/forms.ts';
import { browsingWays, journey, type Journey } from './support/journey.ts';
import { serverAndBrowser } from './support/server.ts';
import { text } from './support/text.ts';
import { clickAndWait, CydPage } from './pages/cyd-page.ts';

/** Rhiannon (demo): prefers Welsh, willing to sit on interview panels, at Aberffug hub. */
const PERSON_PHONE = '07700 900101';
const PERSON_NAME = 'Rhiannon Ffugiol';
const ORGANISATION = 'Aberffug Drug and Alcohol Service';
const DECISION_SHARING = text('en', 'involvement:rungs.decision_sharing.name');

/** Day, month and year of a date `days` from today, for GOV.UK date inputs. */
function dateParts(days: number) {
  const date = new Date(Date.now() + days * 86_400_000);
  return {
    day: String(date.getUTCDate()),
    month: String(date.getUTCMonth() + 1),
    year: String(date.getUTCFullYear()),
  };
}

async function setDate(page: Page, prefix: string, days: number) {
  const parts = dateParts(days);
  await set(page, `${prefix}-day`, parts.day);
  await set(page, `${prefix}-month`, parts.month);
  await set(page, `${prefix}-year`, parts.year);
}

/** The ladder map's "decision sharing" row: involvement records and opportunities. */
async function decisionSharing(j: Journey, label: string) {
  await j.page.goto('/ladder-map');
  await arrived(j, '/ladder-map', `ladder map (${label})`);
  // on a phone the page reflows; only wide data tables scroll, inside their own region
  const ladderPage = new CydPage(j.page);
  const width = await ladderPage.scrollWidth();
  const viewport = j.page.viewportSize()?.width ?? width;
  assert.ok(
    width <= viewport,
    `the ladder map scrolls sideways (${String(width)}px): ${(await ladderPage.overflowOutsideTables()).join(', ')}`,
  );
  const row = j.page.locator('#by-rung tbody tr', { hasText: DECISION_SHARING });
  const cells = await row.locator('td').allInnerTexts();
  const number = (cell: string | undefined) => Number((cell ?? '').replace(/[^\d.]/g, ''));
  return { people: number(cells[0]), records: number(cells[2]), opportunities: number(cells[3]) };
}

/** The involvement lead creates the opportunity and opens it; returns its id. */
async function createAndOpen(j: Journey, title: string, label: string) {
  const page = j.page;
  await page.goto('/opportunities');
  await arrived(j, '/opportunities', `opportunities (${label})`);
  await clickAndWait(page, page.locator('main a[href="/opportunities/new"]').first());
  await arrived(j, '/opportunities/new/about', `about (${label})`);
  const organisation = await page
    .locator('main select[name="organisationId"] option', { hasText: ORGANISATION })
    .first()
    .getAttribute('value');
  assert.ok(organisation, 'the lead can choose their organisation');
  await answer(page, {
    organisationId: organisation,
    titleEn: title,
    titleCy: `${title} (Cymraeg)`,
    descriptionEn: 'Help us choose our new recovery worker.',
    descriptionCy: 'Helpwch ni i ddewis ein gweithiwr adfer newydd.',
  });

  await arrived(j, '/opportunities/new/ladder', `ladder (${label})`);
  await submit(page);
  assert.equal(await page.locator('.govuk-error-summary').count(), 1, 'a rung is required');
  await j.check(`ladder with errors (${label})`);
  await answer(page, {
    rung: 'decision_sharing',
    level: 'service',
    ntaScope: 'collective',
    ntaMode: 'influence',
    method: 'interview_panel',
  });

  await arrived(j, '/opportunities/new/audience', `audience (${label})`);
  await answer(page, { audiences: 'service_user', welshMedium: 'no' });

  await arrived(j, '/opportunities/new/when', `when (${label})`);
  await setDate(page, 'opensOn', 0);
  await setDate(page, 'closingDate', 7);
  await setDate(page, 'startsOn', 14);
  await answer(page, {
    startsTime: '14:00',
    endsTime: '16:00',
    attendance: 'in_person',
    locationEn: 'Aberffug hub',
    locationCy: 'Hwb Aberffug',
  });

  await arrived(j, '/opportunities/new/commitment', `commitment (${label})`);
  await answer(page, { expectedHours: '3', payment: 'expenses_only' });

  await arrived(j, '/opportunities/new/places', `places (${label})`);
  await answer(page, { places: '2', backups: '0', public: 'no' });

  await arrived(j, '/opportunities/new/check', `check your answers (${label})`);
  assert.ok((await page.locator('main').innerText()).includes(title));
  await submit(page, '/opportunities/new/check');
  await arrived(j, new RegExp(`^/opportunities/${ID}$`), `the new opportunity (${label})`);
  const id = new URL(page.url()).pathname.split('/')[2]!;

  // open it: people it suits are told (through the safe-contact rules)
  await clickAndWait(
    page,
    page
      .locator(`main form[action="/opportunities/${id}/status"]`)
      .filter({ has: page.locator('input[name="to"][value="open"]') })
      .locator('button'),
  );
  await arrived(j, `/opportunities/${id}`, `opened (${label})`);
  assert.ok(
    (await page.locator('main').innerText()).includes(
      text('en', 'involvement:opportunityStatuses.open'),
    ),
  );
  return id;
}

/** The person signs in to the portal (in Welsh, their language) and says they are interested. */
async function expressInterest(
  j: Journey,
  browser: Browser,
  baseUrl: string,
  id: string,
  label: string,
) {
  const page = j.page;
  await signInPortal(j, browser, baseUrl, PERSON_PHONE, label);
  assert.equal(await page.locator('html').getAttribute('lang'), 'cy', 'the portal is in Welsh');

  await page.goto('/portal/opportunities');
  await arrived(j, '/portal/opportunities', `portal opportunities (${label})`);
  await clickAndWait(page, page.locator(`main a[href="/portal/opportunities/${id}"]`).first());
  await arrived(j, `/portal/opportunities/${id}`, `the opportunity in the portal (${label})`);
  assert.ok((await page.locator('main').innerText()).includes('(Cymraeg)'), 'the Welsh title');
  await set(page, 'note', 'Rydw i wedi bod ar banel cyfweld o’r blaen.');
  await submit(page, `/portal/opportunities/${id}/interest`);
  await arrived(j, new RegExp(`^/portal/opportunities(/${id})?$`), `interest recorded (${label})`);
  assert.equal(await page.locator('html').getAttribute('lang'), 'cy');
}

/** The lead selects the person with a reason, tells them, and records that they took part. */
async function selectAndRecord(j: Journey, id: string, label: string) {
  const page = j.page;
  // from the opportunity's page, as the lead would
  await page.goto(`/opportunities/${id}`);
  await arrived(j, `/opportunities/${id}`, `the opportunity, with applicants (${label})`);
  await clickAndWait(page, page.locator(`main a[href="/opportunities/${id}/selection"]`));
  await arrived(j, `/opportunities/${id}/selection`, `selection (${label})`);
  const main = await page.locator('main').innerText();
  assert.ok(main.includes(PERSON_NAME), 'the applicant is listed');
  const applicant = await page
    .locator('main form input[name="applicant"]')
    .first()
    .getAttribute('value');
  assert.ok(applicant, 'an applicant to decide about');
  await set(page, `decision-${applicant}`, 'selected');
  await set(page, `reason-${applicant}`, 'meets_needs');
  await submit(page, `/opportunities/${id}/selection`);
  await arrived(j, `/opportunities/${id}/selection`, `decisions saved (${label})`);
  await submit(page, `/opportunities/${id}/selection/tell`);
  await arrived(j, new RegExp(`^/opportunities/${id}(/selection)?$`), `told (${label})`);

  await page.goto(`/opportunities/${id}`);
  await clickAndWait(page, page.locator(`main a[href="/opportunities/${id}/involvement"]`));
  await arrived(j, `/opportunities/${id}/involvement`, `record involvement (${label})`);
  const took = page.locator('main input[type="radio"][name^="took-"][value="yes"]');
  assert.equal(await took.count(), 1, 'the selected person is listed');
  await took.first().check();
  const hours = page.locator('main input[name^="hours-"]').first();
  await hours.fill('2.5');
  const today = dateParts(0);
  await set(page, 'tookPartDay', today.day);
  await set(page, 'tookPartMonth', today.month);
  await set(page, 'tookPartYear', today.year);
  await submit(page, `/opportunities/${id}/involvement`);
  await arrived(j, new RegExp(`^/opportunities/${id}(/involvement)?$`), `recorded (${label})`);
}

describe('opportunities, fair selection and the ladder map journey (Chromium)', () => {
  const suite = serverAndBrowser();

  for (const [options, label] of browsingWays) {
    test(`create, open, interest in Welsh, select, record, ladder map (${label})`, async () => {
      const title = `Interview panel for a recovery worker (${label})`;
      await journey(suite.browser, suite.server.baseUrl, options, async (lead) => {
        await signInStaff(lead, LEAD);
        const before = await decisionSharing(lead, `before, ${label}`);
        const id = await createAndOpen(lead, title, label);

        await journey(suite.browser, suite.server.baseUrl, options, async (person) => {
          await expressInterest(person, suite.browser, suite.server.baseUrl, id, label);
        });

        await selectAndRecord(lead, id, label);
        const after = await decisionSharing(lead, `after, ${label}`);
        assert.equal(after.records, before.records + 1, 'one more involvement record at rung 5');
        assert.equal(after.opportunities, before.opportunities + 1, 'one more opportunity');
      });
    });
  }
});
