import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { type Issue } from '#platform/validation/index.ts';
import { formatPence, parsePounds } from '../pence.ts';
import { errorsShown, renderConflict } from '../forms.ts';
import { claimNumber } from './repository.ts';
import { claimParams, versionForm } from './schema.ts';

const view = (name: string) => `money/claims/views/${name}.njk`;

/** Settling an advance after the day: what was actually spent, and the difference. */
export const advanceRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { claims } = services;
  const claimIdOf = (request: FastifyRequest) => {
    const parsed = claimParams.safeParse(request.params);
    if (!parsed.success) throw new HttpError(404);
    return parsed.data.claimId;
  };

  const render = async (request: FastifyRequest, reply: FastifyReply, issues?: Issue[]) => {
    const { t, lang } = request;
    const { claim, settleable } = await claims.advanceFor(actorOf(request), claimIdOf(request));
    const shown = errorsShown(request, reply, issues);
    const spent = claim.advanceSpentPence;
    const difference = spent === null ? null : spent - claim.expensesPence;
    return reply.render(view('advance'), {
      pageTitle: t('claims:advance.title', { number: claimNumber(claim.number) }),
      claimId: claim.id,
      version: claim.version,
      settleable,
      settled: spent !== null,
      rows: [
        ['advanced', formatPence(claim.expensesPence, lang)],
        ...(spent === null || difference === null
          ? []
          : [
              ['spent', formatPence(spent, lang)],
              [
                'difference',
                difference > 0
                  ? t('claims:advance.owed', { amount: formatPence(difference, lang) })
                  : difference < 0
                    ? t('claims:advance.back', { amount: formatPence(-difference, lang) })
                    : t('claims:advance.even'),
              ],
            ]),
      ].map(([key, value]) => ({
        key: { text: t(`claims:advance.${key!}`) },
        value: { text: value },
      })),
      values: request.form ?? {},
      ...shown,
    });
  };

  app.get('/money/claims/:claimId/advance', guarded, (request, reply) => render(request, reply));

  app.post('/money/claims/:claimId/advance', guarded, async (request, reply) => {
    const claimId = claimIdOf(request);
    const spent = parsePounds(typeof request.form.spent === 'string' ? request.form.spent : '');
    if (spent === null || spent < 0)
      return render(request, reply, [{ field: 'spent', message: 'claims:advance.errors.spent' }]);
    const version = versionForm.safeParse(request.form);
    const settled = await claims.settleAdvance(
      actorOf(request),
      claimId,
      version.success ? version.data.version : 0,
      spent,
    );
    if (!settled)
      return renderConflict(request, reply, view('changed'), 'claims:changed.title', { claimId });
    return reply.redirect(`/money/claims/${claimId}/advance`, 303);
  });
};
