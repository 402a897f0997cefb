import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { DemoContext } from '#platform/modules/contract.ts';
import { demoOrganisations } from '#platform/seed/demo.ts';
import { insertVersion, type VersionInput } from './repository.ts';

/**
 * Demo rates: the region sets rates for everyone below it (since the start of the tax year), and
 * the recovery café sets its own, more generous food allowance from next April, so the demo
 * shows rates inherited, rates of one's own and a version not yet in force.
 */
type Trx = Kysely<DB>;

export const regionRates: VersionInput = {
  effectiveFrom: '2026-04-06',
  mileageCarPpm: 45,
  mileageMotorbikePpm: 24,
  mileageBicyclePpm: 20,
  publicTransportAtCost: true,
  taxiWithReason: true,
  subsistenceCapPence: 1000,
  childcareCapPence: 4500,
  replacementCareCapPence: 4500,
  phoneDataPence: 500,
  receiptAbovePence: 1000,
  note: 'HMRC approved mileage rates; food and care caps agreed with the service user forum.',
  paymentRates: [
    { activityEn: 'Forum member', activityCy: 'Aelod fforwm', unit: 'hour', amountPence: 1250 },
    {
      activityEn: 'Interview panel member',
      activityCy: 'Aelod panel cyfweld',
      unit: 'half_day',
      amountPence: 4000,
    },
    {
      activityEn: 'Board representative',
      activityCy: 'Cynrychiolydd y bwrdd',
      unit: 'day',
      amountPence: 8000,
    },
  ],
};

export async function resetDemoRates(trx: Trx, demoRoot: string) {
  await trx
    .deleteFrom('money_rate_versions')
    .where('organisation_id', 'in', demoOrganisations(trx, demoRoot))
    .execute();
}

export async function seedDemoRates(
  trx: Trx,
  context: Pick<DemoContext, 'organisation' | 'accountId'>,
) {
  const adminId = context.accountId('organisation-admin@demo.example') ?? null;
  const region = context.organisation('region').id;
  const cafe = context.organisation('recoveryCafe').id;
  await insertVersion(trx, region, regionRates, adminId);
  await insertVersion(
    trx,
    cafe,
    {
      ...regionRates,
      effectiveFrom: '2027-04-06',
      subsistenceCapPence: 1500,
      note: 'A hot meal for evening groups.',
      paymentRates: regionRates.paymentRates.slice(0, 1),
    },
    adminId,
  );
}
