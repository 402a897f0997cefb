import type { Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { DemoContext } from '#platform/modules/contract.ts';
import { demoOrganisations } from '#platform/seed/demo.ts';
import { londonParts } from '#platform/time/london.ts';
import { demoPersonId } from '#features/register';
import { ratesInForce } from '../rates/repository.ts';
import { priceLines, type LineInput } from './lines.ts';
import { insertLines } from './repository.ts';
import type { ClaimStatus } from './tables.ts';

/**
 * Demo expense claims (fictional), one in every state, priced by the demo rates of their days:
 * Megan's draft, returned and withdrawn claims and Bryn's submitted one at the supported housing
 * service; at the Aberffug hub Rhiannon's approved claim, the board day paid in cash on the day
 * from the reception cash box (still open, so it waits to be counted), and this week's board day
 * sent for approval — with last week's it would take her over the £150 weekly limit she recorded,
 * so the approval page warns; Owain's forum claim paid by bank transfer, and Amira's paid twice
 * by mistake and reversed.
 */
type Trx = Kysely<DB>;

export async function resetDemoClaims(trx: Trx, demoRoot: string) {
  const claims = trx
    .selectFrom('money_claims')
    .select('id')
    .where('organisation_id', 'in', demoOrganisations(trx, demoRoot));
  // the payments' reversals first, then payments, floats and batches
  await trx
    .deleteFrom('money_payments')
    .where('claim_id', 'in', claims)
    .where('kind', '=', 'reversal')
    .execute();
  await trx.deleteFrom('money_payments').where('claim_id', 'in', claims).execute();
  const floats = trx
    .selectFrom('money_floats')
    .select('id')
    .where('organisation_id', 'in', demoOrganisations(trx, demoRoot));
  await trx.deleteFrom('money_float_top_ups').where('float_id', 'in', floats).execute();
  await trx
    .deleteFrom('money_floats')
    .where('organisation_id', 'in', demoOrganisations(trx, demoRoot))
    .execute();
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
  // bank transfer batches made while trying the demo (their claims and payments are gone)
  await trx
    .deleteFrom('money_payment_batches')
    .where('organisation_id', 'in', demoOrganisations(trx, demoRoot))
    .execute();
}

const daysAgo = (days: number) => londonParts(new Date(Date.now() - days * 86_400_000)).date;

/** How a demo claim was paid (paid and reversed claims). */
interface DemoPayment {
  method: 'cash' | 'bank_transfer';
  /** Days after the claim's day (0: on the day). */
  after: number;
  reference?: string;
  /** Reversed, with this reason. */
  reversed?: string;
}

const demoClaims: {
  person: string;
  at: string;
  days: number;
  status: ClaimStatus;
  lines: LineInput[];
  payment?: DemoPayment;
}[] = [
  {
    person: 'megan',
    at: 'supportedHousing',
    days: 3,
    status: 'draft',
    lines: [
      { kind: 'bus', amountPence: 460 },
      { kind: 'involvement', rate: 'hour:Forum member', unitsHundredths: 200 },
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
      { kind: 'involvement', rate: 'hour:Forum member', unitsHundredths: 150 },
    ],
  },
  {
    person: 'rhiannon',
    at: 'aberffugHub',
    days: 24,
    status: 'approved',
    lines: [
      { kind: 'taxi', amountPence: 1450, reason: 'No bus back after the evening forum' },
      { kind: 'involvement', rate: 'half_day:Interview panel member', unitsHundredths: 100 },
    ],
  },
  {
    person: 'rhiannon',
    at: 'aberffugHub',
    days: 5,
    status: 'paid',
    lines: [
      { kind: 'bus', amountPence: 460 },
      { kind: 'involvement', rate: 'day:Board representative', unitsHundredths: 100 },
    ],
    payment: { method: 'cash', after: 0 },
  },
  {
    person: 'rhiannon',
    at: 'aberffugHub',
    days: 1,
    status: 'submitted',
    lines: [
      { kind: 'bus', amountPence: 460 },
      { kind: 'involvement', rate: 'day:Board representative', unitsHundredths: 100 },
    ],
  },
  {
    person: 'megan',
    at: 'supportedHousing',
    days: 30,
    status: 'withdrawn',
    lines: [{ kind: 'bus', amountPence: 380 }],
  },
  {
    person: 'owain',
    at: 'aberffugHub',
    days: 40,
    status: 'paid',
    lines: [
      { kind: 'train', amountPence: 860 },
      { kind: 'involvement', rate: 'hour:Forum member', unitsHundredths: 200 },
    ],
    payment: { method: 'bank_transfer', after: 6, reference: 'BACS 4471' },
  },
  {
    // approved, waiting for the next bank transfer batch (Owain chose bank transfer)
    person: 'owain',
    at: 'aberffugHub',
    days: 8,
    status: 'approved',
    lines: [
      { kind: 'bus', amountPence: 380 },
      { kind: 'involvement', rate: 'hour:Forum member', unitsHundredths: 200 },
    ],
  },
  {
    person: 'amira',
    at: 'aberffugHub',
    days: 33,
    status: 'reversed',
    lines: [{ kind: 'mileage', miles: 18, vehicle: 'car' }],
    payment: {
      method: 'bank_transfer',
      after: 4,
      reference: 'BACS 4402',
      reversed: 'Paid twice by mistake: the second transfer was returned by the bank.',
    },
  },
];

export async function seedDemoClaims(
  trx: Trx,
  context: Pick<DemoContext, 'organisation' | 'accountId'>,
) {
  const staffId = context.accountId('staff@demo.example') ?? null;
  const leadId = context.accountId('involvement-lead@demo.example') ?? null;
  const adminId = context.accountId('organisation-admin@demo.example') ?? null;
  // the hub's reception cash box: opened ten days ago, not yet counted
  const float = await trx
    .insertInto('money_floats')
    .values({
      organisation_id: context.organisation('aberffugHub').id,
      name: 'Reception cash box',
      opened_on: daysAgo(10),
      opened_by: adminId,
      opening_pence: 10000,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const demo of demoClaims) {
    const organisationId = context.organisation(demo.at).id;
    const occurredOn = daysAgo(demo.days);
    const rates = await ratesInForce(trx, organisationId, occurredOn);
    if (!rates) continue;
    const priced = priceLines(rates, demo.lines);
    if (!priced.ok) throw new Error(`demo claim does not fit the rules: ${demo.person}`);
    const at = new Date(Date.now() - (demo.days - 1) * 86_400_000);
    const paid = demo.payment !== undefined;
    const approved = paid || demo.status === 'approved';
    const paidOn = demo.payment ? daysAgo(demo.days - demo.payment.after) : null;
    const paymentPence = priced.value
      .filter((l) => l.category === 'payment')
      .reduce((sum, l) => sum + l.amount_pence, 0);
    const expensesPence = priced.value
      .filter((l) => l.category === 'expense')
      .reduce((sum, l) => sum + l.amount_pence, 0);
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
        approved_at: approved ? at : null,
        approved_by: approved ? leadId : null,
        payment_outcome: approved && paymentPence > 0 ? 'paid' : null,
        payment_due_pence: approved && paymentPence > 0 ? paymentPence : null,
        paid_at: paidOn ? new Date(`${paidOn}T12:00:00Z`) : null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await insertLines(trx, claim.id, priced.value);
    if (demo.payment && paidOn) {
      const payment = await trx
        .insertInto('money_payments')
        .values({
          claim_id: claim.id,
          organisation_id: organisationId,
          person_id: demoPersonId(demo.person),
          method: demo.payment.method,
          expenses_pence: expensesPence,
          payment_pence: paymentPence,
          paid_on: paidOn,
          reference: demo.payment.reference ?? null,
          on_the_day_or_before: demo.payment.after <= 0,
          float_id: demo.payment.method === 'cash' ? float.id : null,
          paid_by: adminId,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      if (demo.payment.reversed)
        await trx
          .insertInto('money_payments')
          .values({
            claim_id: claim.id,
            organisation_id: organisationId,
            person_id: demoPersonId(demo.person),
            kind: 'reversal',
            method: demo.payment.method,
            expenses_pence: -expensesPence,
            payment_pence: -paymentPence,
            paid_on: daysAgo(demo.days - demo.payment.after - 2),
            on_the_day_or_before: false,
            reverses_payment_id: payment.id,
            reason: demo.payment.reversed,
            paid_by: adminId,
          })
          .execute();
    }
  }
}
