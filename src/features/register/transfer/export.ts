import { Readable, PassThrough } from 'node:stream';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import type { TFunction } from 'i18next';
import { sql } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import type { Database } from '#platform/db/database.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import { csvLine } from '#platform/exports/cells.ts';
import { streamingWorkbook } from '#platform/exports/xlsx.ts';
import { reveal } from '../people/protected-fields.ts';
import { personKinds, personStatuses } from '../tables.ts';
import { importColumns, listCell, type ExportColumnKey } from './columns.ts';
import { CHUNK, type OrganisationRef, type TransferLogger } from './types.ts';

/**
 * The people of an organisation's subtree, as CSV or XLSX, streamed. Contact details only
 * for people who consented to be contacted; never equality monitoring. Audited with the
 * count and the filters.
 */
export async function exportPeople(
  deps: { db: Database; audit: AuditLog; keys: KeyRing; logger: TransferLogger },
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
  const { db, audit, keys, logger } = deps;
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
          'p.venue_needs',
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
          venue_needs: listCell(row.venue_needs),
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
  const workbook = streamingWorkbook(stream);
  const sheet = workbook.sheet(t('transfer:export.sheet'));
  void (async () => {
    sheet.add(header);
    for await (const record of records()) sheet.add(record);
    sheet.done();
    await workbook.done();
  })().catch((error: unknown) => {
    logger.error({ error: String(error) }, 'export failed');
    stream.destroy(error instanceof Error ? error : new Error('export failed'));
  });
  return { count: Number(count), stream };
}
