import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { sql } from 'kysely';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { keepFlash, takeFlash } from '#platform/http/flash.ts';
import { parseDayMonthYear } from '#platform/validation/dates.ts';
import { choices, formErrors, type Form, type Issue } from '#platform/validation/index.ts';
import { formatDate } from '#platform/views/views.ts';
import { nations } from '../settings/schema.ts';
import { trimmedField as text } from '#platform/validation/form.ts';

/**
 * Bank holidays by UK nation (`/feedback/holidays`), which complaint deadlines skip: shipped for
 * the coming years, kept up to date by platform administrators (a new year's, a one-off day).
 */
export const holidaysRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { db, audit } = services;
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
    const rows = await db
      .selectFrom('working_day_holidays')
      .select([
        'nation',
        sql<string>`day::text`.as('day'),
        'name_en as nameEn',
        'name_cy as nameCy',
      ])
      .where(sql<boolean>`day >= date_trunc('year', now())::date`)
      .orderBy('nation')
      .orderBy('day')
      .execute();
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
    const form = request.form;
    const issues: Issue[] = [];
    const nation = nations.find((n) => n === text(form, 'nation'));
    if (!nation) issues.push({ field: 'nation', message: 'feedback:errors.nation' });
    const day = parseDayMonthYear(
      text(form, 'day-day'),
      text(form, 'day-month'),
      text(form, 'day-year'),
    );
    if (!day) issues.push({ field: 'day', message: 'feedback:errors.holidayDay' });
    for (const field of ['nameEn', 'nameCy'])
      if (!text(form, field) || text(form, field).length > 100)
        issues.push({
          field,
          message: `feedback:errors.holiday${field === 'nameEn' ? 'En' : 'Cy'}`,
        });
    if (issues.length) return render(request, reply, form, issues);
    await db
      .insertInto('working_day_holidays')
      .values({
        nation: nation!,
        day: day!,
        name_en: text(form, 'nameEn'),
        name_cy: text(form, 'nameCy'),
      })
      .onConflict((oc) =>
        oc
          .columns(['nation', 'day'])
          .doUpdateSet({ name_en: text(form, 'nameEn'), name_cy: text(form, 'nameCy') }),
      )
      .execute();
    await audit.record({
      actorAccountId: actor.id,
      action: 'feedback.holiday_added',
      details: { nation, day },
    });
    keepFlash(request, 'added');
    return reply.redirect('/feedback/holidays', 303);
  });

  app.post('/feedback/holidays/remove', guarded, async (request, reply) => {
    const actor = platformAdmin(request);
    const nation = nations.find((n) => n === text(request.form, 'nation'));
    const day = text(request.form, 'day');
    if (!nation || !/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new HttpError(400);
    const removed = await db
      .deleteFrom('working_day_holidays')
      .where('nation', '=', nation)
      .where('day', '=', day)
      .returning('day')
      .executeTakeFirst();
    if (!removed) throw new HttpError(404);
    await audit.record({
      actorAccountId: actor.id,
      action: 'feedback.holiday_removed',
      details: { nation, day },
    });
    keepFlash(request, 'removed');
    return reply.redirect('/feedback/holidays', 303);
  });
};
