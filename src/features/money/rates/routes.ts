import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { local } from '#platform/i18n/i18n.ts';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import { keepFlash } from '#platform/http/flash.ts';
import { pagination } from '#platform/http/pagination.ts';
import { formatDate } from '#platform/views/views.ts';
import { type Form, type Issue } from '#platform/validation/index.ts';
import { errorsShown, flashText } from '../forms.ts';
import { formValues, paymentRateRows, ruleRows } from './present.ts';
import type { RatesInForce } from './repository.ts';
import {
  amountFields,
  listQuery,
  organisationParams,
  paymentRows,
  parseRatesForm,
  rowsOf,
  versionParams,
} from './schema.ts';
import { paymentUnits } from './tables.ts';

const view = (name: string) => `money/rates/views/${name}.njk`;

/** Rates and rules: the organisations, one organisation's rates and history, new rates, withdrawing. */
export const ratesRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { rates } = services;

  app.get('/money/rates', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'money.view');
    const { page } = listQuery.parse(request.query);
    const { t, lang } = request;
    const result = await rates.listOrganisations(actor, page);
    return reply.render(view('organisations'), {
      pageTitle: t('rates:list.title'),
      total: result.total,
      rows: result.rows.map((o) => ({
        id: o.id,
        name: local(request.lang, o.nameEn, o.nameCy),
        own: o.ownSince
          ? t('rates:list.ownSince', { date: formatDate(o.ownSince, lang) })
          : t('rates:list.inherited'),
      })),
      pagination: pagination(
        t,
        (n) => (n > 1 ? `/money/rates?page=${n}` : '/money/rates'),
        result.page,
        result.pageCount,
      ),
    });
  });

  const source = (request: FastifyRequest, inForce: RatesInForce | undefined) =>
    inForce
      ? request.t(inForce.inherited ? 'rates:show.inheritedFrom' : 'rates:show.ownSince', {
          organisation: local(request.lang, inForce.organisationNameEn, inForce.organisationNameCy),
          date: formatDate(inForce.effectiveFrom, request.lang),
        })
      : request.t('rates:show.none');

  app.get('/money/rates/:organisationId', guarded, async (request, reply) => {
    const { organisationId } = parsedOr404(organisationParams, request.params);
    const { t, lang } = request;
    const page = await rates.viewRates(actorOf(request), organisationId);
    const name = local(request.lang, page.organisation.name_en, page.organisation.name_cy);
    return reply.render(view('show'), {
      pageTitle: t('rates:show.title', { organisation: name }),
      organisationName: name,
      organisationId,
      flash: await flashText(services.sessions, request, 'rates'),
      canSet: page.canSet,
      source: source(request, page.inForce),
      inForce: page.inForce && {
        rules: ruleRows(t, lang, page.inForce),
        paymentRates: paymentRateRows(t, lang, page.inForce),
      },
      versions: page.versions.map((v) => ({
        id: v.id,
        from: formatDate(v.effectiveFrom, lang),
        status: t(
          v.effectiveFrom > page.today
            ? 'rates:show.future'
            : v.id === page.inForce?.id
              ? 'rates:show.current'
              : 'rates:show.past',
        ),
        future: v.effectiveFrom > page.today,
        note: v.note,
        by: v.createdByName,
        rules: ruleRows(t, lang, v),
        paymentRates: paymentRateRows(t, lang, v),
      })),
    });
  });

  const renderForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    organisationId: string,
    options: { values?: Form; errors?: Issue[] } = {},
  ) => {
    const { t, lang } = request;
    const form = await rates.rateForm(actorOf(request), organisationId);
    const values = options.values ?? formValues(form.inForce, form.today);
    const shown = errorsShown(request, reply, options.errors, {
      effectiveFrom: 'effectiveFrom-day',
    });
    const rows = options.values
      ? rowsOf(values)
      : paymentRows(form.inForce?.paymentRates.length ?? 0);
    const name = local(request.lang, form.organisation.name_en, form.organisation.name_cy);
    const value = (field: string) => (typeof values[field] === 'string' ? values[field] : '');
    return reply.render(view('form'), {
      pageTitle: t('rates:form.title', { organisation: name }),
      organisationName: name,
      organisationId,
      source: source(request, form.inForce),
      values,
      ...shown,
      amounts: Object.keys(amountFields).map((field) => ({
        name: field,
        value: value(field),
        label: t(`rates:form.${field}.label`),
        hint: t(`rates:form.${field}.hint`),
        error: shown.errors[field],
      })),
      addRows: rows < 12 ? rows + 2 : 0,
      rows: Array.from({ length: rows }, (_, i) => {
        const n = i + 1;
        return {
          n,
          activityEn: value(`activityEn-${n}`),
          activityCy: value(`activityCy-${n}`),
          amount: value(`amount-${n}`),
          units: [
            { value: '', text: t('rates:form.unit.choose') },
            ...paymentUnits.map((u) => ({
              value: u,
              text: t(`rates:units.${u}`),
              selected: value(`unit-${n}`) === u,
            })),
          ],
          errors: {
            activityEn: shown.errors[`activityEn-${n}`],
            activityCy: shown.errors[`activityCy-${n}`],
            unit: shown.errors[`unit-${n}`],
            amount: shown.errors[`amount-${n}`],
          },
        };
      }),
      lang,
    });
  };

  app.get('/money/rates/:organisationId/new', guarded, async (request, reply) => {
    const { organisationId } = parsedOr404(organisationParams, request.params);
    return renderForm(request, reply, organisationId);
  });

  app.post('/money/rates/:organisationId/new', guarded, async (request, reply) => {
    const { organisationId } = parsedOr404(organisationParams, request.params);
    const values = request.form;
    if (values.action === 'more') {
      const more = { ...values, rows: String(Math.min(12, rowsOf(values) + 2)) };
      return renderForm(request, reply, organisationId, { values: more });
    }
    const form = await rates.rateForm(actorOf(request), organisationId);
    const parsed = parseRatesForm(values, form.today);
    if (!parsed.ok)
      return renderForm(request, reply, organisationId, { values, errors: parsed.issues });
    const set = await rates.setRates(actorOf(request), organisationId, parsed.value);
    if (!set.ok) return renderForm(request, reply, organisationId, { values, errors: set.issues });
    keepFlash(request, 'set');
    return reply.redirect(`/money/rates/${organisationId}`, 303);
  });

  /** The page to confirm withdrawing a version; one in force says why it cannot be (409). */
  const renderWithdraw = async (request: FastifyRequest, reply: FastifyReply, refused = false) => {
    const { organisationId, versionId } = parsedOr404(versionParams, request.params);
    const { organisation, version, inForce } = await rates.versionToWithdraw(
      actorOf(request),
      organisationId,
      versionId,
    );
    if (refused || inForce) reply.code(refused ? 409 : 200);
    return reply.render(view('withdraw'), {
      pageTitle: request.t('rates:withdraw.title', {
        date: formatDate(version.effectiveFrom, request.lang),
      }),
      organisationName: local(request.lang, organisation.name_en, organisation.name_cy),
      organisationId,
      versionId,
      inForce,
    });
  };

  app.get('/money/rates/:organisationId/versions/:versionId/withdraw', guarded, (request, reply) =>
    renderWithdraw(request, reply),
  );

  app.post(
    '/money/rates/:organisationId/versions/:versionId/withdraw',
    guarded,
    async (request, reply) => {
      const { organisationId, versionId } = parsedOr404(versionParams, request.params);
      const withdrawn = await rates.withdrawVersion(actorOf(request), organisationId, versionId);
      if (!withdrawn) return renderWithdraw(request, reply, true);
      keepFlash(request, 'withdrawn');
      return reply.redirect(`/money/rates/${organisationId}`, 303);
    },
  );
};
