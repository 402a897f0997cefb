import type { TFunction } from 'i18next';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../../platform/db/schema.ts';
import type { KeyRing } from '../../platform/crypto/encryption.ts';
import type { Actor } from '../../platform/auth/sessions.ts';
import type { AuditLog } from '../../platform/audit/audit-log.ts';
import { scopeOf } from '../../platform/permissions/policy.ts';
import { HttpError } from '../../platform/http/errors.ts';
import { reveal } from '../people/protected-fields.ts';

/**
 * Subject access and erasure (issue 3, item 9): everything Cyd holds about a person, and the
 * removal of it while anonymous counts stay.
 *
 * `personalDataTables` is the one list of tables that can hold a person's data. The rights test
 * discovers every table that references `people` from the database catalogue and fails when one
 * is missing here, so a new table cannot hold personal data that export or erasure forget.
 */
export interface PersonalDataTable {
  table: string;
  /** The column that points at the person. */
  column: string;
  /** The section of the subject access export that holds its rows. */
  section: string;
  /**
   * What erasure does: delete the rows; keep them (no personal data left in them, see
   * `anonymise`); or the people row itself (handled apart).
   */
  erase: 'delete' | 'keep' | 'person';
  /** Columns never shown in an export (secrets such as code hashes). */
  omit?: string[];
}

export const personalDataTables: PersonalDataTable[] = [
  { table: 'people', column: 'id', section: 'person', erase: 'person' },
  // the organisations a person is connected to: kept for anonymous counts by organisation
  { table: 'person_organisations', column: 'person_id', section: 'organisations', erase: 'keep' },
  // status changes: kept for counts over time, with the free-text reason removed
  { table: 'person_status_history', column: 'person_id', section: 'statusHistory', erase: 'keep' },
  {
    table: 'person_unavailable_times',
    column: 'person_id',
    section: 'unavailableTimes',
    erase: 'delete',
  },
  {
    table: 'person_unavailable_dates',
    column: 'person_id',
    section: 'unavailableDates',
    erase: 'delete',
  },
  { table: 'person_supporters', column: 'person_id', section: 'supporters', erase: 'delete' },
  // other people's records that name this person as their carer or supporter
  {
    table: 'person_supporters',
    column: 'related_person_id',
    section: 'supporterOf',
    erase: 'delete',
  },
  // consent records are the evidence of what was allowed: kept, every live consent withdrawn
  { table: 'consents', column: 'person_id', section: 'consents', erase: 'keep' },
  { table: 'equality_monitoring', column: 'person_id', section: 'equality', erase: 'delete' },
  { table: 'person_messages', column: 'person_id', section: 'messages', erase: 'delete' },
  {
    table: 'portal_codes',
    column: 'person_id',
    section: 'portalCodes',
    erase: 'delete',
    omit: ['code_hash'],
  },
  // portal sign-ins: only how many are open is exported (the ids are secrets)
  { table: 'sessions', column: 'person_id', section: 'sessions', erase: 'delete' },
  { table: 'person_requests', column: 'person_id', section: 'requests', erase: 'delete' },
  // interview and tender panels they sat on, and the scores they gave: kept (no personal data
  // in them) so a recruitment's result and the record of involvement stand
  { table: 'panel_members', column: 'person_id', section: 'panelMembers', erase: 'keep' },
  { table: 'panel_scores', column: 'person_id', section: 'panelScores', erase: 'keep' },
  // elections: nominations (standing, or nominating someone) and the "has voted" flag are kept
  // (no personal data in them) so a published result stands; what they voted for is never
  // linked to them. Names they suggested (free text) are deleted.
  {
    table: 'election_nominations',
    column: 'person_id',
    section: 'electionNominations',
    erase: 'keep',
  },
  {
    table: 'election_nominations',
    column: 'nominated_by_person_id',
    section: 'electionNominationsMade',
    erase: 'keep',
  },
  {
    table: 'election_suggestions',
    column: 'suggested_by',
    section: 'electionSuggestions',
    erase: 'delete',
  },
  { table: 'election_voters', column: 'person_id', section: 'electionVoters', erase: 'keep' },
  // involvement records: the evidence of who took part in what, kept for anonymous counts (the
  // ladder map) with the free-text outcome removed
  {
    table: 'involvement_records',
    column: 'person_id',
    section: 'involvement',
    erase: 'keep',
  },
  // opportunities they said they were interested in, with their note, the support they need and
  // the selection decision: deleted (free text about them); involvement records are the evidence
  {
    table: 'expressions_of_interest',
    column: 'person_id',
    section: 'opportunityInterests',
    erase: 'delete',
  },
  // which opportunities they were told about (the messages themselves are under messages)
  {
    table: 'opportunity_invitations',
    column: 'person_id',
    section: 'opportunityInvitations',
    erase: 'delete',
  },
];

/** The name kept on an erased record; pages show a translated "Erased person" instead. */
export const ERASED_NAME = 'Erased person';

type Row = Record<string, unknown>;

export interface SubjectAccessExport {
  generatedAt: string;
  personId: string;
  erased: boolean;
  /** One entry per section of `personalDataTables`, plus the audit entries about the person. */
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
        phone_lookup: undefined,
        email_lookup: undefined,
        dedupe_lookup: undefined,
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

const display = (value: unknown): string => {
  if (value === null || value === undefined || value === '') return '';
  if (Array.isArray(value)) return value.map(display).join(', ');
  if (typeof value === 'object')
    return Object.values(value as Record<string, unknown>)
      .map(display)
      .filter(Boolean)
      .join(', ');
  return typeof value === 'string' ? value : JSON.stringify(value);
};

/**
 * The export as sections of summary lists for the print-friendly page
 * `rights/views/subject-access.njk` (the staff page; the people's portal can render the same
 * view with `person`, `generatedAt`, `sections` and `jsonHref`).
 */
export function subjectAccessView(t: TFunction, data: SubjectAccessExport) {
  const label = (key: string) => t(`rights:fields.${key}`, { defaultValue: key });
  const rowsOf = (row: Record<string, unknown>) =>
    Object.entries(row)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => ({
        key: { text: label(key) },
        value: { text: display(value) || t('rights:export.empty') },
      }));
  return Object.entries(data.sections).map(([section, content]) => ({
    id: section,
    heading: t(`rights:sections.${section}`),
    count: typeof content === 'number' ? content : null,
    records:
      typeof content === 'number'
        ? []
        : (Array.isArray(content) ? content : [content]).map((row) => rowsOf(row)),
  }));
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
 * rows are deleted, consents are kept as evidence with every live one withdrawn, status history
 * loses its free-text reasons, and the audit log (which holds no personal data) is untouched.
 * One transaction; audited as person.erased.
 */
export async function erasePerson(
  db: Kysely<DB>,
  deps: { keys: KeyRing; audit: AuditLog },
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
    for (const entry of personalDataTables) {
      if (entry.erase !== 'delete') continue;
      const result = await sql`delete from ${sql.table(entry.table)}
        where ${sql.ref(entry.column)} = ${personId}::uuid`.execute(trx);
      if (Number(result.numAffectedRows ?? 0) > 0) cleared.push(entry.table);
    }
    await trx
      .updateTable('person_status_history')
      .set({ reason: null })
      .where('person_id', '=', personId)
      .execute();
    await trx
      .updateTable('involvement_records')
      .set({ outcome: null })
      .where('person_id', '=', personId)
      .execute();
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
        quiet_from: null,
        quiet_to: null,
        travel_limit: null,
        access_needs: null,
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
