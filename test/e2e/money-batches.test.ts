/**
 * End-to-end, issue 11 items 2 and 3: the demo involvement lead makes a draft claim on Owain's
 * behalf, changes it (the bus fare was more than first written) and sends it; she approves it.
 * The organisation's administrator gathers the hub's approved bank transfer claims into a batch,
 * sees the claim in it and marks the batch as sent: the claim is paid by bank transfer, once.
 * Every page is scanned with axe-core, and the journey runs with JavaScript, without it, and on
 * a 320-pixel screen (no page may scroll sideways).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { demoPersonId } from '#features/register';
import {
  arrived,
  fillToday,
  ID,
  openFitting,
  set,
  submit,
  followFitting,
} from './support/forms.ts';
import { browsingWays, fits, type Journey } from './support/journey.ts';
import { claimThenPay, HUB } from './support/money.ts';
import { serverBrowserAndDatabase } from './support/server.ts';
import { clickAndWait } from './pages/cyd-page.ts';

const OWAIN = demoPersonId('owain');

/** The lead makes a draft, changes it, sends it and approves it; the claim's id. */
async function claimChangeAndApprove(j: Journey, label: string): Promise<string> {
  const page = j.page;
  await page.goto(`/money/claims/new?organisationId=${HUB}&personId=${OWAIN}`);
  await arrived(j, '/money/claims/new', `a claim for Owain (${label})`);
  await fillToday(j.page, 'occurredOn');
  await page.locator('main select[name="kind-1"]').selectOption('bus');
  await set(page, 'amount-1', '3.80');
  await clickAndWait(page, page.locator('main button[name="action"][value="draft"]'));
  await arrived(j, new RegExp(`^/money/claims/${ID}$`), `the draft (${label})`);
  const claimId = new URL(page.url()).pathname.split('/')[3]!;

  await followFitting(j, `/money/claims/${claimId}/edit`, `change the claim (${label})`);
  assert.equal(await page.locator('main input[name="amount-1"]').inputValue(), '3.80');
  await set(page, 'amount-1', '4.20');
  await clickAndWait(page, page.locator('main button[name="action"][value="submit"]'));
  await arrived(j, `/money/claims/${claimId}`, `changed and sent (${label})`);
  const shown = await page.locator('main').innerText();
  assert.ok(shown.includes('£4.20') && !shown.includes('£3.80'), `the new fare: ${shown}`);

  await openFitting(j, `/money/claims/${claimId}/approve`, `approve Owain's claim (${label})`);
  await submit(page, `/money/claims/${claimId}/approve`);
  await arrived(j, '/money/approvals', `approved (${label})`);
  return claimId;
}

/** The administrator gathers the hub's bank transfers and marks the batch sent. */
async function sendBatch(j: Journey, claimId: string, label: string) {
  const page = j.page;
  await openFitting(j, '/money/batches', `bank transfer batches (${label})`);
  await clickAndWait(
    page,
    page.locator(`main form:has(input[name="organisationId"][value="${HUB}"]) button`),
  );
  await arrived(j, new RegExp(`^/money/batches/${ID}$`), `the new batch (${label})`);
  await fits(j, `the new batch (${label})`);
  const batchUrl = new URL(page.url()).pathname;
  assert.equal(await page.locator(`main a[href="/money/claims/${claimId}"]`).count(), 1);
  assert.equal(
    await page.locator(`main a[href="${batchUrl}/download"]`).count(),
    1,
    'the batch can be downloaded for the bank',
  );
  await fillToday(j.page, 'paidOn');
  await submit(page, `${batchUrl}/send`);
  await arrived(j, batchUrl, `the batch, sent (${label})`);
  assert.ok((await page.locator('main').innerText()).includes('Sent: claims paid'));
  return batchUrl.split('/').at(-1)!;
}

describe('claims changed, approved and paid by bank transfer batch (Chromium)', () => {
  const suite = serverBrowserAndDatabase();

  browsingWays.forEach(([options, label]) => {
    test(`a claim changed before sending, then paid in a bank transfer batch (${label})`, async () => {
      const { claimId, paid: batchId } = await claimThenPay(
        suite,
        options,
        (lead) => claimChangeAndApprove(lead, label),
        (finance, id) => sendBatch(finance, id, label),
      );
      const payments = await suite.database.db
        .selectFrom('money_payments')
        .where('claim_id', '=', claimId)
        .select(['expenses_pence', 'method', 'batch_id'])
        .execute();
      assert.deepEqual(payments, [
        { expenses_pence: 420, method: 'bank_transfer', batch_id: batchId },
      ]);
    });
  });
});
