import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { keepFlash } from '#platform/http/flash.ts';
import { HttpError } from '#platform/http/errors.ts';
import { pagination } from '#platform/http/pagination.ts';
import { formatDate } from '#platform/views/views.ts';
import { type Form, type Issue } from '#platform/validation/index.ts';
import { formatPence, poundsField } from '../pence.ts';
import { claimNumber } from '../claims/repository.ts';
import { errorsShown, flashText, renderConflict } from '../forms.ts';
import { checkText, view } from './present.ts';
import { local } from '#platform/i18n/i18n.ts';
import { claimParams, pageQuery, parseReturn } from './schema.ts';
import { ClaimChanged } from './service.ts';

const claimIdOf = (request: FastifyRequest) => {
  const parsed = claimParams.safeParse(request.params);
  if (!parsed.success) throw new HttpError(404);
  return parsed.data.claimId;
};
const versionOf = (form: Form) => {
  const value = Number(typeof form.version === 'string' ? form.version : NaN);
  return Number.isInteger(value) && value > 0 ? value : 0;
};

/** The approvals queue and a claim's approve-or-return page (money.approve). */
export const approvalRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { approval: service } = services;

  const conflict = (request: FastifyRequest, reply: FastifyReply, claimId: string) =>
    renderConflict(request, reply, view('conflict'), 'approval:conflict.title', {
      back: `/money/claims/${claimId}/approve`,
    });

  const renderClaim = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: { values?: Form; errors?: Issue[] } = {},
  ) => {
    const claimId = claimIdOf(request);
    const { t, lang } = request;
    const found = await service.viewClaim(actorOf(request), claimId);
    const { claim, decision } = found;
    const number = claimNumber(claim.number);
    const organisation = local(
      request.lang,
      found.organisation.name_en,
      found.organisation.name_cy,
    );
    const money = (p: number) => formatPence(p, lang);
    const shown = errorsShown(request, reply, options.errors);
    const check = found.check && checkText(request, found.check);
    return reply.render(view('approve'), {
      pageTitle: t('approval:title', { number }),
      who: found.name ?? organisation,
      claimId,
      claimStatus: claim.status,
      version: claim.version,
      summary: [
        {
          key: { text: t('approval:summary.person') },
          value: { text: found.name ?? t('approval:summary.hidden') },
        },
        { key: { text: t('approval:summary.organisation') }, value: { text: organisation } },
        {
          key: { text: t('approval:summary.day') },
          value: { text: formatDate(claim.occurredOn, lang) },
        },
        {
          key: { text: t('approval:summary.status') },
          value: { text: t(`approval:statuses.${claim.status}`) },
        },
        {
          key: { text: t('approval:summary.expenses') },
          value: { text: money(found.expensesPence) },
        },
        ...(found.hasPayment
          ? [
              {
                key: { text: t('approval:summary.payment') },
                value: { text: money(found.paymentPence) },
              },
            ]
          : []),
      ],
      lines: found.lines.map((l) => [
        {
          text:
            l.category === 'payment'
              ? local(request.lang, l.activityEn ?? '', l.activityCy)
              : (l.description ?? t(`approval:kinds.${l.kind}`)),
        },
        { text: t(`approval:categories.${l.category}`) },
        { text: money(l.amountPence), format: 'numeric' },
      ]),
      hasPayment: found.hasPayment,
      check,
      noProfile: found.check ? !found.check.hasProfile : false,
      checkRows: check?.totals.map((r) => [
        { text: r.period },
        { text: r.before, format: 'numeric' },
        { text: r.after, format: 'numeric' },
      ]),
      creditsPossible: found.creditsPossible,
      values: options.values ?? {
        outcome: decision.outcome ?? '',
        lowerAmount: poundsField(decision.lowerAmountPence),
        charityName: decision.charityName ?? '',
      },
      ...shown,
    });
  };

  app.get('/money/approvals', guarded, async (request, reply) => {
    const { page } = pageQuery.parse(request.query);
    const { t, lang } = request;
    const result = await service.queue(actorOf(request), page);
    const flash = await flashText(services.sessions, request, 'approval');
    return reply.render(view('queue'), {
      pageTitle: t('approval:queue.title'),
      flash,
      total: result.total,
      rows: result.rows.map((r) => [
        {
          html: `<a class="govuk-link" href="/money/claims/${r.id}/approve">${claimNumber(r.number)}</a>`,
        },
        { text: r.name ?? t('approval:summary.hidden') },
        { text: formatDate(r.occurredOn, lang) },
        { text: local(request.lang, r.organisationEn, r.organisationCy) },
      ]),
      pagination: pagination(
        t,
        (n) => (n > 1 ? `/money/approvals?page=${n}` : '/money/approvals'),
        result.page,
        result.pageCount,
      ),
    });
  });

  app.get('/money/claims/:claimId/approve', guarded, (request, reply) =>
    renderClaim(request, reply),
  );

  app.post('/money/claims/:claimId/approve', guarded, async (request, reply) => {
    const claimId = claimIdOf(request);
    const values = request.form;
    try {
      const done = await service.approve(actorOf(request), claimId, versionOf(values), values);
      if (!done.ok) return await renderClaim(request, reply, { values, errors: done.issues });
    } catch (error) {
      if (error instanceof ClaimChanged) return conflict(request, reply, claimId);
      throw error;
    }
    keepFlash(request, 'approved');
    return reply.redirect('/money/approvals', 303);
  });

  app.post('/money/claims/:claimId/return', guarded, async (request, reply) => {
    const claimId = claimIdOf(request);
    const values = request.form;
    const parsed = parseReturn(values);
    if (!parsed.ok) return renderClaim(request, reply, { values, errors: parsed.issues });
    try {
      await service.returnClaim(actorOf(request), claimId, versionOf(values), parsed.value);
    } catch (error) {
      if (error instanceof ClaimChanged) return conflict(request, reply, claimId);
      throw error;
    }
    keepFlash(request, 'returned');
    return reply.redirect('/money/approvals', 303);
  });
};
