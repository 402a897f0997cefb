import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { local } from '#platform/i18n/i18n.ts';
import type { Services } from '#platform/modules/contract.ts';
import { personGuarded, personOf } from '#platform/http/guards.ts';
import { keepFlash } from '#platform/http/flash.ts';
import { HttpError } from '#platform/http/errors.ts';
import { pagination } from '#platform/http/pagination.ts';
import { formatDate } from '#platform/views/views.ts';
import { type Form, type Issue } from '#platform/validation/index.ts';
import { dayValues, vehicleItems } from '../claims/form.ts';
import { purposeItems } from '../claims/purposes.ts';
import { errorsShown, flashText, renderConflict } from '../forms.ts';
import { claimNumber } from '../claims/repository.ts';
import { showView } from './present.ts';
import { formatPence } from '../pence.ts';
import {
  claimParams,
  pageQuery,
  parseOwnClaim,
  portalKinds,
  PORTAL_LINES,
  versionForm,
} from './schema.ts';

const view = (name: string) => `money/portal-claims/views/${name}.njk`;

/** The person's expense claims in the portal: their list, a new claim, a claim, send, withdraw. */
export const portalClaimsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const service = services.portalClaims;

  app.get('/portal/claims', personGuarded, async (request, reply) => {
    const { t, lang } = request;
    const { page } = pageQuery.parse(request.query);
    const found = await service.ownClaims(personOf(request).id, page);
    const flash = await flashText(services.sessions, request, 'portalClaims');
    return reply.render(view('list'), {
      pageTitle: t('portalClaims:title'),
      flash,
      claims: found.rows.map((row) => ({
        href: `/portal/claims/${row.id}`,
        number: claimNumber(row.number),
        day: formatDate(row.occurredOn, lang),
        organisation: local(request.lang, row.organisationNameEn, row.organisationNameCy),
        status: t(`claims:statuses.${row.status}`),
        total: formatPence(row.totalPence, lang),
      })),
      pagination: pagination(
        t,
        (n) => `/portal/claims${n > 1 ? `?page=${String(n)}` : ''}`,
        found.page,
        found.pageCount,
      ),
    });
  });

  const renderNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Form,
    issues?: Issue[],
  ) => {
    const { t, lang } = request;
    const personId = personOf(request).id;
    const organisations = await service.organisationsOf(personId);
    const purposes = await service.purposesOf(
      personId,
      organisations.map((o) => o.id),
    );
    const shown = errorsShown(request, reply, issues, { occurredOn: 'occurredOn-day', for: 'for' });
    const value = (field: string) => (typeof values[field] === 'string' ? values[field] : '');
    return reply.render(view('new'), {
      pageTitle: t('portalClaims:new.title'),
      values,
      ...shown,
      // what it was for, when they took part in something we know of
      purposes:
        purposes.meetings.length + purposes.records.length + purposes.opportunities.length
          ? purposeItems(t, lang, purposes, value('for'))
          : null,
      organisations: organisations.map((o) => ({
        value: o.id,
        text: local(request.lang, o.nameEn, o.nameCy),
        checked: value('organisationId') === o.id,
      })),
      lines: Array.from({ length: PORTAL_LINES }, (_, i) => {
        const n = i + 1;
        return {
          n,
          error: shown.errors[`line-${n}`],
          kinds: [
            { value: '', text: t('portalClaims:new.choose') },
            ...portalKinds.map((k) => ({
              value: k,
              text: t(`claims:kinds.${k}`),
              selected: value(`kind-${n}`) === k,
            })),
          ],
          vehicles: vehicleItems(t, value(`vehicle-${n}`)),
          amount: value(`amount-${n}`),
          miles: value(`miles-${n}`),
          reason: value(`reason-${n}`),
        };
      }),
    });
  };

  app.get('/portal/claims/new', personGuarded, async (request, reply) =>
    renderNew(request, reply, dayValues(service.today())),
  );

  app.post('/portal/claims/new', personGuarded, async (request, reply) => {
    const personId = personOf(request).id;
    const values = request.form;
    const organisations = await service.organisationsOf(personId);
    const parsed = parseOwnClaim(
      values,
      organisations.map((o) => o.id),
    );
    if (!parsed.ok) return renderNew(request, reply, values, parsed.issues);
    const made = await service.makeClaim(personId, parsed.value);
    if (!made.ok) return renderNew(request, reply, values, made.issues);
    if (values.action === 'submit') {
      await service.changeOwnClaim(personId, made.value, 1, 'submit');
      keepFlash(request, 'sent');
    } else keepFlash(request, 'saved');
    return reply.redirect(`/portal/claims/${made.value}`, 303);
  });

  const claimIdOf = (request: FastifyRequest) => {
    const params = claimParams.safeParse(request.params);
    if (!params.success) throw new HttpError(404);
    return params.data.claimId;
  };

  app.get('/portal/claims/:claimId', personGuarded, async (request, reply) => {
    const claim = await service.ownClaim(personOf(request).id, claimIdOf(request));
    const flash = await flashText(services.sessions, request, 'portalClaims');
    return reply.render(view('show'), {
      ...showView(request, claim),
      flash,
    });
  });

  for (const change of ['submit', 'withdraw'] as const) {
    app.post(`/portal/claims/:claimId/${change}`, personGuarded, async (request, reply) => {
      const claimId = claimIdOf(request);
      const form = versionForm.safeParse(request.form);
      const moved = await service.changeOwnClaim(
        personOf(request).id,
        claimId,
        form.success ? form.data.version : 0,
        change,
      );
      if (!moved)
        return renderConflict(request, reply, view('changed'), 'portalClaims:changed.title', {
          claimId,
        });
      keepFlash(request, change === 'submit' ? 'sent' : 'withdrawn');
      return reply.redirect(`/portal/claims/${claimId}`, 303);
    });
  }
};
