import { sql, type Kysely } from 'kysely';
import type { DemoContext, DemoSeed } from '#platform/modules/contract.ts';
import type { Services } from '#platform/modules/contract.ts';
import { hashPassword } from '#platform/auth/passwords.ts';
import type { DB, OrganisationKind, Role } from '#platform/db/schema.ts';
import { stableUuid } from '#platform/seed/ids.ts';

/**
 * Demonstration data: a clearly fictional Welsh region ("Cwm Ffug" means "fake valley") with
 * two areas, four providers and their services, two service user forums, and staff in every
 * role who sign in as <role>@demo.example with the DEMO_PASSWORD. Demo organisations do not
 * require MFA so anyone can try Cyd at once.
 *
 * seedDemo() resets first: it deletes the demo tree (everything below the demo nation, even
 * organisations people added there) and every @demo.example account, then seeds again, all in
 * one transaction. Audit rows are left alone: the audit log is append-only.
 *
 * Later capabilities add their own demo records in seedDemo and delete them in resetSteps.
 */
export const DEMO_DOMAIN = 'demo.example';

type DemoServices = Pick<Services, 'db' | 'audit' | 'config' | 'modules'>;
type Trx = Kysely<DB>;

interface DemoOrganisation {
  key: string;
  kind: OrganisationKind;
  parent: string | null;
  nameEn: string;
  nameCy: string;
}

/** Parents come before their children. */
const demoOrganisations: DemoOrganisation[] = [
  {
    key: 'nation',
    kind: 'nation',
    parent: null,
    nameEn: 'Wales (demonstration)',
    nameCy: 'Cymru (arddangos)',
  },
  {
    key: 'region',
    kind: 'region',
    parent: 'nation',
    nameEn: 'Cwm Ffug Area Planning Board',
    nameCy: 'Bwrdd Cynllunio Ardal Cwm Ffug',
  },
  {
    key: 'aberffug',
    kind: 'area',
    parent: 'region',
    nameEn: 'Aberffug Community Safety Partnership',
    nameCy: 'Partneriaeth Diogelwch Cymunedol Aberffug',
  },
  {
    key: 'llanddychmyg',
    kind: 'area',
    parent: 'region',
    nameEn: 'Llanddychmyg Community Safety Partnership',
    nameCy: 'Partneriaeth Diogelwch Cymunedol Llanddychmyg',
  },
  {
    key: 'aberffugDas',
    kind: 'provider',
    parent: 'aberffug',
    nameEn: 'Aberffug Drug and Alcohol Service',
    nameCy: 'Gwasanaeth Cyffuriau ac Alcohol Aberffug',
  },
  {
    key: 'aberffugHub',
    kind: 'service',
    parent: 'aberffugDas',
    nameEn: 'Aberffug town centre hub',
    nameCy: 'Hwb canol tref Aberffug',
  },
  {
    key: 'aberffugNsp',
    kind: 'service',
    parent: 'aberffugDas',
    nameEn: 'Aberffug needle and syringe programme',
    nameCy: 'Rhaglen nodwyddau a chwistrellau Aberffug',
  },
  {
    key: 'recoveryCommunity',
    kind: 'provider',
    parent: 'aberffug',
    nameEn: 'Ffug Valley Recovery Community',
    nameCy: 'Cymuned Adferiad Cwm Ffug',
  },
  {
    key: 'recoveryCafe',
    kind: 'service',
    parent: 'recoveryCommunity',
    nameEn: 'Aberffug recovery café',
    nameCy: 'Caffi adferiad Aberffug',
  },
  {
    key: 'familySupport',
    kind: 'provider',
    parent: 'llanddychmyg',
    nameEn: 'Llanddychmyg Family Support',
    nameCy: 'Cymorth i Deuluoedd Llanddychmyg',
  },
  {
    key: 'carersDropIn',
    kind: 'service',
    parent: 'familySupport',
    nameEn: 'Llanddychmyg carers’ drop-in',
    nameCy: 'Sesiwn galw heibio i ofalwyr Llanddychmyg',
  },
  {
    key: 'housing',
    kind: 'provider',
    parent: 'llanddychmyg',
    nameEn: 'Dychmyg Housing and Recovery',
    nameCy: 'Tai ac Adferiad Dychmyg',
  },
  {
    key: 'supportedHousing',
    kind: 'service',
    parent: 'housing',
    nameEn: 'Dychmyg supported housing',
    nameCy: 'Tai â chymorth Dychmyg',
  },
  {
    key: 'outreach',
    kind: 'service',
    parent: 'housing',
    nameEn: 'Dychmyg outreach team',
    nameCy: 'Tîm allgymorth Dychmyg',
  },
  {
    key: 'regionForum',
    kind: 'group',
    parent: 'region',
    nameEn: 'Cwm Ffug Service User Forum',
    nameCy: 'Fforwm Defnyddwyr Gwasanaeth Cwm Ffug',
  },
  {
    key: 'carersForum',
    kind: 'group',
    parent: 'llanddychmyg',
    nameEn: 'Llanddychmyg Carers and Families Forum',
    nameCy: 'Fforwm Gofalwyr a Theuluoedd Llanddychmyg',
  },
];

interface DemoStaff {
  email: string;
  name: string;
  language: 'en' | 'cy';
  platformAdmin?: boolean;
  roles: { at: string; role: Role }[];
}

const demoStaff: DemoStaff[] = [
  {
    email: `platform-admin@${DEMO_DOMAIN}`,
    name: 'Morgan Price',
    language: 'en',
    platformAdmin: true,
    roles: [],
  },
  {
    email: `organisation-admin@${DEMO_DOMAIN}`,
    name: 'Rhian Davies',
    language: 'en',
    roles: [{ at: 'region', role: 'organisation_admin' }],
  },
  {
    email: `commissioner@${DEMO_DOMAIN}`,
    name: 'Gareth Morgan',
    language: 'en',
    roles: [{ at: 'region', role: 'commissioner' }],
  },
  {
    email: `involvement-lead@${DEMO_DOMAIN}`,
    name: 'Ffion Hughes',
    language: 'en',
    roles: [{ at: 'aberffugDas', role: 'involvement_lead' }],
  },
  {
    email: `staff@${DEMO_DOMAIN}`,
    name: 'Jordan Evans',
    language: 'en',
    roles: [{ at: 'aberffugDas', role: 'staff' }],
  },
  {
    email: `viewer@${DEMO_DOMAIN}`,
    name: 'Priya Shah',
    language: 'en',
    roles: [{ at: 'aberffug', role: 'viewer' }],
  },
  {
    email: `sion.ap.dafydd@${DEMO_DOMAIN}`,
    name: 'Siôn ap Dafydd',
    language: 'cy',
    roles: [{ at: 'familySupport', role: 'involvement_lead' }],
  },
  {
    email: `owain.jenkins@${DEMO_DOMAIN}`,
    name: 'Owain Jenkins',
    language: 'en',
    roles: [{ at: 'recoveryCommunity', role: 'organisation_admin' }],
  },
  {
    email: `chloe.roberts@${DEMO_DOMAIN}`,
    name: 'Chloe Roberts',
    language: 'en',
    roles: [
      { at: 'housing', role: 'staff' },
      { at: 'carersForum', role: 'staff' },
    ],
  },
];

/** The six accounts printed at start-up and in the README, one per role. */
export const demoSignIns = [
  { email: `platform-admin@${DEMO_DOMAIN}`, role: 'platform administrator' },
  { email: `organisation-admin@${DEMO_DOMAIN}`, role: 'organisation administrator' },
  { email: `commissioner@${DEMO_DOMAIN}`, role: 'commissioner' },
  { email: `involvement-lead@${DEMO_DOMAIN}`, role: 'involvement lead' },
  { email: `staff@${DEMO_DOMAIN}`, role: 'staff' },
  { email: `viewer@${DEMO_DOMAIN}`, role: 'viewer' },
] as const;

/** Demo organisation ids are fixed, so links to the demo keep working after a reset. */
export const demoOrganisationId = (key: string) => stableUuid(`cyd-demo:${key}`);
const DEMO_ROOT = demoOrganisationId('nation');

const inDemoTree = sql<boolean>`ancestors && array[${DEMO_ROOT}]::uuid[]`;
const demoOrganisationIds = (trx: Trx) =>
  trx.selectFrom('organisations').select('id').where(inDemoTree);
const demoAccountIds = (trx: Trx) =>
  trx.selectFrom('accounts').select('id').where('email', 'like', `%@${DEMO_DOMAIN}`);

/**
 * What a reset deletes, in order: every module's demo records first (the reverse of
 * `src/modules.ts`: records that point at others go before what they point at), then the demo
 * staff and organisations.
 */
const resetSteps = (seeds: readonly DemoSeed[]): ((trx: Trx) => Promise<unknown>)[] => [
  ...[...seeds].reverse().map((seed) => (trx: Trx) => seed.reset(trx, DEMO_ROOT)),
  (trx) =>
    trx
      .deleteFrom('memberships')
      .where((eb) =>
        eb.or([
          eb('organisation_id', 'in', demoOrganisationIds(trx)),
          eb('account_id', 'in', demoAccountIds(trx)),
        ]),
      )
      .execute(),
  (trx) =>
    trx
      .deleteFrom('outbox_messages')
      .where('organisation_id', 'in', demoOrganisationIds(trx))
      .execute(),
  // sessions and one-time tokens go with their accounts (on delete cascade)
  (trx) => trx.deleteFrom('accounts').where('email', 'like', `%@${DEMO_DOMAIN}`).execute(),
  // one statement: the parent/child references are checked at its end
  (trx) => trx.deleteFrom('organisations').where(inDemoTree).execute(),
];

export interface DemoSummary {
  organisations: number;
  accounts: number;
  memberships: number;
}

type DemoTree = Map<string, { id: string; ancestors: string[] }>;

/** The demo organisations, with stable ids; returns them and each one's id and ancestors. */
async function insertDemoOrganisations(trx: Trx) {
  const ids: DemoTree = new Map();
  const organisations = demoOrganisations.map((o) => {
    const id = demoOrganisationId(o.key);
    const ancestors = [...(o.parent ? ids.get(o.parent)!.ancestors : []), id];
    ids.set(o.key, { id, ancestors });
    return {
      id,
      parent_id: o.parent ? ids.get(o.parent)!.id : null,
      ancestors,
      kind: o.kind,
      name_en: o.nameEn,
      name_cy: o.nameCy,
      requires_mfa: false,
    };
  });
  await trx.insertInto('organisations').values(organisations).execute();
  return { ids, organisations };
}

/** The demo staff and their memberships; returns each account's id by e-mail. */
async function insertDemoStaff(trx: Trx, passwordHash: string, ids: DemoTree) {
  const accounts = await trx
    .insertInto('accounts')
    .values(
      demoStaff.map((s) => ({
        email: s.email,
        name: s.name,
        language: s.language,
        password_hash: passwordHash,
        platform_admin: s.platformAdmin ?? false,
        mfa_required: false,
      })),
    )
    .returning(['id', 'email'])
    .execute();
  const accountId = new Map(accounts.map((a) => [a.email, a.id]));
  const memberships = demoStaff.flatMap((s) =>
    s.roles.map((r) => ({
      account_id: accountId.get(s.email)!,
      organisation_id: ids.get(r.at)!.id,
      role: r.role,
    })),
  );
  await trx.insertInto('memberships').values(memberships).execute();
  return { accountId, accounts: accounts.length, memberships: memberships.length };
}

/** Deletes the demo data (not its audit rows) and seeds it again, in one transaction. */
export async function seedDemo(services: DemoServices): Promise<DemoSummary> {
  const passwordHash = await hashPassword(services.config.demoPassword); // once, reused
  return services.db.transaction().execute(async (trx) => {
    const seeds = services.modules.demoSeeds;
    for (const step of resetSteps(seeds)) await step(trx);
    const { ids, organisations } = await insertDemoOrganisations(trx);
    const staff = await insertDemoStaff(trx, passwordHash, ids);
    const context: DemoContext = {
      keys: services.config.encryptionKey,
      organisation: (key) => ids.get(key)!,
      accountId: (email) => staff.accountId.get(email),
    };
    for (const seed of seeds) await seed.seed(trx, context);

    // the audit viewer has something to show: who set the demo up
    const admin = staff.accountId.get(`platform-admin@${DEMO_DOMAIN}`)!;
    for (const o of organisations.filter((row) => row.kind === 'nation' || row.kind === 'region'))
      await services.audit.record(
        {
          actorAccountId: admin,
          action: 'organisation.created',
          subjectType: 'organisation',
          subjectId: o.id,
          organisationId: o.id,
          details: { kind: o.kind, parentId: o.parent_id, requiresMfa: false },
        },
        trx,
      );
    const summary = {
      organisations: organisations.length,
      accounts: staff.accounts,
      memberships: staff.memberships,
    };
    await services.audit.record(
      {
        actorAccountId: null,
        action: 'demo.seeded',
        subjectType: 'organisation',
        subjectId: DEMO_ROOT,
        organisationId: DEMO_ROOT,
        details: summary,
      },
      trx,
    );
    return summary;
  });
}

/** On a fresh database (no organisations at all) seeds the demo; true if it did. */
export async function seedDemoOnFirstRun(services: DemoServices) {
  const any = await services.db
    .selectFrom('organisations')
    .select('id')
    .limit(1)
    .executeTakeFirst();
  if (any) return false;
  await seedDemo(services);
  return true;
}

/** Is the demo there (to remind people how to sign in)? */
export async function hasDemo(services: DemoServices) {
  const row = await services.db
    .selectFrom('accounts')
    .select('id')
    .where('email', '=', demoSignIns[0].email)
    .executeTakeFirst();
  return row !== undefined;
}

/** How to sign in to the demo, printed by the server and by `npm run seed:demo`. */
export function demoSignInMessage(address: string, password: string) {
  const width = Math.max(...demoSignIns.map((s) => s.email.length));
  return [
    '',
    'Demo data: a fictional region, Cwm Ffug Area Planning Board, with staff in every role.',
    `Sign in at ${address.replace(/\/+$/, '')}/sign-in as any of:`,
    ...demoSignIns.map((s) => `  ${s.email.padEnd(width)}  (${s.role})`),
    `Password: ${password}`,
    'To use another password, set DEMO_PASSWORD and run `npm run seed:demo` (it resets the demo).',
    'Demo organisations do not require MFA; real ones do.',
    '',
  ].join('\n');
}
