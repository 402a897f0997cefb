import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { DemoContext } from '#platform/modules/contract.ts';
import { demoPersonId } from '#features/register';
import { saveChoice, saveProfile } from './repository.ts';

type Trx = Kysely<DB>;

/**
 * Demo payment choices and benefit information: Rhiannon is paid by bank transfer and receives
 * ESA, with her own weekly limit, recorded with her consent by the involvement lead; Owain is
 * paid by bank transfer too; Dai takes
 * time credits; Megan has her payments go to a (fictional) food bank; Amira receives Universal
 * Credit and told us herself in the portal.
 */
export async function resetDemoChoices(trx: Trx, demoRoot: string) {
  const people = trx
    .selectFrom('people')
    .select('id')
    .where(sql<boolean>`scope_ids && array[${demoRoot}]::uuid[]`);
  await trx.deleteFrom('money_benefit_profiles').where('person_id', 'in', people).execute();
  await trx.deleteFrom('money_payment_choices').where('person_id', 'in', people).execute();
}

const none = { charityName: null, lowerAmountPence: null, lowerSharePercent: null };

export async function seedDemoChoices(trx: Trx, context: Pick<DemoContext, 'accountId'>) {
  const lead = context.accountId('involvement-lead@demo.example') ?? null;
  await saveChoice(trx, demoPersonId('rhiannon'), { method: 'bank_transfer', ...none }, lead);
  await saveProfile(
    trx,
    demoPersonId('rhiannon'),
    {
      benefits: ['esa'],
      limitPence: 15000,
      limitPeriod: 'week',
      consentOn: '2026-04-14',
      consentHow: 'in_person',
    },
    lead,
    lead,
  );
  await saveChoice(trx, demoPersonId('owain'), { method: 'bank_transfer', ...none }, lead);
  await saveChoice(trx, demoPersonId('dai'), { method: 'time_credits', ...none }, lead);
  await saveChoice(
    trx,
    demoPersonId('megan'),
    { ...none, method: 'charity', charityName: 'Cwm Ffug Food Bank (fictional)' },
    null,
  );
  await saveChoice(trx, demoPersonId('amira'), { method: 'cash', ...none }, null);
  await saveProfile(
    trx,
    demoPersonId('amira'),
    {
      benefits: ['uc'],
      limitPence: null,
      limitPeriod: null,
      consentOn: '2026-06-02',
      consentHow: 'portal',
    },
    null,
    null,
  );
}
