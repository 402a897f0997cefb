import type { FastifyPluginAsync } from 'fastify';
import type { Expression, Kysely } from 'kysely';
import type { Config } from '#app/config.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import type { Actor, PortalPerson, SessionStore } from '../auth/sessions.ts';
import type { KeyRing } from '../crypto/encryption.ts';
import type { DatabaseHandle } from '../db/database.ts';
import type { DB } from '../db/schema.ts';
import type { I18n } from '../i18n/i18n.ts';
import type { HandlerOptions, JobHandler, Jobs } from '../jobs/types.ts';
import type { When } from '../jobs/schedule.ts';
import type { Notifier } from '../notify/index.ts';
import type { MatrixRow } from '../permissions/matrix.ts';
import {
  canAnywhere,
  definePermissions,
  type Permission,
  type PermissionTable,
} from '../permissions/policy.ts';
import type { Views } from '../views/views.ts';
import type { NationalContext } from '../seed/national.ts';
import type { ReceivedText } from '../notify/received-text.ts';

/**
 * The module contract: how a feature tells the app what it brings. Each feature has a
 * `module.ts` exporting one `Module`; `src/modules.ts` lists them all, in the order their
 * services are built and their demo data is seeded. The platform reads the list and knows no
 * feature by name.
 */

/**
 * Every service Cyd has. The platform's own are declared here; each capability adds its services
 * from its `index.ts` (`declare module '#platform/modules/contract.ts' { interface Services ... }`)
 * and builds them in its modules' `services` factories.
 */
export interface Services {
  config: Config;
  database: DatabaseHandle;
  db: Kysely<DB>;
  i18n: I18n;
  views: Views;
  sessions: SessionStore;
  audit: AuditLog;
  notifier: Notifier;
  jobs: Jobs;
  /** What every module declared, collected once (navigation, personal data, seeds, ...). */
  modules: Registry;
  close(): Promise<void>;
}

/** The capabilities of product.md, in the order they appear in the navigation. */
export const capabilities = [
  'register',
  'involvement',
  'meetings',
  'money',
  'feedback',
  'assessment',
  'training',
  'directory',
  'insight',
  'admin',
] as const;
export type Capability = (typeof capabilities)[number];

/** A route plugin: it gets the built services and registers routes, nothing else. */
export type RoutePlugin = FastifyPluginAsync<{ services: Services }>;

/** A link in the staff navigation, under its capability's group. */
export interface NavigationEntry {
  href: string;
  /** Translation key of the link text. */
  text: string;
  /** Shown only to staff for whom this is true. */
  visible(actor: Actor): boolean;
}

/** A navigation link shown to staff who hold any of the permissions somewhere. */
export const navigationLink = (
  href: string,
  text: string,
  ...anyOf: [Permission, ...Permission[]]
): NavigationEntry => ({
  href,
  text,
  visible: (actor) => anyOf.some((permission) => canAnywhere(actor, permission)),
});

/** A link on the people's portal home page. */
export interface PortalLink {
  href: string;
  /** Translation key of the link text. */
  text: string;
  /** Translation key of the line under the link. */
  hint?: string;
  /** Shown only when true for the signed-in person (default: always). */
  visible?(person: PortalPerson): boolean;
}

/** Something waiting for the signed-in member of staff, counted and linked from the home page. */
export interface AttentionItem {
  /** Translation key with a `count` (plural forms in both languages). */
  text: string;
  count: number;
  href: string;
}

/**
 * What an attention provider counts, by name: SQL that gives one value each (a count, an id, or a
 * `json_build_object` of several values counted in one scan), written as an expression or a
 * `select` of one column and at most one row (Kysely's `sql`, or a query builder's `$asScalar()`).
 */
export type AttentionCounts<Row extends Record<string, unknown>> = {
  [K in keyof Row]: Expression<Row[K]>;
};

/**
 * What an attention provider's counts depend on, worked out from the actor (and the day): a
 * string or a list of strings goes into the statement as a parameter, never into its text or a
 * decision; true/false, a number or null, and whether a list is empty, may decide what the
 * statement is.
 */
export type AttentionInput = string | readonly string[] | boolean | number | null;
export type AttentionInputs = Record<string, AttentionInput>;

/**
 * What waits for the signed-in member of staff, on every home page. A provider runs no query of
 * its own: `inputs` works out from the actor what its counts depend on (organisation scopes, the
 * actor's id, a date), or gives null when the actor may not act on it; `counts` builds the values
 * to count from those inputs alone (with its rules and organisation scope in the SQL); `items`
 * turns the counted values into items (those counting 0 are left out). The home page asks every
 * provider's counts in one statement (`select (…) as "p0_count", (…) as "p1_toPay", …`), built
 * and compiled once for each shape of inputs with a stand-in for each string and list, which each
 * page replaces with its own values (`attention-statement.ts`): so `counts` must
 * put those only into parameters (`${value}`, `sql.val`, a builder's values), and leave every
 * decision to the booleans, numbers and nulls. Every count adds to every home page's time: keep
 * each on an index and cheap at national scale (a platform administrator counts everything):
 * count up to `ATTENTION_CAP` with `countUpTo` (shown as "99+"), and write constants into the
 * SQL (`sql.lit`): the statement runs with a plan made without the parameters' values, which
 * can use a partial index only when its condition is in the text (docs/adding-a-capability.md).
 * If that statement fails, each provider is asked alone and one that fails is left out, logged
 * without personal data (`askAttention` in `attention.ts` asks one provider alone; tests use it).
 */
export interface AttentionProvider<
  Row extends Record<string, unknown> = Record<string, unknown>,
  Inputs extends AttentionInputs = AttentionInputs,
> {
  name: string;
  /** What the counts depend on, from the actor; null when there is nothing to ask. */
  inputs(actor: Actor): Inputs | null;
  /** Builds the counts from the inputs alone (no query is run, no clock is read). */
  counts(services: Services, inputs: Inputs): AttentionCounts<Row>;
  /** The items, from the values `counts` named (each as PostgreSQL and `pg` give it). */
  items(row: Row): AttentionItem[];
}

/**
 * A table that can hold a person's data: the subject access export reads it, erasure deletes or
 * keeps its rows. A test reads the database catalogue and fails when a table that references
 * `people` is not declared by some module.
 */
export interface PersonalDataTable {
  table: string;
  /** The column that points at the person. */
  column: string;
  /** The section of the subject access export that holds its rows (its title is translated). */
  section: string;
  /**
   * What erasure does: delete the rows; keep them (no personal data left in them); or the people
   * row itself (handled apart).
   */
  erase: 'delete' | 'keep' | 'person';
  /** With `keep`: free-text columns that may say who the person is, emptied on erasure. */
  clear?: string[];
  /** Columns never shown in an export (secrets such as code hashes). */
  omit?: string[];
  /** How the printed copy of the export shows the section (the data file keeps every column). */
  page: PersonalDataPage;
}

/**
 * The section of a person's printed subject access export, in words: its heading, its columns'
 * labels, and its codes and ids as names. Columns it does not mention are shown as they are
 * (dates and times formatted, `*_pence` as money); `id`, `person_id` and `version` are left out
 * and `organisation_id` is shown by the organisation's name.
 */
export interface PersonalDataPage {
  /**
   * The locale namespace of the section's words: its heading `subjectAccess.sections.<section>`,
   * its columns' labels `subjectAccess.fields.<column>` (a column without one there uses the
   * register's common label, `rights:subjectAccess.fields.<column>`).
   */
  namespace: string;
  /** Internal references (ids of rows, of other people): the data file keeps them. */
  hidden?: string[];
  /** Columns naming a member of staff: shown as "a member of staff" (at the row's organisation). */
  staff?: string[];
  /** Columns of codes: the locale key prefix that puts each into words. */
  codes?: Record<string, string>;
  /** Columns of a position in an ordered list, such as a ladder rung: its n-th entry's label. */
  positions?: Record<string, string>;
  /** Columns of ids: shown by the name of what they point at. */
  names?: Record<string, NameSource>;
  /** Columns of numbers shown as the module writes them (a claim's number, say). */
  formats?: Record<string, (value: number) => string>;
}

/** Where the name of what an id points at is kept: `cy` absent, one name in both languages. */
export interface NameSource {
  table: string;
  en: string;
  cy?: string;
  /** The locale key shown when the row has gone (default: "not found"). */
  missing?: string;
}

/** An organisation, named by its English and Welsh names (every page's `organisation_id`). */
export const organisationNames: NameSource = {
  table: 'organisations',
  en: 'name_en',
  cy: 'name_cy',
};

/** What every demo seed gets: the demo organisations by key, and the demo staff by address. */
export interface DemoContext {
  keys: KeyRing;
  organisation(key: string): { id: string; ancestors: string[] };
  accountId(email: string): string | undefined;
}

/**
 * A module's demonstration data, run in one transaction with every other module's: resets in
 * the reverse order of `src/modules.ts` (records that point at others go first), seeds in order.
 */
export interface DemoSeed {
  reset(trx: Kysely<DB>, demoRoot: string): Promise<unknown>;
  seed(trx: Kysely<DB>, context: DemoContext): Promise<unknown>;
}

/** A module's synthetic national-scale data (`npm run seed:national`), seeded in list order. */
export interface NationalSeed {
  /** The step's name in the timings. */
  name: string;
  reset(db: Kysely<DB>): Promise<unknown>;
  seed(context: NationalContext): Promise<unknown>;
}

/** A background job a module runs: its handler, and a schedule if it runs by the clock. */
export interface JobDefinition {
  name: string;
  handler: JobHandler<never>;
  options?: HandlerOptions;
  /** Runs once per slot across every instance (cron or an interval). */
  schedule?: When;
}

/** The organisation and period an evidence provider or a figure answers for. */
export interface Scope {
  organisationId: string;
  /** Inclusive start and exclusive end. */
  from: Date;
  to: Date;
}

/** A record behind an answer, so an assessor can check it. */
export interface EvidenceRecord {
  type: string;
  id: string;
  /** Shown as the link text (not personal data: titles, dates, counts). */
  label: string;
  href: string;
}

export interface EvidenceAnswer {
  /** How many of the `of` records meet the criterion (e.g. meetings with papers out in time). */
  met: number;
  of: number;
  records: EvidenceRecord[];
}

/**
 * A named query that answers a framework criterion for an organisation (and everything below it)
 * and a period, with the records behind the answer. The assessment capability calls these.
 */
export interface EvidenceProvider {
  /** Stable id, e.g. `involvement.rungs-covered`. */
  id: string;
  /** Framework references it answers, e.g. `WF 3.1`, `NP 2`. */
  criteria: string[];
  /** Translation key of a plain description of what is counted. */
  text: string;
  answer(services: Services, scope: Scope): Promise<EvidenceAnswer>;
}

/** A named count for dashboards and reports; small counts are suppressed where they are shown. */
export interface Figure {
  /** Stable id, e.g. `register.people-active`. */
  id: string;
  /** Translation key of the figure's name. */
  text: string;
  /** Counts of people are suppressed below this (default 5); counts of records need not be. */
  suppressBelow?: number;
  count(services: Services, scope: Scope): Promise<number>;
}

/**
 * Takes text messages people send to the service's number (GOV.UK Notify's one received-text
 * callback, shared by every capability). Handlers are asked in `order` (lowest first); the first
 * to return an outcome has the text. The outcome is logged as a count, never the text or number.
 */
export interface ReceivedTextHandler {
  name: string;
  order: number;
  /** What came of it, or null to leave it to the next handler. */
  handle(services: Services, text: ReceivedText): Promise<string | null>;
}

/** One feature's manifest. */
export interface Module {
  /** `<capability>/<feature>`, e.g. `register/people`: its links go in that capability's group. */
  name: `${Capability}/${string}`;
  /** The permissions it declares (roles that hold each); granted when the app is built. */
  permissions?: PermissionTable;
  /** Builds the feature's services from those built before it (platform and earlier modules). */
  services?(services: Services): Partial<Services>;
  /** Route plugins: staff pages, portal pages and public pages alike. */
  routes?: RoutePlugin[];
  navigation?: NavigationEntry[];
  portalLinks?: PortalLink[];
  attention?: AttentionProvider[];
  personalData?: PersonalDataTable[];
  seeds?: { demo?: DemoSeed; national?: NationalSeed };
  /** A row for every route the module registers (test/authz/matrix.test.ts runs them). */
  matrix?: MatrixRow[];
  jobs?(services: Services): JobDefinition[];
  evidence?: EvidenceProvider[];
  figures?: Figure[];
  receivedText?: ReceivedTextHandler[];
}

/** Everything the modules declared, collected once. */
export interface Registry {
  modules: readonly Module[];
  navigation: { capability: Capability; entries: NavigationEntry[] }[];
  portalLinks: PortalLink[];
  attention: AttentionProvider[];
  personalData: PersonalDataTable[];
  demoSeeds: DemoSeed[];
  nationalSeeds: NationalSeed[];
  matrix: MatrixRow[];
  evidence: EvidenceProvider[];
  figures: Figure[];
  /** In the order they are asked. */
  receivedText: ReceivedTextHandler[];
}

/** Collects what the modules declared; refuses a duplicate module, evidence or figure id. */
export function collect(modules: readonly Module[]): Registry {
  const unique = (kind: string, ids: string[]) => {
    const seen = new Set<string>();
    for (const id of ids) {
      if (seen.has(id)) throw new Error(`Two ${kind} are called ${id}`);
      seen.add(id);
    }
  };
  unique(
    'modules',
    modules.map((m) => m.name),
  );
  for (const module of modules) if (module.permissions) definePermissions(module.permissions);
  const evidence = modules.flatMap((m) => m.evidence ?? []);
  const figures = modules.flatMap((m) => m.figures ?? []);
  unique(
    'evidence providers',
    evidence.map((e) => e.id),
  );
  unique(
    'figures',
    figures.map((f) => f.id),
  );
  const navigation = capabilities
    .map((capability) => ({
      capability,
      entries: modules
        .filter((m) => m.name.startsWith(`${capability}/`))
        .flatMap((m) => m.navigation ?? []),
    }))
    .filter((group) => group.entries.length > 0);
  return {
    modules,
    navigation,
    portalLinks: modules.flatMap((m) => m.portalLinks ?? []),
    attention: modules.flatMap((m) => m.attention ?? []),
    personalData: modules.flatMap((m) => m.personalData ?? []),
    demoSeeds: modules.flatMap((m) => (m.seeds?.demo ? [m.seeds.demo] : [])),
    nationalSeeds: modules.flatMap((m) => (m.seeds?.national ? [m.seeds.national] : [])),
    matrix: modules.flatMap((m) => m.matrix ?? []),
    evidence,
    figures,
    receivedText: modules.flatMap((m) => m.receivedText ?? []).sort((a, b) => a.order - b.order),
  };
}
