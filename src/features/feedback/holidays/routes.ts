import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { keepFlash, takeFlash } from '#platform/http/flash.ts';
import { choices, formErrors, type Form, type Issue } from '#platform/validation/index.ts';
import { formatDate } from '#platform/views/views.ts';
import { nations } from '../settings/schema.ts';
import { parseHoliday, parseRemoval } from './schema.ts';

/**
 * Bank holidays by UK nation (`/feedback/holidays`), which complaint deadlines skip: shipped for
 * the coming years, kept up to date by platform administrators (a new year's, a one-off day).
 */
export const holidaysRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { holidays } = services;
  const platformAdmin = (request: FastifyRequest) => {
    const actor = actorOf(request);
    if (!actor.platformAdmin) throw new HttpError(403);
    return actor;
  };

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Form = {},
    issues?: Issue[],
    flash?: string,
  ) => {
    platformAdmin(request);
    const { t, lang } = request;
    const rows = await holidays.upcoming();
    const errors = formErrors(t, issues ?? [], { day: 'day-day' });
    if (issues) reply.code(400);
    return reply.render('feedback/holidays/views/list.njk', {
      pageTitle: t('feedback:holidays.title'),
      flash: flash ? t(`feedback:holidays.flash.${flash}`) : undefined,
      holidays: rows.map((h) => ({
        ...h,
        nationName: t(`feedback:settings.nations.${h.nation}`),
        date: formatDate(h.day, lang),
        name: lang === 'cy' ? h.nameCy : h.nameEn,
      })),
      nations: choices(
        t,
        nations,
        'feedback:settings.nations.',
        typeof values.nation === 'string' ? values.nation : 'england-and-wales',
        { select: true },
      ),
      values,
      errors: errors.fields,
      errorList: errors.errorList,
    });
  };

  app.get('/feedback/holidays', guarded, async (request, reply) =>
    render(request, reply, {}, undefined, await takeFlash<string>(services.sessions, request)),
  );

  app.post('/feedback/holidays', guarded, async (request, reply) => {
    const actor = platformAdmin(request);
    const parsed = parseHoliday(request.form);
    if (!parsed.ok) return render(request, reply, request.form, parsed.issues);
    await holidays.add(actor, parsed.value);
    keepFlash(request, 'added');
    return reply.redirect('/feedback/holidays', 303);
  });

  app.post('/feedback/holidays/remove', guarded, async (request, reply) => {
    const actor = platformAdmin(request);
    const removal = parseRemoval(request.form);
    if (!removal) throw new HttpError(400);
    if (!(await holidays.remove(actor, removal.nation, removal.day))) throw new HttpError(404);
    keepFlash(request, 'removed');
    return reply.redirect('/feedback/holidays', 303);
  });
};
