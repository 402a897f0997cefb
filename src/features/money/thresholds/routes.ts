import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { keepFlash } from '#platform/http/flash.ts';
import { idOf, parsedOr404 } from '#platform/http/params.ts';
import { choices, type Form, type Issue } from '#platform/validation/index.ts';
import { errorsShown, flashText } from '../forms.ts';
import { thresholdFormValues, thresholdName, thresholdValue } from './present.ts';
import type { Threshold } from './repository.ts';
import { parseThresholdForm, thresholdKinds, yearQuery } from './schema.ts';
import { benefits, thresholdPeriods } from './tables.ts';
import { taxYearName } from './tax-year.ts';

const view = (name: string) => `money/thresholds/views/${name}.njk`;

/**
 * Benefit thresholds by tax year: the list (staff who may see money), adding, changing and
 * deleting one (platform administrators).
 */
export const thresholdsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { thresholds } = services;
  const yearPage = (taxYear: number) => `/money/thresholds?year=${String(taxYear)}`;

  app.get('/money/thresholds', guarded, async (request, reply) => {
    const { year } = parsedOr404(yearQuery, request.query);
    const { t, lang } = request;
    const page = await thresholds.listThresholds(actorOf(request), year);
    const flash = await flashText(services.sessions, request, 'thresholds');
    const years = [...new Set([...page.years, page.current, page.taxYear])].sort((a, b) => b - a);
    return reply.render(view('list'), {
      pageTitle: t('thresholds:list.title'),
      flash,
      yearName: taxYearName(t, page.taxYear),
      current: page.taxYear === page.current,
      canManage: page.canManage,
      taxYear: page.taxYear,
      yearItems: years.map((y) => ({
        value: String(y),
        text: taxYearName(t, y),
        selected: y === page.taxYear,
      })),
      rows: page.thresholds.map((th) => ({
        id: th.id,
        benefit: t(`thresholds:benefits.${th.benefit}`),
        name: thresholdName(lang, th),
        value: thresholdValue(t, lang, th),
        source: th.sourceNote,
        code: th.code,
      })),
    });
  });

  const renderForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { threshold?: Threshold; values?: Form; errors?: Issue[] },
  ) => {
    const { t } = request;
    const values =
      options.values ?? thresholdFormValues(options.threshold, thresholds.currentTaxYear());
    const shown = errorsShown(request, reply, options.errors);
    const text = (field: string) => (typeof values[field] === 'string' ? values[field] : '');
    return reply.render(view('form'), {
      pageTitle: t(options.threshold ? 'thresholds:form.changeTitle' : 'thresholds:form.addTitle'),
      action: options.threshold
        ? `/money/thresholds/${options.threshold.id}/edit`
        : '/money/thresholds/new',
      back: yearPage(options.threshold?.taxYear ?? thresholds.currentTaxYear()),
      values,
      ...shown,
      benefitItems: [
        { value: '', text: t('thresholds:form.benefit.choose') },
        ...choices(t, benefits, 'thresholds:benefits.', text('benefit'), { select: true }),
      ],
      periodItems: choices(t, thresholdPeriods, 'thresholds:periods.', text('period')),
      kind: text('kind'),
      kinds: thresholdKinds,
    });
  };

  app.get('/money/thresholds/new', guarded, async (request, reply) => {
    thresholds.authoriseManage(actorOf(request));
    return renderForm(request, reply, {});
  });

  app.post('/money/thresholds/new', guarded, async (request, reply) => {
    const actor = actorOf(request);
    thresholds.authoriseManage(actor);
    const values = request.form;
    const parsed = parseThresholdForm(values);
    if (!parsed.ok) return renderForm(request, reply, { values, errors: parsed.issues });
    const added = await thresholds.addThreshold(actor, parsed.value);
    if (!added.ok) return renderForm(request, reply, { values, errors: added.issues });
    keepFlash(request, 'added');
    return reply.redirect(yearPage(parsed.value.taxYear), 303);
  });

  app.get('/money/thresholds/:id/edit', guarded, async (request, reply) => {
    const threshold = await thresholds.thresholdToChange(actorOf(request), idOf(request));
    return renderForm(request, reply, { threshold });
  });

  app.post('/money/thresholds/:id/edit', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const threshold = await thresholds.thresholdToChange(actor, idOf(request));
    const values = request.form;
    const parsed = parseThresholdForm(values);
    if (!parsed.ok) return renderForm(request, reply, { threshold, values, errors: parsed.issues });
    const changed = await thresholds.changeThreshold(actor, threshold.id, parsed.value);
    if (!changed.ok)
      return renderForm(request, reply, { threshold, values, errors: changed.issues });
    keepFlash(request, 'changed');
    return reply.redirect(yearPage(parsed.value.taxYear), 303);
  });

  app.get('/money/thresholds/:id/delete', guarded, async (request, reply) => {
    const threshold = await thresholds.thresholdToChange(actorOf(request), idOf(request));
    const { t, lang } = request;
    return reply.render(view('delete'), {
      pageTitle: t('thresholds:delete.title', { name: thresholdName(lang, threshold) }),
      yearName: taxYearName(t, threshold.taxYear),
      value: thresholdValue(t, lang, threshold),
      back: yearPage(threshold.taxYear),
      action: `/money/thresholds/${threshold.id}/delete`,
    });
  });

  app.post('/money/thresholds/:id/delete', guarded, async (request, reply) => {
    const taxYear = await thresholds.removeThreshold(actorOf(request), idOf(request));
    keepFlash(request, 'removed');
    return reply.redirect(yearPage(taxYear), 303);
  });
};
