import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import {
  anywhereAs,
  overSubtree,
  personal,
  scoped,
  unscoped,
} from '#platform/permissions/matrix.ts';
import { samplePerson } from '#features/register';
import { moneyPermissions } from '../permissions.ts';
import { moves } from './move-routes.ts';
import { defaultScheme, saveScheme } from './repository.ts';

const viewing = overSubtree(...moneyPermissions['money.view']);
const setting = overSubtree(...moneyPermissions['money.rates']);

const servicesOf = (fixture: MatrixFixture) => fixture.services as Services;

/** A scheme at the target (with transfers and donations), made straight in the table. */
async function schemeAt(fixture: MatrixFixture, target: string) {
  await saveScheme(
    servicesOf(fixture).db,
    target,
    { ...defaultScheme, transfersAllowed: true, donationsAllowed: true },
    null,
  );
  return `/money/credits/${target}`;
}

/** A person registered at the target (named to commissioners), with the target's scheme. */
async function personAt(fixture: MatrixFixture, target: string) {
  const services = servicesOf(fixture);
  const actor = await fixture.setUpActor();
  const result = await services.people.registerPerson(
    actor,
    samplePerson(target, ['register', 'share_identified']),
  );
  if (!result.ok) throw new Error('cannot prepare a person');
  return `${await schemeAt(fixture, target)}/people/${result.value.id}`;
}

/** An offer at the target's scheme. */
async function offerAt(fixture: MatrixFixture, target: string) {
  const base = await schemeAt(fixture, target);
  const id = await servicesOf(fixture).credits.saveOffer(await fixture.setUpActor(), target, null, {
    titleEn: 'Matrix offer',
    titleCy: 'Cynnig matrics',
    cost: 100,
    retired: false,
  });
  return `${base}/offers/${id}`;
}

/** An adjustment in a person's ledger at the target, to reverse. */
async function entryAt(fixture: MatrixFixture, target: string) {
  const ledger = await personAt(fixture, target);
  const personId = ledger.split('/').at(-1)!;
  const done = await servicesOf(fixture).credits.adjust(
    await fixture.setUpActor(),
    target,
    personId,
    { amount: 100, reason: 'Matrix' },
  );
  if (!done.ok) throw new Error('cannot prepare an entry');
  return `${ledger}/entries/${done.value}/reverse`;
}

const people = '/money/credits/:organisationId/people/:personId';

export const creditsMatrix: MatrixRow[] = [
  unscoped('GET /money/credits', anywhereAs(...moneyPermissions['money.view'])),
  scoped('GET /money/credits/:organisationId', viewing, schemeAt),
  scoped(
    'GET /money/credits/:organisationId/scheme',
    setting,
    (_f, t) => `/money/credits/${t}/scheme`,
  ),
  scoped(
    'POST /money/credits/:organisationId/scheme',
    setting,
    (_f, t) => `/money/credits/${t}/scheme`,
    {},
  ),
  scoped(
    'GET /money/credits/:organisationId/offers/new',
    setting,
    async (f, t) => `${await schemeAt(f, t)}/offers/new`,
  ),
  scoped(
    'POST /money/credits/:organisationId/offers/new',
    setting,
    async (f, t) => `${await schemeAt(f, t)}/offers/new`,
    {},
  ),
  scoped('GET /money/credits/:organisationId/offers/:offerId', setting, offerAt),
  scoped('POST /money/credits/:organisationId/offers/:offerId', setting, offerAt, {}),
  scoped(
    'POST /money/credits/:organisationId/award',
    overSubtree(...moneyPermissions['money.claim']),
    async (f, t) => `${await schemeAt(f, t)}/award`,
    { involvementRecordId: '00000000-0000-4000-8000-000000000000' },
  ),
  scoped(`GET ${people}`, viewing, personAt),
  ...Object.entries(moves).flatMap(([move, permission]) => [
    scoped(
      `GET ${people}/${move}`,
      overSubtree(...moneyPermissions[permission]),
      async (f, t) => `${await personAt(f, t)}/${move}`,
    ),
    scoped(
      `POST ${people}/${move}`,
      overSubtree(...moneyPermissions[permission]),
      async (f, t) => `${await personAt(f, t)}/${move}`,
      {},
    ),
  ]),
  scoped(
    `GET ${people}/entries/:entryId/reverse`,
    overSubtree(...moneyPermissions['money.approve']),
    entryAt,
  ),
  scoped(
    `POST ${people}/entries/:entryId/reverse`,
    overSubtree(...moneyPermissions['money.approve']),
    entryAt,
    {},
  ),
  personal('GET /portal/credits'),
  ...(['spend', 'donate'] as const).flatMap((move) => {
    const url = async (fixture: MatrixFixture, target: string) => {
      await schemeAt(fixture, target);
      return `/portal/credits/${target}/${move}`;
    };
    return [
      personal(`GET /portal/credits/:organisationId/${move}`, url),
      personal(`POST /portal/credits/:organisationId/${move}`, url, {}),
    ];
  }),
];
