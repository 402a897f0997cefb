import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import { keepFlash } from '#platform/http/flash.ts';
import type { Permission } from '#platform/permissions/policy.ts';
import { type Issue, type Result } from '#platform/validation/index.ts';
import { errorsShown } from '../forms.ts';
import { base, credits, offerItems, view } from './present.ts';
import { local } from '#platform/i18n/i18n.ts';
import {
  parseAdjustForm,
  parseChoice,
  parseDonateForm,
  parseTransferForm,
  personParams,
} from './schema.ts';

/** The ways staff move a person's credits, and the permission each needs. */
export const moves = {
  spend: 'money.claim',
  transfer: 'money.claim',
  donate: 'money.claim',
  adjust: 'money.approve',
} as const satisfies Record<string, Permission>;
export type MoveName = keyof typeof moves;

/** Spend on an offer, transfer, donate and adjust, on a person's behalf: a form and its POST. */
export async function moveRoutes(app: FastifyInstance, services: Services) {
  const { credits: service } = services;
  const params = (request: FastifyRequest) => parsedOr404(personParams, request.params);

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    move: MoveName,
    errors?: Issue[],
  ) => {
    const { organisationId, personId } = params(request);
    const { t } = request;
    const form = await service.moveForm(actorOf(request), organisationId, personId, moves[move]);
    const shown = errorsShown(request, reply, errors);
    const values = request.method === 'POST' ? request.form : {};
    const allowed =
      form.scheme.enabled &&
      (move === 'transfer'
        ? form.scheme.transfersAllowed
        : move === 'donate'
          ? form.scheme.donationsAllowed
          : true);
    return reply.render(view('move'), {
      pageTitle: t(`credits:move.${move}.title`, { name: form.name }),
      organisationName: local(request.lang, form.organisation.name_en, form.organisation.name_cy),
      move,
      allowed: allowed || move === 'adjust',
      action: `${base(organisationId)}/people/${personId}/${move}`,
      back: `${base(organisationId)}/people/${personId}`,
      balance: credits(t, form.balance),
      offers: offerItems(request, form.offers, values.offerId),
      recipients: [
        { value: '', text: t('credits:move.transfer.choose') },
        ...form.recipients.map((r) => ({
          value: r.id,
          text: r.name,
          selected: values.toPersonId === r.id,
        })),
      ],
      values,
      ...shown,
    });
  };

  const commit = async (request: FastifyRequest, move: MoveName): Promise<Result<string>> => {
    const { organisationId, personId } = params(request);
    const actor = actorOf(request);
    const form = request.form;
    switch (move) {
      case 'spend': {
        const offer = parseChoice(form, 'offerId', 'credits:errors.offer');
        return offer.ok ? service.spend(actor, organisationId, personId, offer.value) : offer;
      }
      case 'transfer': {
        const parsed = parseTransferForm(form);
        return parsed.ok ? service.transfer(actor, organisationId, personId, parsed.value) : parsed;
      }
      case 'donate': {
        const parsed = parseDonateForm(form);
        return parsed.ok ? service.donate(actor, organisationId, personId, parsed.value) : parsed;
      }
      case 'adjust': {
        const parsed = parseAdjustForm(form);
        return parsed.ok ? service.adjust(actor, organisationId, personId, parsed.value) : parsed;
      }
    }
  };

  for (const move of Object.keys(moves) as MoveName[]) {
    const url = `/money/credits/:organisationId/people/:personId/${move}`;
    app.get(url, guarded, (request, reply) => render(request, reply, move));
    app.post(url, guarded, async (request, reply) => {
      const done = await commit(request, move);
      if (!done.ok) return render(request, reply, move, done.issues);
      const { organisationId, personId } = params(request);
      keepFlash(request, move);
      return reply.redirect(`${base(organisationId)}/people/${personId}`, 303);
    });
  }
}
