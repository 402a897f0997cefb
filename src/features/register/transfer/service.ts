import crypto from 'node:crypto';
import { Readable, PassThrough } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { TFunction } from 'i18next';
import { sql, type Kysely } from 'kysely';
import ExcelJS from 'exceljs';
import pino from 'pino';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import type { AuditEntry, AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { I18n, Language } from '#platform/i18n/i18n.ts';
import { decrypt, encrypt, type KeyRing } from '#platform/crypto/encryption.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import { ageBands, personKinds, personStatuses } from '../tables.ts';
import {
  isUkMobile,
  lookupHash,
  normaliseNameAndBirth,
  protect,
  reveal,
} from '../people/protected-fields.ts';
import { ageBandOf } from '../rights/service.ts';
import { appendAuditBatch } from '#platform/audit/audit-batch.ts';
import {
  importColumns,
  mapColumns,
  readRow,
  vocabulary,
  type ExportColumnKey,
  type ImportedPerson,
  type RowProblem,
} from './columns.ts';
import { FileError, readRows, type FileProblem } from './parse.ts';

/** What the preview lists: bad rows, duplicates, or a problem with the whole file. */
export type DuplicateMatch = 'phone' | 'email' | 'nameAndBirth';
export interface DuplicateEntry {
  row: number;
  duplicate: DuplicateMatch;
  /** the person on the register it matches … */
  personId?: string;
  /** … or the earlier row of the same file */
  ofRow?: number;
}
export interface FileEntry {
  file: FileProblem;
  missing?: string[];
  unknown?: string[];
  repeated?: string[];
}
type ImportEntry = RowProblem | DuplicateEntry | FileEntry;

export const isRowProblem = (e: ImportEntry): e is RowProblem => 'reason' in e;
export const isDuplicate = (e: ImportEntry): e is DuplicateEntry => 'duplicate' in e;
export const isFileProblem = (e: ImportEntry): e is FileEntry => 'file' in e;

interface StoredPerson extends ImportedPerson {
  lookups: { phone: string | null; email: string | null; dedupe: string | null };
}

export interface OrganisationRef {
  id: string;
  ancestors: string[];
  nameEn: string;
  nameCy: string;
}

export interface ImportDecision {
  importGood: boolean;
  /** Rows (duplicates) to merge; every other duplicate is skipped. */
  merge: Set<number>;
}

const CHUNK = 500;
/** Previews nobody decided about are discarded (rows and all) after this long. */
const PURGE_AFTER = '7 days';
/** A check still running after this long was cut short (the app restarted). */
const STALE_AFTER_MS = 15 * 60_000;
const WORDING_VERSION = 'import-1';
/** Binds the encrypted rows to their import. */
export const importContext = (id: string) => `person_imports.rows:${id}`;

/** The logging the background import and export need (a pino logger fits). */
export interface TransferLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export function createTransferService(
  deps: {
    db: Database;
    audit: AuditLog;
    keys: KeyRing;
    i18n: I18n;
    logger?: TransferLogger;
  },
  options: { logLevel?: string } = {},
) {
  const { db, audit, keys, i18n } = deps;
  const logger =
    deps.logger ?? pino({ level: options.logLevel ?? 'info', base: { component: 'transfer' } });
  const running = new Set<Promise<void>>();
  const translators = [i18n.t('en'), i18n.t('cy')];
  const words = vocabulary(translators);

  async function organisation(id: string): Promise<OrganisationRef | undefined> {
    const row = await db
      .selectFrom('organisations')
      .select(['id', 'ancestors', 'name_en', 'name_cy'])
      .where('id', '=', id)
      .where('archived_at', 'is', null)
      .executeTakeFirst();
    return (
      row && { id: row.id, ancestors: row.ancestors, nameEn: row.name_en, nameCy: row.name_cy }
    );
  }

  /** Organisations where the actor may import and export (the first 500 by name). */
  async function organisationsFor(actor: Actor, lang: Language) {
    const scope = scopeOf(actor, 'person.transfer');
    if (scope && scope.length === 0) return [];
    const name = lang === 'cy' ? 'name_cy' : 'name_en';
    let query = db
      .selectFrom('organisations')
      .select(['id', 'name_en', 'name_cy'])
      .where('archived_at', 'is', null)
      .orderBy(name)
      .limit(500);
    if (scope) query = query.where(sql<boolean>`ancestors && ${sql.val(scope)}::uuid[]`);
    const rows = await query.execute();
    return rows.map((row) => ({ id: row.id, name: lang === 'cy' ? row.name_cy : row.name_en }));
  }

  /** Register people the actor can see that match these look-ups: hash → person id. */
  async function registerMatches(
    actor: Actor,
    column: 'phone_lookup' | 'email_lookup' | 'dedupe_lookup',
    hashes: string[],
  ) {
    const found = new Map<string, string>();
    const scope = scopeOf(actor, 'person.view');
    if (scope && scope.length === 0) return found;
    for (let i = 0; i < hashes.length; i += 1000) {
      let query = db
        .selectFrom('people')
        .select(['id', column])
        .where('erased_at', 'is', null)
        .where(column, 'in', hashes.slice(i, i + 1000));
      if (scope) query = query.where(sql<boolean>`scope_ids && ${sql.val(scope)}::uuid[]`);
      for (const row of await query.execute()) {
        const hash = row[column];
        if (hash && !found.has(hash)) found.set(hash, row.id);
      }
    }
    return found;
  }

  async function setProgress(id: string, rows: number) {
    await db
      .updateTable('person_imports')
      .set({ total_rows: rows })
      .where('id', '=', id)
      .where('status', '=', 'parsing')
      .execute();
  }

  /** Reads and checks the file; the preview waits encrypted in person_imports. */
  async function analyse(id: string, actor: Actor, data: Buffer) {
    const problems: RowProblem[] = [];
    const good: StoredPerson[] = [];
    let columns: ReturnType<typeof mapColumns> | undefined;
    let total = 0;
    let bad = 0;
    for await (const { number, cells } of readRows(data)) {
      if (!columns) {
        columns = mapColumns(cells, words);
        if (columns.missing.length || columns.unknown.length || columns.repeated.length)
          throw new FileError('columns', columns);
        continue;
      }
      total += 1;
      const result = readRow(cells, number, columns, words);
      if (result.person) {
        const person = result.person;
        good.push({
          ...person,
          lookups: {
            phone: person.phone ? lookupHash(keys, 'phone', person.phone) : null,
            email: person.email ? lookupHash(keys, 'email', person.email) : null,
            dedupe: person.dateOfBirth
              ? lookupHash(
                  keys,
                  'dedupe',
                  normaliseNameAndBirth(person.legalName ?? person.displayName, person.dateOfBirth),
                )
              : null,
          },
        });
      } else {
        bad += 1;
        problems.push(...result.problems);
      }
      if (total % 2000 === 0) await setProgress(id, total);
    }
    if (!columns) throw new FileError('empty');

    // duplicates: first against the register (people the actor can see), then within the file
    const onRegister = {
      phone: await registerMatches(
        actor,
        'phone_lookup',
        good.flatMap((p) => p.lookups.phone ?? []),
      ),
      email: await registerMatches(
        actor,
        'email_lookup',
        good.flatMap((p) => p.lookups.email ?? []),
      ),
      nameAndBirth: await registerMatches(
        actor,
        'dedupe_lookup',
        good.flatMap((p) => p.lookups.dedupe ?? []),
      ),
    };
    const inFile = {
      phone: new Map<string, number>(),
      email: new Map<string, number>(),
      nameAndBirth: new Map<string, number>(),
    };
    const duplicates: DuplicateEntry[] = [];
    good.forEach((person) => {
      const hashes: [DuplicateMatch, string | null][] = [
        ['phone', person.lookups.phone],
        ['email', person.lookups.email],
        ['nameAndBirth', person.lookups.dedupe],
      ];
      for (const [match, hash] of hashes) {
        const personId = hash ? onRegister[match].get(hash) : undefined;
        if (personId) {
          duplicates.push({ row: person.row, duplicate: match, personId });
          return;
        }
      }
      for (const [match, hash] of hashes) {
        const ofRow = hash ? inFile[match].get(hash) : undefined;
        if (ofRow) {
          duplicates.push({ row: person.row, duplicate: match, ofRow });
          return;
        }
      }
      for (const [match, hash] of hashes) if (hash) inFile[match].set(hash, person.row);
    });
    await yieldToEventLoop();
    const document = encrypt(JSON.stringify(good), keys, importContext(id));
    await db
      .updateTable('person_imports')
      .set({
        status: 'previewed',
        total_rows: total,
        good_rows: good.length,
        bad_rows: bad,
        rows_encrypted: document,
        errors: JSON.stringify([...problems, ...duplicates]),
        finished_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .where('status', '=', 'parsing')
      .execute();
  }

  async function refuse(id: string, error: unknown) {
    const entry: FileEntry =
      error instanceof FileError
        ? { file: error.problem, ...error.details }
        : { file: 'unreadable' };
    if (!(error instanceof FileError))
      logger.warn(
        { importId: id, error: error instanceof Error ? error.message : 'unknown' },
        'import failed',
      );
    await db
      .updateTable('person_imports')
      .set({
        status: 'discarded',
        errors: JSON.stringify([entry]),
        rows_encrypted: null,
        finished_at: sql<Date>`now()`,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Fills the empty fields of a row from a later duplicate row of the same file. */
  const fillEmpty = (into: StoredPerson, from: StoredPerson) => {
    into.legalName ??= from.legalName;
    into.dateOfBirth ??= from.dateOfBirth;
    into.phone ??= from.phone;
    into.email ??= from.email;
    into.address ??= from.address;
    into.preferredLanguage ??= from.preferredLanguage;
    into.accessNeeds ??= from.accessNeeds;
    into.consentContact ||= from.consentContact;
    into.lookups.phone ??= from.lookups.phone;
    into.lookups.email ??= from.lookups.email;
    into.lookups.dedupe ??= from.lookups.dedupe;
  };

  const channelsOf = (person: StoredPerson) => [
    ...(person.phone ? [isUkMobile(person.phone) ? 'sms' : 'phone'] : []),
    ...(person.email ? ['email'] : []),
    ...(person.address ? ['letter'] : []),
  ];

  async function insertPeople(
    trx: Kysely<DB>,
    actor: Actor,
    org: OrganisationRef,
    people: (StoredPerson & { id: string })[],
  ) {
    for (let i = 0; i < people.length; i += CHUNK) {
      const chunk = people.slice(i, i + CHUNK);
      await trx
        .insertInto('people')
        .values(
          chunk.map((p) => ({
            id: p.id,
            organisation_id: org.id,
            scope_ids: org.ancestors,
            kind: p.kind,
            display_name: p.displayName,
            legal_name: protect(keys, 'legal_name', p.id, p.legalName),
            date_of_birth: protect(keys, 'date_of_birth', p.id, p.dateOfBirth),
            age_band: ageBandOf(p.dateOfBirth) as (typeof ageBands)[number] | null,
            preferred_language: p.preferredLanguage ?? 'en',
            speaks_welsh: p.preferredLanguage === 'cy',
            phone: protect(keys, 'phone', p.id, p.phone),
            email: protect(keys, 'email', p.id, p.email),
            address: protect(keys, 'address', p.id, p.address ? JSON.stringify(p.address) : null),
            phone_lookup: p.lookups.phone,
            email_lookup: p.lookups.email,
            dedupe_lookup: p.lookups.dedupe,
            channels: channelsOf(p),
            access_needs: p.accessNeeds,
          })),
        )
        .execute();
      await trx
        .insertInto('person_organisations')
        .values(chunk.map((p) => ({ person_id: p.id, organisation_id: org.id })))
        .execute();
      await trx
        .insertInto('person_status_history')
        .values(
          chunk.map((p) => ({ person_id: p.id, status: 'active' as const, changed_by: actor.id })),
        )
        .execute();
      await trx
        .insertInto('consents')
        .values(
          chunk.flatMap((p) =>
            (p.consentContact ? (['register', 'contact'] as const) : (['register'] as const)).map(
              (purpose) => ({
                person_id: p.id,
                purpose,
                wording_version: WORDING_VERSION,
                method: 'import' as const,
                recorded_by: actor.id,
              }),
            ),
          ),
        )
        .execute();
    }
  }

  /** Merges rows into people already on the register: empty fields only, plus the connection. */
  async function mergePeople(
    trx: Kysely<DB>,
    org: OrganisationRef,
    merges: { personId: string; person: StoredPerson }[],
  ) {
    const entries: { personId: string; fields: string[] }[] = [];
    for (const { personId, person } of merges) {
      const current = await trx
        .selectFrom('people')
        .select([
          'legal_name',
          'date_of_birth',
          'phone',
          'email',
          'address',
          'access_needs',
          'dedupe_lookup',
        ])
        .where('id', '=', personId)
        .where('erased_at', 'is', null)
        .forUpdate()
        .executeTakeFirst();
      if (!current) continue;
      const set: Record<string, string> = {};
      if (!current.legal_name && person.legalName)
        set.legal_name = protect(keys, 'legal_name', personId, person.legalName)!;
      if (!current.date_of_birth && person.dateOfBirth)
        set.date_of_birth = protect(keys, 'date_of_birth', personId, person.dateOfBirth)!;
      if (!current.dedupe_lookup && person.lookups.dedupe)
        set.dedupe_lookup = person.lookups.dedupe;
      if (!current.phone && person.phone) {
        set.phone = protect(keys, 'phone', personId, person.phone)!;
        set.phone_lookup = person.lookups.phone!;
      }
      if (!current.email && person.email) {
        set.email = protect(keys, 'email', personId, person.email)!;
        set.email_lookup = person.lookups.email!;
      }
      if (!current.address && person.address)
        set.address = protect(keys, 'address', personId, JSON.stringify(person.address))!;
      if (!current.access_needs && person.accessNeeds) set.access_needs = person.accessNeeds;
      if (Object.keys(set).length)
        await trx
          .updateTable('people')
          .set({ ...set, updated_at: sql<Date>`now()` })
          .where('id', '=', personId)
          .execute();
      const connected = await trx
        .insertInto('person_organisations')
        .values({ person_id: personId, organisation_id: org.id })
        .onConflict((oc) => oc.columns(['person_id', 'organisation_id']).doNothing())
        .returning('person_id')
        .executeTakeFirst();
      if (connected) {
        await sql`update people set scope_ids = (
            select coalesce(array_agg(distinct a), '{}') from person_organisations po
            join organisations o on o.id = po.organisation_id, unnest(o.ancestors) a
            where po.person_id = ${personId}::uuid)
          where id = ${personId}::uuid`.execute(trx);
      }
      const fields = Object.keys(set).filter((key) => !key.endsWith('_lookup'));
      if (connected) fields.push('organisations');
      entries.push({ personId, fields });
    }
    return entries;
  }

  /** Imports the good rows of a claimed import, in one transaction, and records the counts. */
  async function importRows(actor: Actor, id: string) {
    await db.transaction().execute(async (trx) => {
      const claimed = await trx
        .selectFrom('person_imports')
        .select(['organisation_id', 'rows_encrypted', 'errors', 'decision'])
        .where('id', '=', id)
        .where('status', '=', 'importing')
        .forUpdate()
        .executeTakeFirst();
      if (!claimed?.rows_encrypted) return;
      const base = { actorAccountId: actor.id, organisationId: claimed.organisation_id };
      const org = await trx
        .selectFrom('organisations')
        .select(['id', 'ancestors', 'name_en', 'name_cy'])
        .where('id', '=', claimed.organisation_id)
        .executeTakeFirstOrThrow();
      const target = {
        id: org.id,
        ancestors: org.ancestors,
        nameEn: org.name_en,
        nameCy: org.name_cy,
      };
      const people = JSON.parse(
        decrypt(claimed.rows_encrypted, keys, importContext(id)),
      ) as StoredPerson[];
      const duplicates = new Map(
        (claimed.errors as ImportEntry[]).filter(isDuplicate).map((d) => [d.row, d]),
      );
      const merge = new Set(claimed.decision?.merge ?? []);
      const byRow = new Map<number, StoredPerson & { id: string }>();
      const merges: { personId: string; person: StoredPerson }[] = [];
      let skipped = 0;
      for (const person of people) {
        const duplicate = duplicates.get(person.row);
        if (!duplicate) {
          byRow.set(person.row, { ...person, id: crypto.randomUUID() });
          continue;
        }
        if (!merge.has(person.row)) {
          skipped += 1;
          continue;
        }
        const earlier = duplicate.ofRow === undefined ? undefined : byRow.get(duplicate.ofRow);
        if (earlier) fillEmpty(earlier, person);
        else if (duplicate.personId) merges.push({ personId: duplicate.personId, person });
        else skipped += 1;
      }
      const created = [...byRow.values()];
      await insertPeople(trx, actor, target, created);
      const merged = await mergePeople(trx, target, merges);
      const entries: AuditEntry[] = [
        ...created.map((p) => ({
          ...base,
          action: 'person.imported',
          subjectType: 'person',
          subjectId: p.id,
          details: {
            importId: id,
            kind: p.kind,
            consents: ['register', ...(p.consentContact ? ['contact'] : [])],
            method: 'import',
          },
        })),
        ...merged.map((m) => ({
          ...base,
          action: 'person.updated',
          subjectType: 'person',
          subjectId: m.personId,
          details: { importId: id, fields: m.fields, merged: true },
        })),
        {
          ...base,
          action: 'register.imported',
          subjectType: 'person_import',
          subjectId: id,
          details: { created: created.length, merged: merged.length, skipped },
        },
      ];
      await appendAuditBatch(trx, entries);
      await trx
        .updateTable('person_imports')
        .set({
          status: 'imported',
          rows_encrypted: null,
          decision: null,
          result: JSON.stringify({ created: created.length, merged: merged.length, skipped }),
          finished_at: sql<Date>`now()`,
        })
        .where('id', '=', id)
        .execute();
    });
  }

  return {
    organisation,
    organisationsFor,

    /** Waits for imports being read in the background (tests, shutdown). */
    async idle() {
      while (running.size) await Promise.allSettled([...running]);
    },

    /** Records the upload and reads it in the background; the status page shows progress. */
    async startImport(actor: Actor, org: OrganisationRef, file: { name: string; data: Buffer }) {
      // rows that nobody decided about do not wait for ever
      await db
        .updateTable('person_imports')
        .set({ status: 'discarded', rows_encrypted: null, finished_at: sql<Date>`now()` })
        .where('status', 'in', ['previewed', 'parsing'])
        .where('created_at', '<', sql<Date>`now() - ${sql.lit(PURGE_AFTER)}::interval`)
        .execute();
      const row = await db
        .insertInto('person_imports')
        .values({
          organisation_id: org.id,
          created_by: actor.id,
          file_name: file.name.slice(0, 200),
          status: 'parsing',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const work = analyse(row.id, actor, file.data)
        .catch((error: unknown) => refuse(row.id, error))
        .catch((error: unknown) => {
          logger.error(
            { importId: row.id, error: String(error) },
            'could not record an import failure',
          );
        })
        .finally(() => running.delete(work));
      running.add(work);
      return row.id;
    },

    async findImport(id: string) {
      const row = await db
        .selectFrom('person_imports as i')
        .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
        .select([
          'i.id',
          'i.organisation_id',
          'o.ancestors',
          'o.name_en',
          'o.name_cy',
          'i.file_name',
          'i.status',
          'i.total_rows',
          'i.good_rows',
          'i.bad_rows',
          'i.errors',
          'i.result',
          'i.decision',
          'i.created_at',
        ])
        .where('i.id', '=', id)
        .executeTakeFirst();
      if (!row) return undefined;
      const entries = row.errors as ImportEntry[];
      const since = (iso: string | undefined) =>
        Date.now() - (iso ? Date.parse(iso) : row.created_at.getTime()) > STALE_AFTER_MS;
      const stale = row.status === 'parsing' && since(undefined);
      if (stale) entries.push({ file: 'unreadable' });
      // an import still running after this long was cut short: its transaction rolled back
      const failed =
        row.status === 'failed' || (row.status === 'importing' && since(row.decision?.claimedAt));
      return {
        id: row.id,
        organisation: {
          id: row.organisation_id,
          ancestors: row.ancestors,
          nameEn: row.name_en,
          nameCy: row.name_cy,
        },
        fileName: row.file_name,
        status: stale ? ('discarded' as const) : failed ? ('failed' as const) : row.status,
        result: row.result,
        totalRows: row.total_rows,
        goodRows: row.good_rows,
        badRows: row.bad_rows,
        createdAt: row.created_at,
        problems: entries.filter(isRowProblem),
        duplicates: entries.filter(isDuplicate),
        fileProblem: entries.find(isFileProblem),
      };
    },

    /** Display names of register people that rows duplicate (people the actor can see). */
    async namesOf(ids: string[]) {
      if (!ids.length) return new Map<string, string>();
      const rows = await db
        .selectFrom('people')
        .select(['id', 'display_name'])
        .where('id', 'in', ids)
        .execute();
      return new Map(rows.map((row) => [row.id, row.display_name]));
    },

    /**
     * Decides an import: discards it at once, or claims it for importing ('importing') and imports
     * the good rows in the background (one transaction: all of them or none); the status page
     * shows progress and then the counts. A second submission finds the import already decided
     * and changes nothing.
     */
    async decideImport(actor: Actor, id: string, decision: ImportDecision) {
      const claimed = await db.transaction().execute(async (trx) => {
        // the row lock makes a second submission wait, then find the import decided
        const row = await trx
          .selectFrom('person_imports')
          .select(['organisation_id', 'rows_encrypted'])
          .where('id', '=', id)
          .where('status', '=', 'previewed')
          .forUpdate()
          .executeTakeFirst();
        if (!row) return undefined;
        const importing = decision.importGood && row.rows_encrypted !== null;
        await trx
          .updateTable('person_imports')
          .set(
            importing
              ? {
                  status: 'importing',
                  decision: JSON.stringify({
                    merge: [...decision.merge],
                    claimedAt: new Date().toISOString(),
                  }),
                }
              : { status: 'discarded', rows_encrypted: null, finished_at: sql<Date>`now()` },
          )
          .where('id', '=', id)
          .execute();
        if (!importing)
          await audit.record(
            {
              actorAccountId: actor.id,
              organisationId: row.organisation_id,
              action: 'register.import_discarded',
              subjectType: 'person_import',
              subjectId: id,
            },
            trx,
          );
        return { importing };
      });
      if (!claimed) return { decided: false as const };
      if (claimed.importing) {
        const work = importRows(actor, id)
          .catch(async (error: unknown) => {
            logger.error({ importId: id, error: String(error) }, 'an import failed');
            await db
              .updateTable('person_imports')
              .set({ status: 'failed', rows_encrypted: null, finished_at: sql<Date>`now()` })
              .where('id', '=', id)
              .where('status', '=', 'importing')
              .execute();
          })
          .catch((error: unknown) => {
            logger.error({ importId: id, error: String(error) }, 'could not record a failure');
          })
          .finally(() => running.delete(work));
        running.add(work);
      }
      return { decided: true as const, importing: claimed.importing };
    },

    /**
     * The people of an organisation's subtree, as CSV or XLSX, streamed. Contact details only
     * for people who consented to be contacted; never equality monitoring. Audited with the
     * count and the filters.
     */
    async exportPeople(
      actor: Actor,
      org: OrganisationRef,
      options: {
        format: 'csv' | 'xlsx';
        kind?: string;
        status?: string;
        t: TFunction;
        lang: Language;
      },
    ) {
      const { t } = options;
      const kind = personKinds.find((k) => k === options.kind);
      const status = personStatuses.find((s) => s === options.status);
      const base = () => {
        let query = db
          .selectFrom('people as p')
          .where(sql<boolean>`p.scope_ids && ${sql.val([org.id])}::uuid[]`)
          .where('p.erased_at', 'is', null);
        if (kind) query = query.where('p.kind', '=', kind);
        if (status) query = query.where('p.status', '=', status);
        return query;
      };
      const { count } = await base()
        .select((eb) => eb.fn.countAll<string>().as('count'))
        .executeTakeFirstOrThrow();
      await audit.record({
        actorAccountId: actor.id,
        action: 'register.exported',
        subjectType: 'organisation',
        subjectId: org.id,
        organisationId: org.id,
        details: {
          format: options.format,
          kind: kind ?? null,
          status: status ?? null,
          count: Number(count),
        },
      });

      const keysOrder: ExportColumnKey[] = [
        'reference',
        ...importColumns.map((c) => c.key),
        'status',
        'organisation',
      ];
      const header = keysOrder.map((key) => t(`transfer:columns.${key}`));
      const label = (prefix: string, value: string | null) =>
        value ? t(`transfer:${prefix}.${value}`) : '';
      async function* records() {
        let after = '00000000-0000-0000-0000-000000000000';
        for (;;) {
          const rows = await base()
            .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
            .select([
              'p.id',
              'p.display_name',
              'p.kind',
              'p.status',
              'p.legal_name',
              'p.date_of_birth',
              'p.phone',
              'p.email',
              'p.address',
              'p.preferred_language',
              'p.access_needs',
              'o.name_en',
              'o.name_cy',
            ])
            .select((eb) =>
              eb
                .exists(
                  eb
                    .selectFrom('consents as c')
                    .select('c.id')
                    .whereRef('c.person_id', '=', 'p.id')
                    .where('c.purpose', '=', 'contact')
                    .where('c.withdrawn_at', 'is', null),
                )
                .as('contact'),
            )
            .where('p.id', '>', after)
            .orderBy('p.id')
            .limit(CHUNK)
            .execute();
          if (!rows.length) return;
          for (const row of rows) {
            const open = (
              column: 'legal_name' | 'date_of_birth' | 'phone' | 'email' | 'address',
              value: string | null,
            ) => reveal(keys, column, row.id, value);
            const phone = row.contact ? open('phone', row.phone) : null;
            const addressJson = row.contact ? open('address', row.address) : null;
            const address = addressJson
              ? (JSON.parse(addressJson) as { lines?: string; postcode?: string })
              : null;
            const values: Record<ExportColumnKey, string> = {
              reference: row.id,
              display_name: row.display_name,
              kind: label('kinds', row.kind),
              legal_name: open('legal_name', row.legal_name) ?? '',
              date_of_birth: open('date_of_birth', row.date_of_birth) ?? '',
              phone: phone?.startsWith('+44') ? `0${phone.slice(3)}` : (phone ?? ''),
              email: row.contact ? (open('email', row.email) ?? '') : '',
              address: address?.lines ?? '',
              postcode: address?.postcode ?? '',
              preferred_language: label('languages', row.preferred_language),
              access_needs: row.access_needs ?? '',
              consent_contact: label('yesNo', row.contact ? 'yes' : 'no'),
              status: label('statuses', row.status),
              organisation: options.lang === 'cy' ? row.name_cy : row.name_en,
            };
            yield keysOrder.map((key) => values[key]);
          }
          after = rows.at(-1)!.id;
          await yieldToEventLoop();
        }
      }

      if (options.format === 'csv') {
        async function* lines() {
          yield `\uFEFF${csvLine(header)}`;
          for await (const record of records()) yield csvLine(record);
        }
        return { count: Number(count), stream: Readable.from(lines()) };
      }
      const stream = new PassThrough();
      const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
        stream,
        useStyles: false,
        useSharedStrings: false,
      });
      const sheet = workbook.addWorksheet(t('transfer:export.sheet'));
      void (async () => {
        sheet.addRow(header).commit();
        for await (const record of records()) sheet.addRow(record).commit();
        sheet.commit();
        await workbook.commit();
      })().catch((error: unknown) => {
        logger.error({ error: String(error) }, 'export failed');
        stream.destroy(error instanceof Error ? error : new Error('export failed'));
      });
      return { count: Number(count), stream };
    },
  };
}

/** One CSV line; cells that a spreadsheet would run as a formula are kept as text. */
export function csvLine(cells: string[]) {
  return `${cells
    .map((cell) => {
      const safe = /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
      return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
    })
    .join(',')}\r\n`;
}

export type TransferService = ReturnType<typeof createTransferService>;
