import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded, personGuarded, personOf } from '#platform/http/guards.ts';
import { keepFlash } from '#platform/http/flash.ts';
import { idOf } from '#platform/http/params.ts';
import { type Form, type Issue } from '#platform/validation/index.ts';
import { taxYearName } from '../thresholds/tax-year.ts';
import { errorsShown, flashText } from '../forms.ts';
import { parsePeriod, periodQuery, taxYearsOffered } from './period.ts';
import { statementTable, statementText } from './present.ts';
import type { StatementPeriod } from './repository.ts';

const view = 'money/statements/views/statement.njk';

type Found = Awaited<ReturnType<Services['statements']['ownStatement']>>;

/**
 * Statements of payments and expenses: the person's own at /portal/statements, and any person's
 * for staff at /people/:id/money/statement; each as a page, a PDF, and (staff) a letter.
 */
export const statementsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const service = services.statements;
  const query = (request: FastifyRequest) => (request.query ?? {}) as Form;

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    base: string,
    found: (Found & { canPost?: boolean }) | null,
    period: StatementPeriod | null,
    issues?: Issue[],
  ) => {
    const { t, lang } = request;
    const form = query(request);
    const shown = errorsShown(request, reply, issues, { from: 'from-day', to: 'to-day' });
    const chosen = typeof form.period === 'string' && form.period ? form.period : null;
    const years = taxYearsOffered(service.today());
    const text = found && period ? statementText(t, lang, period, found.statement) : null;
    const flash = await flashText(services.sessions, request, 'statements');
    return reply.render(view, {
      pageTitle: t('statements:title'),
      mode: base.startsWith('/portal') ? 'portal' : 'staff',
      base,
      person: found?.person,
      flash,
      values: form,
      ...shown,
      years: years.map((year, i) => ({
        value: String(year),
        text: taxYearName(t, year),
        checked: chosen ? chosen === String(year) : i === 0,
      })),
      rangeChosen: chosen === 'range',
      text,
      table: text && statementTable(t, text),
      query: period ? periodQuery(period) : '',
      canPost: found?.canPost ?? false,
    });
  };

  const pdf = async (
    request: FastifyRequest,
    reply: FastifyReply,
    found: Found,
    period: StatementPeriod,
  ) => {
    const { t, lang } = request;
    const text = statementText(t, lang, period, found.statement);
    const bytes = await service.pdf(text, t, lang, found.person);
    const name = 'taxYear' in period ? String(period.taxYear) : `${period.from}-${period.to}`;
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `attachment; filename="statement-${name}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(bytes);
  };

  // ------------------------------------------------------------------ the person's own

  app.get('/portal/statements', personGuarded, async (request, reply) => {
    const parsed = parsePeriod(query(request), service.today());
    if (!parsed.ok) return render(request, reply, '/portal/statements', null, null, parsed.issues);
    const found = await service.ownStatement(personOf(request).id, parsed.value);
    return render(request, reply, '/portal/statements', found, parsed.value);
  });

  app.get('/portal/statements/pdf', personGuarded, async (request, reply) => {
    const parsed = parsePeriod(query(request), service.today());
    if (!parsed.ok) return render(request, reply, '/portal/statements', null, null, parsed.issues);
    return pdf(
      request,
      reply,
      await service.ownStatement(personOf(request).id, parsed.value),
      parsed.value,
    );
  });

  // ------------------------------------------------------------------ staff

  app.get('/people/:id/money/statement', guarded, async (request, reply) => {
    const base = `/people/${idOf(request)}/money/statement`;
    const parsed = parsePeriod(query(request), service.today());
    const found = await service.personStatement(
      actorOf(request),
      idOf(request),
      parsed.ok ? parsed.value : { taxYear: taxYearsOffered(service.today())[0]! },
    );
    if (!parsed.ok)
      return render(request, reply, base, { ...found, canPost: false }, null, parsed.issues);
    return render(request, reply, base, found, parsed.value);
  });

  app.get('/people/:id/money/statement/pdf', guarded, async (request, reply) => {
    const parsed = parsePeriod(query(request), service.today());
    const period = parsed.ok ? parsed.value : null;
    if (!period) {
      const base = `/people/${idOf(request)}/money/statement`;
      return render(request, reply, base, null, null, parsed.ok ? [] : parsed.issues);
    }
    return pdf(
      request,
      reply,
      await service.personStatement(actorOf(request), idOf(request), period),
      period,
    );
  });

  app.post('/people/:id/money/statement/post', guarded, async (request, reply) => {
    const personId = idOf(request);
    const base = `/people/${personId}/money/statement`;
    const parsed = parsePeriod(request.form, service.today());
    if (!parsed.ok) return reply.redirect(base, 303);
    const result = await service.postStatement(actorOf(request), personId, parsed.value);
    keepFlash(request, result.status === 'queued' ? 'posted' : `blocked`);
    return reply.redirect(`${base}?${periodQuery(parsed.value)}`, 303);
  });
};
