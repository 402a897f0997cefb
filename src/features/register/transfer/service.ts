import crypto from 'node:crypto';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Database } from '#platform/db/database.ts';
import type { AuditEntry, AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { I18n, Language } from '#platform/i18n/i18n.ts';
import { decrypt, encrypt, type KeyRing } from '#platform/crypto/encryption.ts';
import { lookupHash, normaliseNameAndBirth } from '../people/protected-fields.ts';
import { appendAuditBatch } from '#platform/audit/audit-batch.ts';
import { mapColumns, readRow, vocabulary, type RowProblem } from './columns.ts';
import { exportPeople } from './export.ts';
import {
  findOrganisation,
  organisationsFor,
  registerMatches as matchesOnRegister,
  waitingImports,
  type LookupColumn,
} from './lookups.ts';
import { FileError, readRows } from './parse.ts';
import {
  PURGE_AFTER,
  STALE_AFTER_MS,
  importContext,
  isDuplicate,
  isFileProblem,
  isRowProblem,
  type DuplicateEntry,
  type DuplicateMatch,
  type FileEntry,
  type ImportDecision,
  type ImportEntry,
  type OrganisationRef,
  type StoredPerson,
  type TransferLogger,
} from './types.ts';
import { fillEmpty, insertPeople, mergePeople } from './write.ts';
import { createLogger } from '#platform/http/logger.ts';

/**
 * Importing people from CSV or XLSX (read in the background, previewed, then decided) and
 * exporting the register. The types live in types.ts, the register writes in write.ts and the
 * export in export.ts.
 */
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
  const logger = deps.logger ?? createLogger('transfer', options.logLevel);
  const running = new Set<Promise<void>>();
  const translators = [i18n.t('en'), i18n.t('cy')];
  const words = vocabulary(translators);

  const organisation = (id: string) => findOrganisation(db, id);
  const registerMatches = (actor: Actor, column: LookupColumn, hashes: string[]) =>
    matchesOnRegister(db, actor, column, hashes);

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
      await insertPeople(trx, keys, actor, target, created);
      const merged = await mergePeople(trx, keys, target, merges);
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
    organisationsFor: (actor: Actor, lang: Language) => organisationsFor(db, actor, lang),

    /** An uploader's imports waiting for them to confirm (how many, the oldest's id), to count. */
    waiting: (uploader: string, scope: readonly string[] | null) =>
      waitingImports(db, uploader, scope),

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
     * The people of an organisation's subtree, as CSV or XLSX, streamed (see export.ts).
     */
    exportPeople: (
      actor: Actor,
      org: OrganisationRef,
      options: Parameters<typeof exportPeople>[3],
    ) => exportPeople({ db, audit, keys, logger }, actor, org, options),
  };
}

export type TransferService = ReturnType<typeof createTransferService>;
