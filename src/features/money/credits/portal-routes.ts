import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { personGuarded, personOf } from '#platform/http/guards.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import { keepFlash, takeFlash } from '#platform/http/flash.ts';
import { pagination } from '#platform/http/pagination.ts';
import { type Issue, type Result } from '#platform/validation/index.ts';
import { errorsShown } from '../forms.ts';
import { credits, entryRow, offerItems, view } from './present.ts';
import { local } from '#platform/i18n/i18n.ts';
import { organisationParams, pageQuery, parseChoice, parseDonateForm } from './schema.ts';

/** The people's portal: my time credits, spending them on an offer, donating them. */
export const creditsPortalRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const portal = services.creditsPortal;

  app.get('/portal/credits', personGuarded, async (request, reply) => {
    const person = personOf(request);
    const { page } = pageQuery.parse(request.query);
    const { t } = request;
    const key = await takeFlash<string>(services.sessions, request);
    const found = await portal.ownCredits(person, page);
    const schemes = found.accounts.map((a) => ({
      id: a.organisationId,
      name: local(request.lang, a.nameEn, a.nameCy),
      balance: credits(t, a.balance),
      enabled: a.enabled,
      donations: a.donationsAllowed,
    }));
    if (found.ownScheme)
      schemes.push({
        id: found.ownScheme.organisationId,
        name: t('credits:portal.ownScheme'),
        balance: credits(t, 0),
        enabled: found.ownScheme.enabled,
        donations: found.ownScheme.donationsAllowed,
      });
    return reply.render(view('portal'), {
      pageTitle: t('credits:portal.title'),
      flash: key ? t(`credits:flash.${key}`) : undefined,
      schemes,
      entries: found.entries.map((e) => entryRow(request, e, false)),
      offers: found.offers.map((o) => ({
        title: local(request.lang, o.titleEn, o.titleCy),
        cost: credits(t, o.cost),
        href: `/portal/credits/${o.organisationId}/spend`,
      })),
      pagination: pagination(
        t,
        (n) => `/portal/credits${n > 1 ? `?page=${n}` : ''}`,
        found.page,
        found.pageCount,
      ),
    });
  });

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    move: 'spend' | 'donate',
    errors?: Issue[],
  ) => {
    const { organisationId } = parsedOr404(organisationParams, request.params);
    const { t } = request;
    const form = await portal.ownForm(personOf(request), organisationId);
    const shown = errorsShown(request, reply, errors);
    const values = request.method === 'POST' ? request.form : {};
    const allowed = form.scheme.enabled && (move === 'spend' || form.scheme.donationsAllowed);
    return reply.render(view('portal-move'), {
      pageTitle: t(`credits:portal.${move}.title`),
      organisationName: local(request.lang, form.organisation.name_en, form.organisation.name_cy),
      move,
      allowed,
      action: `/portal/credits/${organisationId}/${move}`,
      balance: credits(t, form.balance),
      offers: offerItems(request, form.offers, values.offerId),
      values,
      ...shown,
    });
  };

  for (const move of ['spend', 'donate'] as const) {
    const url = `/portal/credits/:organisationId/${move}`;
    app.get(url, personGuarded, (request, reply) => render(request, reply, move));
    app.post(url, personGuarded, async (request, reply) => {
      const { organisationId } = parsedOr404(organisationParams, request.params);
      const person = personOf(request);
      let done: Result<string>;
      if (move === 'spend') {
        const offer = parseChoice(request.form, 'offerId', 'credits:errors.offer');
        done = offer.ok ? await portal.spend(person, organisationId, offer.value) : offer;
      } else {
        const parsed = parseDonateForm(request.form);
        done = parsed.ok
          ? await portal.donate(person, organisationId, parsed.value.amount)
          : parsed;
      }
      if (!done.ok) return render(request, reply, move, done.issues);
      keepFlash(request, move === 'spend' ? 'spentOwn' : 'donatedOwn');
      return reply.redirect('/portal/credits', 303);
    });
  }
};
