import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import type { Language } from '#platform/i18n/i18n.ts';
import type { Services } from '#platform/modules/contract.ts';
import type { AuditProblem } from '#platform/audit/audit-log.ts';
import { actorOf, requireActor } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { formErrors, type Issue } from '#platform/validation/index.ts';
import { actionLabel, formatTime, knownActions, listHref } from './present.ts';
import type { EntryListRow, OrganisationRow } from './repository.ts';
import {
  actorLookupForm,
  entryParams,
  listQuery,
  parseListQuery,
  type ListQuery,
} from './schema.ts';
import { parsedOr404 } from '#platform/http/params.ts';

/** The form's errors; a date's summary link goes to its day box. */
const errorsOf = (request: FastifyRequest, issues: Issue[]) => {
  const { errorList, fields } = formErrors(request.t, issues, { from: 'from-day', to: 'to-day' });
  const visuallyHiddenText = request.t('audit:errorHidden');
  const withHidden = Object.entries(fields).map(([field, error]) => [
    field,
    { ...error, visuallyHiddenText },
  ]);
  return { fields: Object.fromEntries(withHidden) as typeof fields, errorList };
};

/** A hash in pieces, so it can wrap on a narrow screen. */
const chunks = (hash: string) => hash.match(/.{1,16}/g) ?? [];

const nameOf = (
  row: { organisation_name_en: string | null; organisation_name_cy: string | null },
  lang: string,
) => (lang === 'cy' ? row.organisation_name_cy : row.organisation_name_en);

/** One entry as a row of the list. */
const listRow = (t: TFunction, lang: Language, row: EntryListRow) => ({
  id: row.id,
  time: formatTime(row.occurred_at, lang),
  iso: row.occurred_at.toISOString(),
  actorId: row.actor_account_id,
  actorName: row.actor_name,
  action: row.action,
  actionLabel: actionLabel(t, row.action),
  organisationId: row.organisation_id,
  organisationName: nameOf(row, lang),
  subjectType: row.subject_type,
  subjectId: row.subject_id,
});

/** The audit log: a filterable list, one entry, and (for platform administrators) verification. */
export const auditRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const viewer = services.auditViewer;

  const renderList = (
    request: FastifyRequest,
    reply: FastifyReply,
    query: ListQuery,
    result: {
      entries: EntryListRow[];
      newer: number | null;
      older: number | null;
      organisations: OrganisationRow[] | null;
    },
    issues: Issue[],
    lookup: { email?: string; error?: string } = {},
  ) => {
    const { t, lang } = request;
    const known = knownActions(services.i18n, t, lang);
    const actions =
      query.action && !known.some((a) => a.code === query.action)
        ? [{ code: query.action, label: query.action }, ...known]
        : known;
    const organisations = result.organisations?.map((o) => ({
      value: o.id,
      text: lang === 'cy' ? o.name_cy : o.name_en,
      selected: o.id === query.organisation?.toLowerCase(),
    }));
    const raw = query as Record<string, string | undefined>;
    const errors = errorsOf(request, issues);
    const filtered = Object.entries(raw).some(
      ([key, value]) => value && key !== 'before' && key !== 'after',
    );
    return reply
      .code(issues.length || lookup.error ? 400 : 200)
      .render('admin/audit/views/list.njk', {
        pageTitle: t('audit:title'),
        errorList: [
          ...errors.errorList,
          ...(lookup.error ? [{ text: lookup.error, href: '#email' }] : []),
        ],
        errors: errors.fields,
        query: raw,
        filtered,
        lookup,
        actionItems: [
          { value: '', text: t('audit:filters.anyAction') },
          ...actions.map((a) => ({
            value: a.code,
            text: a.label,
            selected: a.code === query.action,
          })),
        ],
        organisationItems: organisations
          ? [{ value: '', text: t('audit:filters.anyOrganisation') }, ...organisations]
          : null,
        entries: result.entries.map((row) => listRow(t, lang, row)),
        newerHref: result.newer === null ? null : `/audit${listHref(raw, { after: result.newer })}`,
        olderHref:
          result.older === null ? null : `/audit${listHref(raw, { before: result.older })}`,
      });
  };

  app.get('/audit', { preHandler: requireActor }, async (request, reply) => {
    const actor = actorOf(request);
    const query = listQuery.parse(request.query);
    const parsed = parseListQuery(query);
    if (parsed.badOrganisation) throw new HttpError(404);
    if (parsed.issues.length) {
      // authorise before saying anything about the input
      await viewer.authoriseList(actor, parsed.filters.organisationId);
      const empty = { entries: [], newer: null, older: null, organisations: null };
      return renderList(request, reply, query, empty, parsed.issues);
    }
    const result = await viewer.listEntries(actor, parsed.filters, parsed.cursor, request.lang);
    return renderList(request, reply, query, result, []);
  });

  // An e-mail address never goes in a URL: it is posted, and the list is shown by account id.
  app.post('/audit/actor', { preHandler: requireActor }, async (request, reply) => {
    const actor = actorOf(request);
    await viewer.authoriseList(actor, undefined);
    const parsed = actorLookupForm.safeParse(request.form);
    const email = typeof request.form.email === 'string' ? request.form.email : '';
    const accountId = parsed.success ? await viewer.findActor(actor, parsed.data.email) : undefined;
    if (accountId) return reply.redirect(`/audit?actor=${accountId}`, 303);
    const error = request.t(
      parsed.success ? 'audit:errors.email.notFound' : (parsed.error.issues[0]?.message ?? ''),
    );
    const result = await viewer.listEntries(actor, {}, {}, request.lang);
    return renderList(request, reply, {}, result, [], { email, error });
  });

  app.get('/audit/verify', { preHandler: requireActor }, async (request, reply) => {
    const head = await viewer.chainHead(actorOf(request));
    return reply.render('admin/audit/views/verify.njk', {
      pageTitle: request.t('audit:verify.title'),
      head,
      headParts: head ? chunks(head.hash) : [],
    });
  });

  app.post(
    '/audit/verify',
    {
      preHandler: requireActor,
      // verification reads the whole log: a few times a minute per account is plenty
      config: {
        rateLimit: {
          max: 6,
          timeWindow: '1 minute',
          keyGenerator: (request: FastifyRequest) => request.actor?.id ?? request.ip,
        },
      },
    },
    async (request, reply) => {
      const result = await viewer.verifyLog(actorOf(request));
      const problems = result.problems.slice(0, 100).map((problem: AuditProblem) => ({
        text: request.t(`audit:verify.problems.${problem.kind}`, {
          id: problem.id === null ? '–' : String(problem.id),
        }),
        href: problem.id === null ? null : `/audit/${String(problem.id)}`,
      }));
      return reply.render('admin/audit/views/verify.njk', {
        pageTitle: request.t('audit:verify.title'),
        head: result.head,
        headParts: result.head ? chunks(result.head.hash) : [],
        result: {
          ok: result.ok,
          checked: result.checked.toLocaleString(request.lang === 'cy' ? 'cy-GB' : 'en-GB'),
          problems,
          more: Math.max(0, result.problems.length - problems.length),
        },
      });
    },
  );

  app.get('/audit/:id', { preHandler: requireActor }, async (request, reply) => {
    const params = parsedOr404(entryParams, request.params);
    const { entry, sealed, matchesHash, linksToPrevious } = await viewer.showEntry(
      actorOf(request),
      params.id,
    );
    const { t, lang } = request;
    return reply.render('admin/audit/views/entry.njk', {
      pageTitle: t('audit:entry.title', { id: String(entry.id) }),
      entry: {
        id: entry.id,
        time: formatTime(entry.occurred_at, lang),
        iso: entry.occurred_at.toISOString(),
        actorId: entry.actor_account_id,
        actorName: entry.actor_name,
        action: entry.action,
        actionLabel: actionLabel(t, entry.action),
        organisationId: entry.organisation_id,
        organisationName: nameOf(entry, lang),
        subjectType: entry.subject_type,
        subjectId: entry.subject_id,
        details: Object.entries(entry.details).map(([key, value]) => ({
          key,
          value: typeof value === 'string' ? value : JSON.stringify(value),
        })),
        prevHashParts: chunks(entry.prev_hash ?? ''),
        hashParts: chunks(entry.hash ?? ''),
      },
      sealed,
      matchesHash,
      linksToPrevious,
      subjectHref:
        entry.subject_type && entry.subject_id
          ? `/audit${listHref({ subjectType: entry.subject_type, subjectId: entry.subject_id }, {})}`
          : null,
    });
  });
};
