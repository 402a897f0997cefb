/**
 * What the claim journeys share: the demo hub, the organisation's administrator (who pays), and
 * the two sittings of a claim: the involvement lead signs in and makes it, then the administrator
 * signs in, in a fresh browser, and pays it.
 */
import { demoOrganisationId } from '#features/admin';
import { LEAD, signInStaff } from './forms.ts';
import { journey, type Journey, type JourneyOptions } from './journey.ts';
import type { RunningServer } from './server.ts';
import type { Browser } from 'playwright-core';

export const HUB = demoOrganisationId('aberffugHub');
export const FINANCE = 'organisation-admin@demo.example';

/**
 * The lead makes the claim (`claim` returns its id); then the administrator pays it (`pay`
 * returns what the test checks afterwards, e.g. the batch's id). Returns the claim's id and that.
 */
export async function claimThenPay<T>(
  suite: { browser: Browser; server: RunningServer },
  options: JourneyOptions,
  claim: (lead: Journey) => Promise<string>,
  pay: (finance: Journey, claimId: string) => Promise<T>,
): Promise<{ claimId: string; paid: T }> {
  let claimId = '';
  let paid: T | undefined;
  await journey(suite.browser, suite.server.baseUrl, options, async (lead) => {
    await signInStaff(lead, LEAD);
    claimId = await claim(lead);
  });
  await journey(suite.browser, suite.server.baseUrl, options, async (finance) => {
    await signInStaff(finance, FINANCE);
    paid = await pay(finance, claimId);
  });
  return { claimId, paid: paid as T };
}
