import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import { keepFlash } from '#platform/http/flash.ts';
import { pagination } from '#platform/http/pagination.ts';
import { formatDate } from '#platform/views/views.ts';
import { type Form, type Issue, type Result } from '#platform/validation/index.ts';
import { errorsShown, flashText } from '../forms.ts';
import { creditsField, creditsForHours, formatCredits } from './credits.ts';
import { base, credits, entryRow, schemeRows, view } from './present.ts';
import { local } from '#platform/i18n/i18n.ts';
import {
  entryParams,
  offerParams,
  organisationParams,
  pageQuery,
  parseChoice,
  parseOfferForm,
  parseReverseForm,
  parseSchemeForm,
  personParams,
} from './schema.ts';
import { moveRoutes } from './move-routes.ts';

/** Staff pages: the schemes, one scheme (offers, people, involvement waiting), its settings. */
export const creditsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { credits: service } = services;

  app.get('/money/credits', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'money.view');
    const { page } = pageQuery.parse(request.query);
    const { t } = request;
    const result = await service.listOrganisations(actor, page);
    return reply.render(view('organisations'), {
      pageTitle: t('credits:list.title'),
      total: result.total,
      rows: result.rows.map((o) => ({
        id: o.id,
        name: local(request.lang, o.nameEn, o.nameCy),
        scheme:
          o.enabled === null
            ? t('credits:list.none')
            : t(o.enabled ? 'credits:list.on' : 'credits:list.off', { count: o.accounts }),
      })),
      pagination: pagination(
        t,
        (n) => (n > 1 ? `/money/credits?page=${n}` : '/money/credits'),
        result.page,
        result.pageCount,
      ),
    });
  });

  app.get('/money/credits/:organisationId', guarded, async (request, reply) => {
    const { organisationId } = parsedOr404(organisationParams, request.params);
    const { page } = pageQuery.parse(request.query);
    const { t, lang } = request;
    const found = await service.viewScheme(actorOf(request), organisationId, page);
    const name = local(request.lang, found.organisation.name_en, found.organisation.name_cy);
    const perHour = found.scheme?.creditsPerHour ?? 100;
    return reply.render(view('scheme'), {
      pageTitle: t('credits:scheme.title', { organisation: name }),
      organisationName: name,
      organisationId,
      flash: await flashText(services.sessions, request, 'credits'),
      scheme: found.scheme,
      schemeRows: found.scheme ? schemeRows(t, found.scheme) : [],
      may: found.may,
      donated: found.scheme ? credits(t, found.donated ?? 0) : '',
      offers: found.offers.map((o) => ({
        id: o.id,
        title: local(request.lang, o.titleEn, o.titleCy),
        cost: credits(t, o.cost),
        status: t(o.retired ? 'credits:offers.retired' : 'credits:offers.active'),
      })),
      people: found.people && {
        total: found.people.total,
        rows: found.people.rows.map((p) => ({
          id: p.personId,
          name: p.name,
          balance: formatCredits(p.balance),
        })),
        pagination: pagination(
          t,
          (n) => `${base(organisationId)}${n > 1 ? `?page=${n}` : ''}`,
          found.people.page,
          found.people.pageCount,
        ),
      },
      waiting: found.waiting.map((r) => ({
        id: r.id,
        personId: r.personId,
        name: r.displayName,
        date: formatDate(r.tookPartOn, lang),
        what: local(request.lang, r.titleEn ?? r.role, r.titleCy),
        credits: credits(t, creditsForHours(r.hoursHundredths, perHour)),
      })),
    });
  });

  const renderSchemeForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    organisationId: string,
    options: { values?: Form; errors?: Issue[] } = {},
  ) => {
    const { t } = request;
    const form = await service.schemeForm(actorOf(request), organisationId);
    const s = form.scheme;
    const allowed = [
      ...(s.transfersAllowed ? ['transfers'] : []),
      ...(s.donationsAllowed ? ['donations'] : []),
    ];
    const values = options.values ?? {
      enabled: s.enabled ? 'yes' : 'no',
      creditsPerHour: creditsField(s.creditsPerHour),
      minBalance: creditsField(-s.minBalance),
      allowed,
    };
    const shown = errorsShown(request, reply, options.errors);
    const chosen = Array.isArray(values.allowed) ? values.allowed : [values.allowed ?? ''];
    const name = local(request.lang, form.organisation.name_en, form.organisation.name_cy);
    return reply.render(view('scheme-form'), {
      pageTitle: t(form.exists ? 'credits:schemeForm.change' : 'credits:schemeForm.setUp'),
      organisationName: name,
      organisationId,
      values,
      allowed: ['transfers', 'donations'].map((v) => ({
        value: v,
        text: t(`credits:schemeForm.allowed.${v}`),
        checked: chosen.includes(v),
      })),
      ...shown,
    });
  };

  app.get('/money/credits/:organisationId/scheme', guarded, async (request, reply) => {
    const { organisationId } = parsedOr404(organisationParams, request.params);
    return renderSchemeForm(request, reply, organisationId);
  });

  app.post('/money/credits/:organisationId/scheme', guarded, async (request, reply) => {
    const { organisationId } = parsedOr404(organisationParams, request.params);
    const values = request.form;
    const parsed = parseSchemeForm(values);
    const saved = parsed.ok
      ? await service.saveScheme(actorOf(request), organisationId, parsed.value)
      : parsed;
    if (!saved.ok)
      return renderSchemeForm(request, reply, organisationId, { values, errors: saved.issues });
    keepFlash(request, 'scheme');
    return reply.redirect(base(organisationId), 303);
  });

  const renderOfferForm = async (
    request: FastifyRequest,
    reply: FastifyReply,
    organisationId: string,
    offerId: string | null,
    options: { values?: Form; errors?: Issue[] } = {},
  ) => {
    const { t } = request;
    const { organisation, offer } = await service.offerForm(
      actorOf(request),
      organisationId,
      offerId,
    );
    const values = options.values ?? {
      titleEn: offer?.titleEn ?? '',
      titleCy: offer?.titleCy ?? '',
      cost: creditsField(offer?.cost),
      status: offer?.retired ? 'retired' : 'active',
    };
    const shown = errorsShown(request, reply, options.errors);
    return reply.render(view('offer-form'), {
      pageTitle: t(offer ? 'credits:offerForm.change' : 'credits:offerForm.add'),
      organisationName: local(request.lang, organisation.name_en, organisation.name_cy),
      organisationId,
      action: offer
        ? `${base(organisationId)}/offers/${offer.id}`
        : `${base(organisationId)}/offers/new`,
      editing: !!offer,
      values,
      ...shown,
    });
  };

  app.get('/money/credits/:organisationId/offers/new', guarded, async (request, reply) => {
    const { organisationId } = parsedOr404(organisationParams, request.params);
    return renderOfferForm(request, reply, organisationId, null);
  });

  app.get('/money/credits/:organisationId/offers/:offerId', guarded, async (request, reply) => {
    const { organisationId, offerId } = parsedOr404(offerParams, request.params);
    return renderOfferForm(request, reply, organisationId, offerId);
  });

  const saveOffer = async (
    request: FastifyRequest,
    reply: FastifyReply,
    organisationId: string,
    offerId: string | null,
  ) => {
    const values = request.form;
    const parsed = parseOfferForm(values);
    if (!parsed.ok)
      return renderOfferForm(request, reply, organisationId, offerId, {
        values,
        errors: parsed.issues,
      });
    await service.saveOffer(actorOf(request), organisationId, offerId, parsed.value);
    keepFlash(request, offerId ? 'offerChanged' : 'offerAdded');
    return reply.redirect(base(organisationId), 303);
  };

  app.post('/money/credits/:organisationId/offers/new', guarded, async (request, reply) => {
    const { organisationId } = parsedOr404(organisationParams, request.params);
    return saveOffer(request, reply, organisationId, null);
  });

  app.post('/money/credits/:organisationId/offers/:offerId', guarded, async (request, reply) => {
    const { organisationId, offerId } = parsedOr404(offerParams, request.params);
    return saveOffer(request, reply, organisationId, offerId);
  });

  app.post('/money/credits/:organisationId/award', guarded, async (request, reply) => {
    const { organisationId } = parsedOr404(organisationParams, request.params);
    const chosen = parseChoice(request.form, 'involvementRecordId', 'credits:errors.noRecord');
    const awarded = chosen.ok
      ? await service.award(actorOf(request), organisationId, chosen.value)
      : chosen;
    if (!awarded.ok) {
      reply.code(400);
      return reply.render(view('refused'), {
        pageTitle: request.t('credits:refused.title'),
        message: request.t(awarded.issues[0]?.message ?? 'credits:errors.refused'),
        back: base(organisationId),
      });
    }
    keepFlash(request, 'awarded');
    return reply.redirect(`${base(organisationId)}/people/${awarded.value.personId}`, 303);
  });

  app.get('/money/credits/:organisationId/people/:personId', guarded, async (request, reply) => {
    const { organisationId, personId } = parsedOr404(personParams, request.params);
    const { page } = pageQuery.parse(request.query);
    const { t, lang } = request;
    const found = await service.viewLedger(actorOf(request), organisationId, personId, page);
    const perHour = found.scheme.creditsPerHour;
    return reply.render(view('ledger'), {
      pageTitle: t('credits:ledger.title', { name: found.name }),
      organisationName: local(request.lang, found.organisation.name_en, found.organisation.name_cy),
      organisationId,
      personId,
      flash: await flashText(services.sessions, request, 'credits'),
      balance: credits(t, found.balance),
      scheme: found.scheme,
      may: found.may,
      entries: found.entries.map((e) => ({
        ...entryRow(request, e, true),
        reversible: e.reversible,
      })),
      waiting: found.waiting.map((r) => ({
        id: r.id,
        date: formatDate(r.tookPartOn, lang),
        what: local(request.lang, r.titleEn ?? r.role, r.titleCy),
        credits: credits(t, creditsForHours(r.hoursHundredths, perHour)),
      })),
      pagination: pagination(
        t,
        (n) => `${base(organisationId)}/people/${personId}${n > 1 ? `?page=${n}` : ''}`,
        found.page,
        found.pageCount,
      ),
    });
  });

  await moveRoutes(app, services);

  const renderReverse = async (request: FastifyRequest, reply: FastifyReply, errors?: Issue[]) => {
    const { organisationId, personId, entryId } = parsedOr404(entryParams, request.params);
    const { t, lang } = request;
    const found = await service.entryToReverse(actorOf(request), organisationId, personId, entryId);
    const shown = errorsShown(request, reply, errors);
    return reply.render(view('reverse'), {
      pageTitle: t('credits:reverse.title'),
      organisationName: local(request.lang, found.organisation.name_en, found.organisation.name_cy),
      name: found.name,
      back: `${base(organisationId)}/people/${personId}`,
      entry: {
        date: formatDate(found.entry.occurredOn, lang),
        kind: t(`credits:kinds.${found.entry.kind}`),
        amount: formatCredits(found.entry.amount),
      },
      values: request.method === 'POST' ? request.form : {},
      ...shown,
    });
  };

  app.get(
    '/money/credits/:organisationId/people/:personId/entries/:entryId/reverse',
    guarded,
    (request, reply) => renderReverse(request, reply),
  );

  app.post(
    '/money/credits/:organisationId/people/:personId/entries/:entryId/reverse',
    guarded,
    async (request, reply) => {
      const { organisationId, personId, entryId } = parsedOr404(entryParams, request.params);
      const parsed = parseReverseForm(request.form);
      const done: Result<string> = parsed.ok
        ? await service.reverse(
            actorOf(request),
            organisationId,
            personId,
            entryId,
            parsed.value.reason,
          )
        : parsed;
      if (!done.ok) return renderReverse(request, reply, done.issues);
      keepFlash(request, 'reversed');
      return reply.redirect(`${base(organisationId)}/people/${personId}`, 303);
    },
  );
};
