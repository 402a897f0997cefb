import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { DemoContext } from '#platform/modules/contract.ts';
import { demoOrganisations } from '#platform/seed/demo.ts';
import { londonParts } from '#platform/time/london.ts';
import { demoPersonId } from '#features/register';
import { ratesInForce } from '../rates/repository.ts';
import { priceLines, type LineInput } from './lines.ts';
import type { ClaimStatus } from './tables.ts';

/**
 * Demo expense claims (fictional): Megan's draft and returned claims and Bryn's submitted one at
 * the supported housing service, Rhiannon's approved claim at the Aberffug hub, priced by the
 * demo rates of their days. Paid claims are the payments feature's.
 */
type Trx = Kysely<DB>;

export async function resetDemoClaims(trx: Trx, demoRoot: string) {
  const claims = trx
    .selectFrom('money_claims')
    .select('id')
    .where('organisation_id', 'in', demoOrganisations(trx, demoRoot));
  await trx
    .deleteFrom('money_receipts')
    .where('line_id', 'in', (eb) =>
      eb.selectFrom('money_claim_lines').select('id').where('claim_id', 'in', claims),
    )
    .execute();
  await trx.deleteFrom('money_claim_lines').where('claim_id', 'in', claims).execute();
  await trx
    .deleteFrom('money_claims')
    .where('organisation_id', 'in', demoOrganisations(trx, demoRoot))
    .execute();
}

const daysAgo = (days: number) => londonParts(new Date(Date.now() - days * 86_400_000)).date;

const demoClaims: {
  person: string;
  at: string;
  days: number;
  status: ClaimStatus;
  lines: LineInput[];
}[] = [
  {
    person: 'megan',
    at: 'supportedHousing',
    days: 3,
    status: 'draft',
    lines: [
      { kind: 'bus', amountPence: 460 },
      { kind: 'involvement', rate: 0, unitsHundredths: 200 },
    ],
  },
  {
    person: 'megan',
    at: 'supportedHousing',
    days: 17,
    status: 'returned',
    lines: [
      { kind: 'mileage', miles: 14, vehicle: 'car' },
      { kind: 'parking', amountPence: 350 },
      { kind: 'childcare', amountPence: 2400 },
    ],
  },
  {
    person: 'bryn',
    at: 'supportedHousing',
    days: 9,
    status: 'submitted',
    lines: [
      { kind: 'train', amountPence: 1280 },
      { kind: 'subsistence', amountPence: 650 },
      { kind: 'involvement', rate: 0, unitsHundredths: 150 },
    ],
  },
  {
    person: 'rhiannon',
    at: 'aberffugHub',
    days: 24,
    status: 'approved',
    lines: [
      { kind: 'taxi', amountPence: 1450, reason: 'No bus back after the evening forum' },
      { kind: 'involvement', rate: 1, unitsHundredths: 100 },
    ],
  },
];

export async function seedDemoClaims(
  trx: Trx,
  context: Pick<DemoContext, 'organisation' | 'accountId'>,
) {
  const staffId = context.accountId('staff@demo.example') ?? null;
  const leadId = context.accountId('involvement-lead@demo.example') ?? null;
  for (const demo of demoClaims) {
    const organisationId = context.organisation(demo.at).id;
    const occurredOn = daysAgo(demo.days);
    const rates = await ratesInForce(trx, organisationId, occurredOn);
    if (!rates) continue;
    const priced = priceLines(rates, demo.lines);
    if (!priced.ok) throw new Error(`demo claim does not fit the rules: ${demo.person}`);
    const at = new Date(Date.now() - (demo.days - 1) * 86_400_000);
    const claim = await trx
      .insertInto('money_claims')
      .values({
        organisation_id: organisationId,
        person_id: demoPersonId(demo.person),
        occurred_on: occurredOn,
        rate_version_id: rates.id,
        status: demo.status,
        made_via: demo.status === 'approved' ? 'portal' : 'staff',
        created_by: demo.status === 'approved' ? null : staffId,
        submitted_at: demo.status === 'draft' ? null : at,
        returned_at: demo.status === 'returned' ? at : null,
        returned_by: demo.status === 'returned' ? leadId : null,
        returned_reason:
          demo.status === 'returned' ? 'Please add the childcare receipt from the nursery.' : null,
        approved_at: demo.status === 'approved' ? at : null,
        approved_by: demo.status === 'approved' ? leadId : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('money_claim_lines')
      .values(priced.value.map((l, i) => ({ ...l, claim_id: claim.id, position: i + 1 })))
      .execute();
  }
}
