import type { TFunction } from 'i18next';
import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import { HttpError } from '#platform/http/errors.ts';
import { reveal } from '../people/protected-fields.ts';
import type { PersonalDataTable } from '#platform/modules/contract.ts';
import { namesForExport, sectionPages, subjectAccessView } from './present.ts';

/**
 * Subject access and erasure (issue 3, item 9): everything Cyd holds about a person, and the
 * removal of it while anonymous counts stay.

 *
 * Every module declares the tables that can hold a person's data (`personalData` in its
 * module.ts); the rights test discovers every table that references `people` from the database
 * catalogue and fails when one is not declared, so export and erasure forget none.
 */

/** The name kept on an erased record; pages show a translated "Erased person" instead. */
export const ERASED_NAME = 'Erased person';

type Row = Record<string, unknown>;

export interface SubjectAccessExport {
  generatedAt: string;
  personId: string;
  erased: boolean;
  /** One entry per section of the modules' personal data tables, plus the audit entries about the person. */
  sections: Record<string, Row[] | Row | number>;
}

const iso = (value: unknown) => (value instanceof Date ? value.toISOString() : value);
const plain = (row: Row, omit: string[] = []) =>
  Object.fromEntries(
    Object.entries(row)
      .filter(([key]) => !omit.includes(key))
      .map(([key, value]) => [key, iso(value)]),
  );

const safeReveal = (
  keys: KeyRing,
  column: Parameters<typeof reveal>[1],
  id: string,
  value: unknown,
) => {
  try {
    return reveal(keys, column, id, typeof value === 'string' ? value : null);
  } catch {
    return null;
  }
};

/** The people feature stores an address as JSON of { lines, postcode }. */
function readableAddress(value: string | null) {
  if (!value) return null;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/**
 * Everything Cyd holds about a person, decrypted: the record, every related table, and the
 * audit entries about them (who looked and what changed). The portal calls this too.
 */
export async function buildSubjectAccessExport(
  db: Kysely<DB>,
  keys: KeyRing,
  personId: string,
  /** Every module's tables that hold personal data (`services.modules.personalData`). */
  personalDataTables: readonly PersonalDataTable[],
): Promise<SubjectAccessExport> {
  const sections: SubjectAccessExport['sections'] = {};
  let erased = false;
  for (const entry of personalDataTables) {
    if (entry.section === 'sessions') {
      const result = await sql<{ count: string }>`select count(*)::text as count from sessions
        where person_id = ${personId}::uuid and expires_at > now()`.execute(db);
      sections.sessions = Number(result.rows[0]?.count ?? 0);
      continue;
    }
    const result = await sql<Row>`select * from ${sql.table(entry.table)}
      where ${sql.ref(entry.column)} = ${personId}::uuid`.execute(db);
    let rows = result.rows.map((row) => plain(row, entry.omit));
    if (entry.table === 'people') {
      rows = rows.map((row) => ({
        ...row,
        legal_name: safeReveal(keys, 'legal_name', personId, row.legal_name),
        date_of_birth: safeReveal(keys, 'date_of_birth', personId, row.date_of_birth),
        phone: safeReveal(keys, 'phone', personId, row.phone),
        email: safeReveal(keys, 'email', personId, row.email),
        address: readableAddress(safeReveal(keys, 'address', personId, row.address)),
      }));
      erased = rows[0]?.erased_at != null;
      sections.person = rows[0] ? plain(rows[0]) : {};
      continue;
    }
    if (entry.table === 'person_supporters') {
      rows = rows.map((row) => ({
        ...row,
        name: safeReveal(keys, 'supporter_name', String(row.person_id), row.name),
      }));
    }
    if (entry.section === 'supporterOf') {
      // another person's record: only that it names this person, how, and what it shares
      rows = rows.map((row) => ({
        relationship: row.relationship,
        may_share: row.may_share,
        updated_at: row.updated_at,
      }));
    }
    if (entry.table === 'person_organisations') {
      const names = await db
        .selectFrom('person_organisations as po')
        .innerJoin('organisations as o', 'o.id', 'po.organisation_id')
        .select(['o.id', 'o.name_en', 'o.name_cy', 'po.created_at'])
        .where('po.person_id', '=', personId)
        .orderBy('po.created_at')
        .execute();
      rows = names.map((row) => plain(row));
    }
    sections[entry.section] = rows;
  }
  const audit = await db
    .selectFrom('audit_log as a')
    .leftJoin('accounts as acc', 'acc.id', 'a.actor_account_id')
    .select(['a.occurred_at', 'a.action', 'a.organisation_id', 'a.details', 'acc.name as actor'])
    .where('a.subject_type', '=', 'person')
    .where('a.subject_id', '=', personId)
    .orderBy('a.id')
    .execute();
  sections.audit = audit.map((row) => plain(row));
  return { generatedAt: new Date().toISOString(), personId, erased, sections };
}

/** The person as the rights pages need them, if the actor may exercise rights for them. */
export interface RightsSubject {
  id: string;
  organisationId: string;
  displayName: string;
  erased: boolean;
}

/**
 * Finds a person for a rights request. Someone the actor cannot see answers 404; someone they
 * can see (person.view) but not act for (person.rights) answers 403.
 */
export async function findRightsSubject(db: Kysely<DB>, actor: Actor, personId: string) {
  const person = await db
    .selectFrom('people')
    .select(['id', 'organisation_id', 'display_name', 'erased_at', 'scope_ids'])
    .where('id', '=', personId)
    .executeTakeFirst();
  if (!person) throw new HttpError(404);
  const within = (scope: string[] | null) =>
    scope === null || scope.some((id) => person.scope_ids.includes(id));
  if (!within(scopeOf(actor, 'person.rights')))
    throw new HttpError(within(scopeOf(actor, 'person.view')) ? 403 : 404);
  return {
    id: person.id,
    organisationId: person.organisation_id,
    displayName: person.display_name,
    erased: person.erased_at !== null,
  } satisfies RightsSubject;
}

const AGE_BANDS: [number, string][] = [
  [18, 'under_18'],
  [25, '18_24'],
  [35, '25_34'],
  [45, '35_44'],
  [55, '45_54'],
  [65, '55_64'],
];

/** The age band of a date of birth (YYYY-MM-DD) today, so counts by age survive erasure. */
export function ageBandOf(dateOfBirth: string | null, today = new Date()) {
  const match = dateOfBirth ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateOfBirth) : null;
  if (!match) return null;
  const [, y, m, d] = match.map(Number) as [number, number, number, number];
  let age = today.getUTCFullYear() - y;
  if (today.getUTCMonth() + 1 < m || (today.getUTCMonth() + 1 === m && today.getUTCDate() < d))
    age -= 1;
  if (age < 0) return null;
  return AGE_BANDS.find(([limit]) => age < limit)?.[1] ?? '65_plus';
}

/**
 * Erases a person: every personal column of the people row is cleared (the row stays with
 * kind, status, organisation, connections and age band for anonymous counts), related personal
 * rows are deleted, kept rows lose the free text their module names (`clear`: status history's
 * reasons, involvement records' outcomes...), consents are kept as evidence with every live one
 * withdrawn, and the audit log (which holds no personal data) is untouched.
 * One transaction; audited as person.erased.
 */
export async function erasePerson(
  db: Kysely<DB>,
  deps: { keys: KeyRing; audit: AuditLog; personalDataTables: readonly PersonalDataTable[] },
  actor: Actor,
  personId: string,
) {
  return db.transaction().execute(async (trx) => {
    const person = await trx
      .selectFrom('people')
      .select(['id', 'organisation_id', 'date_of_birth', 'age_band', 'erased_at'])
      .where('id', '=', personId)
      .forUpdate()
      .executeTakeFirst();
    if (!person) throw new HttpError(404);
    if (person.erased_at) return { alreadyErased: true };
    const dateOfBirth = safeReveal(deps.keys, 'date_of_birth', personId, person.date_of_birth);
    const cleared: string[] = [];
    for (const entry of deps.personalDataTables) {
      const where = sql`${sql.ref(entry.column)} = ${personId}::uuid`;
      if (entry.erase === 'delete') {
        const result = await sql`delete from ${sql.table(entry.table)} where ${where}`.execute(trx);
        if (Number(result.numAffectedRows ?? 0) > 0) cleared.push(entry.table);
      } else if (entry.erase === 'keep' && entry.clear?.length) {
        const empty = sql.join(entry.clear.map((column) => sql`${sql.ref(column)} = null`));
        await sql`update ${sql.table(entry.table)} set ${empty} where ${where}`.execute(trx);
      }
    }
    await trx
      .updateTable('consents')
      .set({ withdrawn_at: sql<Date>`now()`, withdrawn_by: actor.id })
      .where('person_id', '=', personId)
      .where('withdrawn_at', 'is', null)
      .execute();
    await trx
      .updateTable('people')
      .set({
        display_name: ERASED_NAME,
        age_band: person.age_band ?? (ageBandOf(dateOfBirth) as typeof person.age_band),
        legal_name: null,
        date_of_birth: null,
        pause_review_date: null,
        preferred_language: 'en',
        speaks_welsh: false,
        formats: [],
        interpreter_language: null,
        channels: [],
        named_worker_account_id: null,
        phone: null,
        email: null,
        address: null,
        phone_lookup: null,
        email_lookup: null,
        dedupe_lookup: null,
        no_voicemail: false,
        plain_envelope: false,
        no_contact_via_family: false,
        fuller_messages: false,
        quiet_from: null,
        quiet_to: null,
        travel_limit: null,
        access_needs: null,
        venue_needs: [],
        support_needed: null,
        willing_activities: [],
        skills: [],
        interests: null,
        training_completed: [],
        orientation: null,
        commitment_group: null,
        emergency_arrangements: null,
        updated_at: sql<Date>`now()`,
        erased_at: sql<Date>`now()`,
      })
      .where('id', '=', personId)
      .execute();
    await deps.audit.record(
      {
        actorAccountId: actor.id,
        action: 'person.erased',
        subjectType: 'person',
        subjectId: personId,
        organisationId: person.organisation_id,
        details: { cleared },
      },
      trx,
    );
    return { alreadyErased: false };
  });
}

/** Subject access and erasure, for the rights pages and the portal's "my data". */
export function createRightsService(deps: {
  db: Kysely<DB>;
  audit: AuditLog;
  keys: KeyRing;
  /** Every module's tables that hold personal data (`services.modules.personalData`). */
  personalDataTables: readonly PersonalDataTable[];
}) {
  const { db, audit, keys, personalDataTables } = deps;
  const pages = sectionPages(personalDataTables);
  return {
    /** The person, if the actor may exercise rights for them (404 or 403 otherwise). */
    subject: (actor: Actor, personId: string) => findRightsSubject(db, actor, personId),

    /** Everything Cyd holds about a person (the portal audits its own downloads). */
    exportOf: (personId: string) =>
      buildSubjectAccessExport(db, keys, personId, personalDataTables),

    /** A subject access export made by staff, audited as person.subject_access_exported. */
    async exportFor(actor: Actor, person: RightsSubject, format: 'html' | 'json') {
      const data = await buildSubjectAccessExport(db, keys, person.id, personalDataTables);
      await audit.record({
        actorAccountId: actor.id,
        action: 'person.subject_access_exported',
        subjectType: 'person',
        subjectId: person.id,
        organisationId: person.organisationId,
        details: { format },
      });
      return data;
    },

    /** The export as the person reads it: each section in words, with names instead of ids. */
    async pageOf(data: SubjectAccessExport, t: TFunction, lang: string) {
      return subjectAccessView(t, lang, data, await namesForExport(db, data, pages), pages);
    },

    erase: (actor: Actor, personId: string) =>
      erasePerson(db, { keys, audit, personalDataTables }, actor, personId),
  };
}

export type RightsService = ReturnType<typeof createRightsService>;
