/**
 * End-to-end, issue 11 items 2 and 6: Rhiannon (demo; she reads Cyd in Welsh) signs in to the
 * portal on a cheap phone without JavaScript, claims the bus fare and the train fare for today,
 * adds a photo of the train ticket (a PDF here), sends the claim, and then downloads her
 * statement of payments for this tax year as a PDF to show the benefits office. Every page is
 * scanned with axe-core and must fit a 320-pixel screen.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { demoOrganisationId } from '#features/admin';
import { demoPersonId } from '#features/register';
import { buildPdf } from '#test/support/paper-files.ts';
import { arrived, ID, set, signInPortal, followFitting } from './support/forms.ts';
import { journey, fits, narrowPhone } from './support/journey.ts';
import { serverBrowserAndDatabase } from './support/server.ts';
import { text } from './support/text.ts';
import { clickAndWait } from './pages/cyd-page.ts';

const RHIANNON = demoPersonId('rhiannon');
const HUB = demoOrganisationId('aberffugHub');
const PHONE = '07700 900101';

describe('a person claims expenses and downloads a statement in the portal (Chromium)', () => {
  const suite = serverBrowserAndDatabase();

  test('Rhiannon claims her fares in Welsh on a phone, adds the ticket, gets her statement', async () => {
    const options = { javaScriptEnabled: false, ...narrowPhone };
    await journey(suite.browser, suite.server.baseUrl, options, async (j) => {
      const page = j.page;
      await signInPortal(j, suite.browser, suite.server.baseUrl, PHONE, 'claims');
      assert.equal(await page.locator('html').getAttribute('lang'), 'cy');

      await followFitting(j, '/portal/claims', 'her claims (cy)');
      await clickAndWait(page, page.locator('main a[href="/portal/claims/new"]').first());
      await arrived(j, '/portal/claims/new', 'claim expenses (cy)');
      await fits(j, 'claim expenses (cy)');
      assert.ok(
        (await page.locator('h1').innerText()).includes(text('cy', 'portalClaims:new.title')),
      );
      // the day is filled in with today; she chooses the hub when she is known at more than one
      const hub = page.locator(`main input[name="organisationId"][value="${HUB}"]`);
      if (await hub.count()) await hub.check();
      await page.locator('main select[name="kind-1"]').selectOption('bus');
      await set(page, 'amount-1', '4.60');
      await page.locator('main select[name="kind-2"]').selectOption('train');
      await set(page, 'amount-2', '23.50');
      await clickAndWait(page, page.locator('main button[name="action"][value="submit"]'));
      const problem = page.locator('.govuk-error-summary');
      if (await problem.count()) assert.fail(await problem.innerText());
      await arrived(j, new RegExp(`^/portal/claims/${ID}$`), 'the claim, sent (cy)');
      await fits(j, 'the claim, sent (cy)');
      const claimId = new URL(page.url()).pathname.split('/')[3]!;
      const shown = await page.locator('main').innerText();
      assert.ok(shown.includes('£28.10'), 'the two fares');
      assert.ok(shown.includes(text('cy', 'claims:statuses.submitted')), 'waiting for approval');

      // the £23.50 train fare needs its ticket
      const ticket = path.join(tmpdir(), `ticket-${claimId}.pdf`);
      await writeFile(ticket, buildPdf(['Tocyn trên Aberffug - Caerdydd £23.50']));
      await page.locator('main input[type="file"]').first().setInputFiles(ticket);
      await clickAndWait(page, page.locator(`main form[action*="/receipt"] button`).first());
      await arrived(j, `/portal/claims/${claimId}`, 'the ticket added (cy)');
      assert.ok(
        (await page.locator('main').innerText()).includes(text('cy', 'portalClaims:flash.receipt')),
      );
      const row = await suite.database.db
        .selectFrom('money_claim_lines')
        .select('receipt')
        .where('claim_id', '=', claimId)
        .where('kind', '=', 'train')
        .executeTakeFirstOrThrow();
      assert.equal(row.receipt, 'uploaded');

      await page.goto('/portal');
      await followFitting(j, '/portal/statements', 'her statement (cy)');
      const statement = await page.locator('main').innerText();
      assert.ok(statement.includes('£4.60'), 'the bus fare paid in cash on the day');
      assert.ok(statement.includes('£80.00'), 'the board day');
      const href = await page
        .locator('main a[href*="/portal/statements/pdf"]')
        .getAttribute('href');
      const pdf = await page.request.get(href!);
      assert.equal(pdf.status(), 200);
      assert.equal(pdf.headers()['content-type'], 'application/pdf');
      assert.equal((await pdf.body()).subarray(0, 5).toString(), '%PDF-');
    });
    const claims = await suite.database.db
      .selectFrom('money_claims')
      .select('made_via')
      .where('person_id', '=', RHIANNON)
      .where('made_via', '=', 'portal')
      .execute();
    assert.ok(claims.length >= 1);
  });
});
