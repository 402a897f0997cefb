import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { DemoContext } from '#platform/modules/contract.ts';
import { demoOrganisations } from '#platform/seed/demo.ts';
import { latestInvolvementHours } from '#features/involvement';
import { demoPersonId } from '#features/register';
import { creditsForHours } from './credits.ts';
import { insertEntry, insertOffer, openAccount, saveScheme, type NewEntry } from './repository.ts';

/**
 * Demo time credits (WF 3.11 timebank case, fictional): the supported housing service runs a
 * timebank with transfers and donations, the Aberffug hub one with donations only. Recent
 * involvement at both has earned credits; Megan, Bryn and Rhiannon have spent, given and
 * donated some.
 */
type Trx = Kysely<DB>;

export async function resetDemoCredits(trx: Trx, demoRoot: string) {
  // ledgers are append-only: only this reset may remove them (migrations/0031_time_credits.sql)
  await sql`select set_config('cyd.credits_reset', 'on', true)`.execute(trx);
  const organisations = demoOrganisations(trx, demoRoot);
  await trx.deleteFrom('credit_entries').where('organisation_id', 'in', organisations).execute();
  await trx.deleteFrom('credit_accounts').where('organisation_id', 'in', organisations).execute();
  await trx.deleteFrom('credit_offers').where('organisation_id', 'in', organisations).execute();
  await trx.deleteFrom('credit_schemes').where('organisation_id', 'in', organisations).execute();
  await sql`select set_config('cyd.credits_reset', 'off', true)`.execute(trx);
}

const offers = {
  supportedHousing: [
    ['Cinema ticket at the Aberffug Picturehouse', 'Tocyn sinema yn Sinema Aberffug', 300],
    ['Entry to Castell Ffug', 'Mynediad i Gastell Ffug', 400],
    [
      'Fresh fruit and vegetable box from the food co-op',
      'Bocs ffrwythau a llysiau o’r co-op bwyd',
      150,
    ],
  ],
  aberffugHub: [
    ['Swim at the leisure centre', 'Nofio yn y ganolfan hamdden', 200],
    ['Lunch at the recovery café', 'Cinio yn y caffi adferiad', 100],
  ],
} as const;

export async function seedDemoCredits(
  trx: Trx,
  context: Pick<DemoContext, 'organisation' | 'accountId'>,
) {
  const adminId = context.accountId('organisation-admin@demo.example') ?? null;
  const housing = context.organisation('supportedHousing').id;
  const hub = context.organisation('aberffugHub').id;
  await saveScheme(
    trx,
    housing,
    {
      enabled: true,
      creditsPerHour: 100,
      transfersAllowed: true,
      donationsAllowed: true,
      minBalance: 0,
    },
    adminId,
  );
  await saveScheme(
    trx,
    hub,
    {
      enabled: true,
      creditsPerHour: 100,
      transfersAllowed: false,
      donationsAllowed: true,
      minBalance: 0,
    },
    adminId,
  );
  const offerIds: Record<string, string[]> = {};
  for (const [key, organisationId] of [
    ['supportedHousing', housing],
    ['aberffugHub', hub],
  ] as const) {
    offerIds[key] = [];
    for (const [titleEn, titleCy, cost] of offers[key])
      offerIds[key].push(
        await insertOffer(trx, organisationId, { titleEn, titleCy, cost, retired: false }, adminId),
      );
  }
  const post = async (entry: Omit<NewEntry, 'accountId' | 'recordedBy'>) => {
    const account = await openAccount(trx, entry.organisationId, entry.personId);
    return insertEntry(trx, {
      ...entry,
      accountId: account.id,
      recordedBy: entry.recordedVia === 'portal' ? null : adminId,
    });
  };
  let earned = 0;
  for (const organisationId of [housing, hub])
    for (const record of await latestInvolvementHours(trx, { organisationId, limit: 12 })) {
      await post({
        personId: record.personId,
        organisationId,
        kind: 'earned',
        amount: creditsForHours(record.hoursHundredths, 100),
        involvementRecordId: record.id,
        occurredOn: record.tookPartOn,
      });
      earned += 1;
    }
  const card = 'Brought over from the paper timebank card';
  const [megan, bryn, rhiannon] = ['megan', 'bryn', 'rhiannon'].map(demoPersonId) as [
    string,
    string,
    string,
  ];
  await post({
    personId: megan,
    organisationId: housing,
    kind: 'adjustment',
    amount: 600,
    reason: card,
  });
  await post({
    personId: bryn,
    organisationId: housing,
    kind: 'adjustment',
    amount: 450,
    reason: card,
  });
  await post({
    personId: rhiannon,
    organisationId: hub,
    kind: 'adjustment',
    amount: 500,
    reason: card,
  });
  await post({
    personId: megan,
    organisationId: housing,
    kind: 'spent',
    amount: -300,
    offerId: offerIds.supportedHousing![0]!,
  });
  const out = await post({
    personId: bryn,
    organisationId: housing,
    kind: 'transfer_out',
    amount: -150,
    reason: 'For the allotment tools',
  });
  await post({
    personId: megan,
    organisationId: housing,
    kind: 'transfer_in',
    amount: 150,
    counterpartEntryId: out.id,
    reason: 'For the allotment tools',
  });
  await post({
    personId: bryn,
    organisationId: housing,
    kind: 'donated',
    amount: -100,
    reason: 'To the community pot',
  });
  await post({
    personId: rhiannon,
    organisationId: hub,
    kind: 'spent',
    amount: -200,
    offerId: offerIds.aberffugHub![0]!,
    recordedVia: 'portal',
  });
  return { schemes: 2, earned };
}
