import { sql, type Insertable } from 'kysely';
import { hashPassword } from '#platform/auth/passwords.ts';
import type { Database } from '#platform/db/database.ts';
import type { DB, OrganisationKind, Role } from '#platform/db/schema.ts';
import { seededRandom, type SeededRandom } from '#platform/seed/ids.ts';
import { commonSurnames } from '#platform/seed/names.ts';
import {
  insertInBatches,
  NATIONAL_DOMAIN,
  nationalRoots,
  type NationalContext,
  type SeededOrganisation,
} from '#platform/seed/national.ts';
export { NATIONAL_DOMAIN, nationalRoots } from '#platform/seed/national.ts';
import type { NationalSeed } from '#platform/modules/contract.ts';
import type { KeyRing } from '#platform/crypto/encryption.ts';

/**
 * Synthetic national-scale data for benchmarks (`npm run seed:national`): at scale 1, 1,000
 * organisations (2 nations, 20 regions, 100 areas, 500 providers, services and groups) and
 * about 3,000 staff accounts with their roles. Deterministic: the same seed and scale give the
 * same ids, names and rows, so benchmark runs can be compared.
 *
 * Each table group has one function taking the shared context; later capabilities add theirs
 * (people, meetings, feedback, expenses) to `steps` and delete their rows in `resetNational`.
 * Rows go in with multi-row INSERTs of thousands of rows per statement.
 */
export const DEFAULT_SEED = 2026;

export interface NationalOptions {
  /** 1 = the full national data set; 0.05 = a twentieth (tests). */
  scale?: number;
  seed?: number;
  /** The password of every synthetic account (hashed once). */
  password: string;
  /** Progress lines (timings). */
  log?: (line: string) => void;
  /** The app's encryption key (people's phone numbers); without it, people get no phone. */
  keys?: KeyRing;
}

const inNationalTree = sql<boolean>`ancestors && ${sql.val(nationalRoots)}::uuid[]`;

/** Deletes the synthetic data (leaves the audit log, which is append-only, and everything else). */
export async function resetNational(db: Database, seeds: readonly NationalSeed[]) {
  await db.transaction().execute(async (trx) => {
    for (const seed of [...seeds].reverse()) await seed.reset(trx);
    const organisations = trx.selectFrom('organisations').select('id').where(inNationalTree);
    const accounts = trx
      .selectFrom('accounts')
      .select('id')
      .where('email', 'like', `%@${NATIONAL_DOMAIN}`);
    await trx
      .deleteFrom('memberships')
      .where((eb) =>
        eb.or([eb('organisation_id', 'in', organisations), eb('account_id', 'in', accounts)]),
      )
      .execute();
    await trx.deleteFrom('outbox_messages').where('organisation_id', 'in', organisations).execute();
    await trx.deleteFrom('accounts').where('email', 'like', `%@${NATIONAL_DOMAIN}`).execute();
    await trx.deleteFrom('organisations').where(inNationalTree).execute();
  });
}

// ---- names ---------------------------------------------------------------------------------
const placeStarts = ['Aber', 'Llan', 'Pen', 'Cwm', 'Tre', 'Caer', 'Pont', 'Bryn', 'Glyn', 'Nant'];
const placeEnds = ['ffug', 'dychmyg', 'gwyn', 'coed', 'mawr', 'bach', 'isaf', 'uchaf', 'newydd'];
const place = (random: SeededRandom) => `${random.pick(placeStarts)}${random.pick(placeEnds)}`;

const providerNames = [
  ['Recovery Service', 'Gwasanaeth Adferiad'],
  ['Drug and Alcohol Service', 'Gwasanaeth Cyffuriau ac Alcohol'],
  ['Family Support', 'Cymorth i Deuluoedd'],
  ['Housing and Recovery', 'Tai ac Adferiad'],
  ['Harm Reduction Project', 'Prosiect Lleihau Niwed'],
] as const;
const serviceNames = [
  ['hub', 'hwb'],
  ['drop-in', 'sesiwn galw heibio'],
  ['outreach team', 'tîm allgymorth'],
  ['needle and syringe programme', 'rhaglen nodwyddau a chwistrellau'],
  ['recovery café', 'caffi adferiad'],
] as const;
const groupNames = [
  ['Service User Forum', 'Fforwm Defnyddwyr Gwasanaeth'],
  ['Carers Forum', 'Fforwm Gofalwyr'],
  ['Lived Experience Panel', 'Panel Profiad Bywyd'],
] as const;

function namesFor(random: SeededRandom, kind: OrganisationKind, n: number): [string, string] {
  const p = place(random);
  switch (kind) {
    case 'nation':
      return [`Synthetic Nation ${n} (test data)`, `Cenedl Synthetig ${n} (data prawf)`];
    case 'region':
      return [`${p} Area Planning Board ${n}`, `Bwrdd Cynllunio Ardal ${p} ${n}`];
    case 'area':
      return [
        `${p} Community Safety Partnership ${n}`,
        `Partneriaeth Diogelwch Cymunedol ${p} ${n}`,
      ];
    case 'provider': {
      const [en, cy] = random.pick(providerNames);
      return [`${p} ${en} ${n}`, `${cy} ${p} ${n}`];
    }
    case 'service': {
      const [en, cy] = random.pick(serviceNames);
      return [`${p} ${en} ${n}`, `${cy} ${p} ${n}`];
    }
    case 'group': {
      const [en, cy] = random.pick(groupNames);
      return [`${p} ${en} ${n}`, `${cy} ${p} ${n}`];
    }
  }
}

const firstNames = [
  'Alex',
  'Bethan',
  'Cai',
  'Carys',
  'Dafydd',
  'Elin',
  'Ffion',
  'Gareth',
  'Gwen',
  'Huw',
  'Iwan',
  'Jordan',
  'Lowri',
  'Manon',
  'Morgan',
  'Nia',
  'Owain',
  'Priya',
  'Rhys',
  'Sam',
  'Seren',
  'Siôn',
  'Tomos',
  'Yusuf',
];

// ---- steps ---------------------------------------------------------------------------------

/** Nations → regions → areas → providers (mostly under areas) → services and groups. */
export async function seedOrganisations(context: NationalContext) {
  const { random, scale } = context;
  const total = Math.max(10, Math.round(1_000 * scale));
  const made: SeededOrganisation[] = [];
  const rows: Insertable<DB['organisations']>[] = [];
  const counters = new Map<OrganisationKind, number>();
  const add = (kind: OrganisationKind, parent: SeededOrganisation | null, id = random.uuid()) => {
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    const [nameEn, nameCy] = namesFor(random, kind, n);
    const organisation = {
      id,
      parentId: parent?.id ?? null,
      ancestors: [...(parent?.ancestors ?? []), id],
      kind,
    };
    made.push(organisation);
    rows.push({
      id,
      parent_id: organisation.parentId,
      ancestors: organisation.ancestors,
      kind,
      name_en: nameEn,
      name_cy: nameCy,
      requires_mfa: true,
    });
    return organisation;
  };

  const nations = nationalRoots.map((id) => add('nation', null, id));
  const regions = Array.from({ length: Math.max(1, Math.round(20 * scale)) }, (_, i) =>
    add('region', nations[i % nations.length]!),
  );
  const areas = Array.from({ length: Math.max(1, Math.round(100 * scale)) }, (_, i) =>
    add('area', regions[i % regions.length]!),
  );
  // one provider in ten works across a whole region rather than one area
  const providers = Array.from({ length: Math.max(1, Math.round(500 * scale)) }, (_, i) =>
    add('provider', i % 10 === 9 ? random.pick(regions) : areas[i % areas.length]!),
  );
  const remaining = Math.max(0, total - made.length);
  const groups = Math.round(remaining * 0.2);
  for (let i = 0; i < remaining - groups; i += 1) add('service', random.pick(providers));
  const groupParents = made.filter((o) => o.kind !== 'nation' && o.kind !== 'group');
  for (let i = 0; i < groups; i += 1) add('group', random.pick(groupParents));

  await context.db.transaction().execute((trx) => insertInBatches(trx, 'organisations', rows));
  context.organisations = made;
}

/** The roles staff hold at each kind of organisation (about 3 accounts an organisation). */
const rolesAt: Record<OrganisationKind, Role[]> = {
  nation: [],
  region: ['organisation_admin', 'organisation_admin', 'commissioner', 'commissioner'],
  area: ['organisation_admin', 'commissioner', 'viewer', 'viewer'],
  provider: ['organisation_admin', 'involvement_lead', 'staff', 'staff'],
  service: ['involvement_lead', 'staff'],
  group: ['involvement_lead'],
};

/** Staff accounts (one password hash for all) with a role each; one in ten holds a second. */
export async function seedStaff(context: NationalContext) {
  const { random, organisations, passwordHash } = context;
  const accounts: Insertable<DB['accounts']>[] = [];
  const memberships: Insertable<DB['memberships']>[] = [];
  const made: NationalContext['accounts'] = [];
  const account = (name: string, email: string, platformAdmin = false) => {
    const id = random.uuid();
    accounts.push({
      id,
      email,
      name,
      password_hash: passwordHash,
      platform_admin: platformAdmin,
      language: random.next() < 0.2 ? 'cy' : 'en',
    });
    return id;
  };
  for (const n of [1, 2])
    account(`Platform Admin ${n}`, `platform-admin-${n}@${NATIONAL_DOMAIN}`, true);
  let n = 0;
  const held = new Set<string>();
  for (const organisation of organisations) {
    for (const role of rolesAt[organisation.kind]) {
      n += 1;
      const name = `${random.pick(firstNames)} ${random.pick(commonSurnames)}`;
      const id = account(name, `staff-${String(n).padStart(5, '0')}@${NATIONAL_DOMAIN}`);
      memberships.push({ account_id: id, organisation_id: organisation.id, role });
      held.add(`${id}:${organisation.id}:${role}`);
      made.push({ id, organisationId: organisation.id });
      if (random.next() < 0.1) {
        const other = random.pick(organisations);
        const otherRole = random.pick<Role>(
          rolesAt[other.kind].length ? rolesAt[other.kind] : ['viewer'],
        );
        const key = `${id}:${other.id}:${otherRole}`;
        if (!held.has(key)) {
          held.add(key);
          memberships.push({ account_id: id, organisation_id: other.id, role: otherRole });
        }
      }
    }
  }
  await context.db.transaction().execute(async (trx) => {
    await insertInBatches(trx, 'accounts', accounts);
    await insertInBatches(trx, 'memberships', memberships);
  });
  context.accounts = made;
}

/** Fresh planner statistics, so benchmarks see the plans production would. */
async function analyse(context: NationalContext) {
  await sql`analyze organisations`.execute(context.db);
  await sql`analyze accounts`.execute(context.db);
  await sql`analyze memberships`.execute(context.db);
}

/** The table groups, in order. Later capabilities add theirs (after the ones they build on). */
/**
 * Organisations and staff first, then every module's national seed (`src/modules.ts` order,
 * each after the ones it builds on), then fresh planner statistics.
 */
const steps = (seeds: readonly NationalSeed[]) => [
  { name: 'organisations', run: seedOrganisations },
  { name: 'staff', run: seedStaff },
  ...seeds.map((seed) => ({
    name: seed.name,
    run: (context: NationalContext) => seed.seed(context),
  })),
  { name: 'analyse', run: analyse },
];

export interface NationalSummary {
  organisations: number;
  accounts: number;
  memberships: number;
  /** Milliseconds per step, reset and password hashing included. */
  timings: Record<string, number>;
  totalMs: number;
}

/** Resets, then seeds every table group. Safe to run again: the result is the same. */
export async function seedNational(
  db: Database,
  seeds: readonly NationalSeed[],
  options: NationalOptions,
) {
  const log = options.log ?? (() => undefined);
  const timings: Record<string, number> = {};
  const started = performance.now();
  const time = async (name: string, work: () => Promise<unknown>) => {
    const t0 = performance.now();
    await work();
    timings[name] = Math.round(performance.now() - t0);
    log(`  ${name.padEnd(16)} ${String(timings[name]).padStart(7)} ms`);
  };
  const context: NationalContext = {
    db,
    random: seededRandom(options.seed ?? DEFAULT_SEED),
    scale: options.scale ?? 1,
    passwordHash: '',
    organisations: [],
    accounts: [],
    keys: options.keys,
  };
  await time('reset', () => resetNational(db, seeds));
  await time('password hash', async () => {
    context.passwordHash = await hashPassword(options.password);
  });
  for (const step of steps(seeds)) await time(step.name, () => step.run(context));

  const n = sql<number>`count(*)::int`.as('n');
  const counts = {
    organisations: await db
      .selectFrom('organisations')
      .select(n)
      .where(inNationalTree)
      .executeTakeFirstOrThrow(),
    accounts: await db
      .selectFrom('accounts')
      .select(n)
      .where('email', 'like', `%@${NATIONAL_DOMAIN}`)
      .executeTakeFirstOrThrow(),
    memberships: await db
      .selectFrom('memberships')
      .innerJoin('accounts', 'accounts.id', 'memberships.account_id')
      .select(n)
      .where('accounts.email', 'like', `%@${NATIONAL_DOMAIN}`)
      .executeTakeFirstOrThrow(),
  };
  const summary: NationalSummary = {
    organisations: counts.organisations.n,
    accounts: counts.accounts.n,
    memberships: counts.memberships.n,
    timings,
    totalMs: Math.round(performance.now() - started),
  };
  return summary;
}
