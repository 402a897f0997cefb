import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import {
  actorOf,
  authorise,
  authoriseAnywhere,
  requireActor,
  guarded,
} from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { refuseNul } from '#platform/http/form-parser.ts';
import { choices, formErrors, type Issue } from '#platform/validation/index.ts';
import { personKinds, personStatuses } from '../tables.ts';
import { importColumns } from './columns.ts';
import { MAX_ROWS } from './parse.ts';
import { csvLine } from '#platform/exports/cells.ts';
import type { OrganisationRef } from './types.ts';
import { idOf } from '#platform/http/params.ts';

/** Uploads: one file of at most 10 MB and a few small fields. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const PROBLEMS_PER_PAGE = 200;
/** Beyond this many duplicates, one choice applies to all of them. */
export const DUPLICATES_ONE_BY_ONE = 100;

const uploadFields = z.object({
  organisation: z.guid().optional().catch(undefined),
});
const previewQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).catch(1) });
const templateQuery = z.object({ format: z.enum(['csv', 'xlsx']).catch('csv') });
const exportQuery = z.object({
  organisation: z.guid().optional().catch(undefined),
  format: z.enum(['csv', 'xlsx']).optional().catch(undefined),
  kind: z.enum(personKinds).optional().catch(undefined),
  status: z.enum(personStatuses).optional().catch(undefined),
});

interface Upload {
  filename: string;
  data: Buffer;
}
const isUpload = (value: unknown): value is Upload =>
  typeof value === 'object' && value !== null && Buffer.isBuffer((value as Upload).data);

export const transferRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { transfer } = services;
  app.addHook('onClose', () => transfer.idle());

  // Multipart only for this plugin's routes: the file arrives as { filename, data } beside the
  // other fields, so the app's CSRF check reads _csrf as for any form.
  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_FILE_BYTES, files: 1, fields: 5, fieldSize: 1_000, parts: 6 },
    async onFile(part: MultipartFile) {
      const data = await part.toBuffer();
      // the file name is stored with the import: a NUL in it is refused like one in any form
      const filename = refuseNul(part.filename);
      (part as MultipartFile & { value: Upload }).value = { filename, data };
    },
  });
  // ...and so is a NUL in the other multipart fields (a 400 in the visitor's language). The
  // file's own cells are checked as it is read: see parse.ts.
  app.addHook('preValidation', async (request) => {
    const body = request.body as Record<string, unknown> | undefined;
    if (!request.isMultipart() || !body) return;
    for (const value of Object.values(body)) if (typeof value === 'string') refuseNul(value);
  });

  const nameOf = (request: FastifyRequest, org: { nameEn: string; nameCy: string }) =>
    request.lang === 'cy' ? org.nameCy : org.nameEn;

  const loadOrganisation = async (id: string | undefined) => {
    const org = id ? await transfer.organisation(id) : undefined;
    if (!org) throw new HttpError(404);
    return org;
  };

  // ---- import: upload ------------------------------------------------------------------------
  const renderUpload = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { organisation?: string; error?: 'organisation' | 'file' | 'fileType' } = {},
  ) => {
    const actor = actorOf(request);
    const t = request.t;
    const organisations = await transfer.organisationsFor(actor, request.lang);
    const issues: Issue[] = options.error
      ? [
          {
            field: options.error === 'organisation' ? 'organisation' : 'file',
            message: `transfer:errors.${options.error}`,
          },
        ]
      : [];
    if (options.error) reply.code(400);
    const { errorList, fields } = formErrors(t, issues);
    return reply.render('register/transfer/views/import.njk', {
      pageTitle: t('transfer:import.title'),
      errors: fields,
      errorList,
      organisations: organisations.map((org) => ({
        value: org.id,
        text: org.name,
        selected: org.id === options.organisation || organisations.length === 1,
      })),
      columns: importColumns.map((column) => ({
        name: t(`transfer:columns.${column.key}`),
        hint: t(`transfer:columnHints.${column.key}`),
        required: 'required' in column,
      })),
      maxRows: MAX_ROWS,
    });
  };

  app.get('/people/import', guarded, async (request, reply) => {
    authoriseAnywhere(request, 'person.transfer');
    const query = uploadFields.parse(request.query);
    return renderUpload(request, reply, { organisation: query.organisation });
  });

  app.get('/people/import/template', guarded, async (request, reply) => {
    authoriseAnywhere(request, 'person.transfer');
    const { format } = templateQuery.parse(request.query);
    const header = importColumns.map((column) => request.t(`transfer:columns.${column.key}`));
    const name = `${request.t('transfer:import.templateFile')}.${format}`;
    reply.header('content-disposition', `attachment; filename="${name}"`);
    if (format === 'csv')
      return reply.type('text/csv; charset=utf-8').send(`\uFEFF${csvLine(header)}`);
    const { default: ExcelJS } = await import('exceljs'); // loaded when first needed
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet(request.t('transfer:export.sheet')).addRow(header);
    const data = Buffer.from(await workbook.xlsx.writeBuffer());
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .send(data);
  });

  // anonymous uploads are turned away before the file is read
  app.post('/people/import', { onRequest: requireActor }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const { organisation } = uploadFields.parse({ organisation: body.organisation });
    if (!organisation) {
      authoriseAnywhere(request, 'person.transfer');
      return renderUpload(request, reply, { error: 'organisation' });
    }
    const org = await loadOrganisation(organisation);
    const actor = authorise(request, 'person.transfer', org);
    const file = body.file;
    if (!isUpload(file) || !file.filename || file.data.length === 0)
      return renderUpload(request, reply, { organisation, error: 'file' });
    if (!/\.(csv|xlsx)$/i.test(file.filename))
      return renderUpload(request, reply, { organisation, error: 'fileType' });
    const id = await transfer.startImport(actor, org, { name: file.filename, data: file.data });
    return reply.redirect(`/people/import/${id}`, 303);
  });

  // ---- import: progress, preview and decision -----------------------------------------------
  const findImport = async (request: FastifyRequest) => {
    const found = await transfer.findImport(idOf(request));
    if (!found) throw new HttpError(404);
    const actor = authorise(request, 'person.transfer', found.organisation);
    return { actor, found };
  };

  const renderImport = async (
    request: FastifyRequest,
    reply: FastifyReply,
    found: NonNullable<Awaited<ReturnType<typeof transfer.findImport>>>,
    options: { page?: number; decisionError?: boolean; form?: Record<string, unknown> } = {},
  ) => {
    const t = request.t;
    const page = options.page ?? 1;
    const pageCount = Math.max(1, Math.ceil(found.problems.length / PROBLEMS_PER_PAGE));
    const problems = found.problems
      .slice((page - 1) * PROBLEMS_PER_PAGE, page * PROBLEMS_PER_PAGE)
      .map((problem) => [
        { text: String(problem.row) },
        { text: t(`transfer:columns.${problem.column}`) },
        { text: t(`transfer:reasons.${problem.reason}`) },
      ]);
    const names = await transfer.namesOf(
      found.duplicates.flatMap((d) => (d.personId ? [d.personId] : [])),
    );
    const fileProblem = found.fileProblem;
    if (options.decisionError) reply.code(400);
    return reply.render('register/transfer/views/import-status.njk', {
      pageTitle: t(`transfer:status.${found.status}.title`),
      found,
      organisationName: nameOf(request, found.organisation),
      fileProblem: fileProblem && {
        text: t(`transfer:fileProblems.${fileProblem.file}`, { max: MAX_ROWS }),
        missing: (fileProblem.missing ?? []).map((key) => t(`transfer:columns.${key}`)),
        unknown: fileProblem.unknown ?? [],
        repeated: fileProblem.repeated ?? [],
      },
      problems,
      problemCount: found.problems.length,
      pagination:
        pageCount > 1
          ? {
              previous:
                page > 1 ? { href: `/people/import/${found.id}?page=${String(page - 1)}` } : null,
              next:
                page < pageCount
                  ? { href: `/people/import/${found.id}?page=${String(page + 1)}` }
                  : null,
              items: Array.from({ length: pageCount }, (_, i) => ({
                number: i + 1,
                href: `/people/import/${found.id}?page=${String(i + 1)}`,
                current: i + 1 === page,
              })),
            }
          : null,
      duplicateCount: found.duplicates.length,
      // duplicates are skipped or merged into someone already there: only the others are added
      newPeople: found.goodRows - found.duplicates.length,
      allDuplicates:
        found.duplicates.length > DUPLICATES_ONE_BY_ONE
          ? [
              {
                value: 'skip',
                text: t('transfer:duplicates.skipAll'),
                checked: options.form?.duplicates !== 'merge',
              },
              {
                value: 'merge',
                text: t('transfer:duplicates.mergeAll'),
                checked: options.form?.duplicates === 'merge',
              },
            ]
          : null,
      duplicates: found.duplicates.slice(0, DUPLICATES_ONE_BY_ONE).map((d) => {
        const chosen = options.form?.[`duplicate-${String(d.row)}`];
        return {
          row: d.row,
          name: `duplicate-${String(d.row)}`,
          legend: t('transfer:duplicates.legend', { row: d.row }),
          hint: d.personId
            ? t(`transfer:duplicates.onRegister.${d.duplicate}`, {
                name: names.get(d.personId) ?? '',
              })
            : t(`transfer:duplicates.inFile.${d.duplicate}`, { row: d.ofRow }),
          personHref: d.personId ? `/people/${d.personId}` : null,
          items: [
            { value: 'skip', text: t('transfer:duplicates.skip'), checked: chosen !== 'merge' },
            {
              value: 'merge',
              text: d.personId
                ? t('transfer:duplicates.mergePerson')
                : t('transfer:duplicates.mergeRow', { row: d.ofRow }),
              checked: chosen === 'merge',
            },
          ],
        };
      }),
      decisionError: options.decisionError ? t('transfer:errors.decision') : null,
      ...formErrors(
        t,
        options.decisionError ? [{ field: 'decision', message: 'transfer:errors.decision' }] : [],
      ),
      // while the file is read, the page reloads itself (no JavaScript needed)
      refresh: found.status === 'parsing' || found.status === 'importing',
    });
  };

  app.get('/people/import/:id', guarded, async (request, reply) => {
    const { found } = await findImport(request);
    if (found.status === 'imported' && found.result)
      return reply.render('register/transfer/views/import-done.njk', {
        pageTitle: request.t('transfer:done.importedTitle'),
        imported: true,
        result: found.result,
        organisationName: nameOf(request, found.organisation),
      });
    const { page } = previewQuery.parse(request.query);
    return renderImport(request, reply, found, { page });
  });

  app.post('/people/import/:id', guarded, async (request, reply) => {
    const { actor, found } = await findImport(request);
    if (found.status !== 'previewed') return renderImport(request, reply, found);
    const form = request.form;
    const decision = form.decision;
    if (decision !== 'good' && decision !== 'nothing')
      return renderImport(request, reply, found, { decisionError: true, form });
    const mergeAll = found.duplicates.length > DUPLICATES_ONE_BY_ONE && form.duplicates === 'merge';
    const merge = new Set(
      found.duplicates
        .filter((d) => mergeAll || form[`duplicate-${String(d.row)}`] === 'merge')
        .map((d) => d.row),
    );
    const result = await transfer.decideImport(actor, found.id, {
      importGood: decision === 'good',
      merge,
    });
    if (!result.decided) {
      const again = await transfer.findImport(found.id);
      return renderImport(request, reply, again ?? found);
    }
    // importing runs in the background: the import's page shows progress, then the counts
    return reply.redirect(`/people/import/${found.id}`, 303);
  });

  // ---- export --------------------------------------------------------------------------------
  app.get('/people/export', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'person.transfer');
    const t = request.t;
    const query = exportQuery.parse(request.query);
    const organisations = await transfer.organisationsFor(actor, request.lang);
    return reply.render('register/transfer/views/export.njk', {
      pageTitle: t('transfer:export.title'),
      organisations: organisations.map((org) => ({
        value: org.id,
        text: org.name,
        selected: org.id === query.organisation,
      })),
      kinds: [
        { value: '', text: t('transfer:export.anyKind') },
        ...choices(t, personKinds, 'transfer:kinds.', query.kind, { select: true }),
      ],
      statuses: [
        { value: '', text: t('transfer:export.anyStatus') },
        ...choices(t, personStatuses, 'transfer:statuses.', query.status, { select: true }),
      ],
    });
  });

  app.get('/people/export/download', guarded, async (request, reply) => {
    const query = exportQuery.parse(request.query);
    const org: OrganisationRef = await loadOrganisation(query.organisation);
    const actor = authorise(request, 'person.transfer', org);
    const format = query.format ?? 'csv';
    const { stream } = await transfer.exportPeople(actor, org, {
      format,
      kind: query.kind,
      status: query.status,
      t: request.t,
      lang: request.lang,
    });
    const date = new Date().toISOString().slice(0, 10);
    reply.header(
      'content-disposition',
      `attachment; filename="${request.t('transfer:export.file')}-${date}.${format}"`,
    );
    reply.type(
      format === 'csv'
        ? 'text/csv; charset=utf-8'
        : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    return reply.send(stream);
  });
};
