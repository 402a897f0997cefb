import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import type { FeedbackSettingsService } from './service.ts';
import { actorOf, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import { keepFlash, takeFlash } from '#platform/http/flash.ts';
import { pageHref, pagination } from '#platform/http/pagination.ts';
import { choices, formErrors, type Form, type Issue } from '#platform/validation/index.ts';
import {
  nations,
  organisationParams,
  pageQuery,
  parseInbox,
  parseSettings,
  parseTheme,
  themeParams,
} from './schema.ts';
import { suggestCode } from './service.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import { local } from '#platform/i18n/i18n.ts';

const view = (name: string) => `feedback/settings/views/${name}.njk`;
type Failed = { form: 'inbox' | 'settings' | 'theme'; issues: Issue[]; values: Form };

/** Feedback settings per organisation: its inbox, settings and themes (feedback.publish). */
export const feedbackSettingsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const settings: FeedbackSettingsService = services.feedbackSettings;
  const idOf = (request: FastifyRequest) => {
    return parsedOr404(organisationParams, request.params).organisationId;
  };

  app.get('/feedback/settings', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'feedback.publish');
    const { t, lang } = request;
    const { page } = pageQuery.parse(request.query);
    const result = await settings.organisations(actor, page);
    return reply.render(view('list'), {
      pageTitle: t('feedback:settings.title'),
      organisations: result.rows.map((o) => ({
        id: o.id,
        name: local(lang, o.nameEn, o.nameCy),
        link: o.code ? `/f/${o.code}` : t('feedback:settings.noInbox'),
        keyword: o.keyword ?? '',
        state: o.code ? t(o.enabled ? 'feedback:settings.open' : 'feedback:settings.closed') : '',
      })),
      pagination: pagination(t, pageHref('/feedback/settings', {}), result.page, result.pageCount),
    });
  });

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    failed?: Failed,
    flash?: string,
  ) => {
    const { t, lang } = request;
    const viewed = await settings.view(actorOf(request), idOf(request));
    const themes = await settings.themes(viewed.organisation.id);
    const { inbox, settings: s } = viewed;
    const own = s.setAt === viewed.organisation.id;
    const errors = formErrors(t, failed?.issues ?? []);
    if (failed) reply.code(400);
    const values = (form: Failed['form'], fallback: Form) =>
      failed?.form === form ? failed.values : fallback;
    const inboxValues = values('inbox', {
      code: inbox?.code ?? suggestCode(),
      keyword: inbox?.keyword ?? '',
      enabled: inbox && !inbox.enabled ? 'no' : 'yes',
    });
    const settingsValues = values('settings', {
      acknowledgeDays: String(s.acknowledgeDays),
      respondDays: String(s.respondDays),
      nation: s.nation,
      commissioner: s.commissionerOrganisationId ?? '',
      lead: s.safeguardingLeadId ?? '',
    });
    const setAtName = viewed.ancestors.find((a) => a.id === s.setAt);
    return reply.render(view('show'), {
      pageTitle: local(lang, viewed.organisation.name_en, viewed.organisation.name_cy),
      organisationId: viewed.organisation.id,
      flash: flash ? t(`feedback:settings.flash.${flash}`) : undefined,
      inbox,
      inboxValues,
      settingsValues,
      themeValues: values('theme', {}),
      inherited: own
        ? null
        : setAtName
          ? t('feedback:settings.inherited', {
              organisation: local(lang, setAtName.nameEn, setAtName.nameCy),
            })
          : t('feedback:settings.defaults'),
      nations: choices(t, nations, 'feedback:settings.nations.', String(settingsValues.nation), {
        select: true,
      }),
      commissioners: [
        { value: '', text: t('feedback:settings.noCommissioner') },
        ...viewed.ancestors.map((a) => ({
          value: a.id,
          text: local(lang, a.nameEn, a.nameCy),
          selected: a.id === settingsValues.commissioner,
        })),
      ],
      leads: [
        { value: '', text: t('feedback:settings.noLead') },
        ...viewed.leads.map((l) => ({
          value: l.id,
          text: l.name,
          selected: l.id === settingsValues.lead,
        })),
      ],
      themes: themes.map((th) => ({
        id: th.id,
        name: local(lang, th.nameEn, th.nameCy),
        archived: Boolean(th.archivedAt),
      })),
      errors: errors.fields,
      errorList: errors.errorList,
    });
  };

  app.get('/feedback/settings/:organisationId', guarded, async (request, reply) =>
    render(request, reply, undefined, await takeFlash<string>(services.sessions, request)),
  );

  const saved = (request: FastifyRequest, reply: FastifyReply, flash: string) => {
    keepFlash(request, flash);
    return reply.redirect(`/feedback/settings/${idOf(request)}`, 303);
  };

  app.post('/feedback/settings/:organisationId/inbox', guarded, async (request, reply) => {
    const parsed = parseInbox(request.form);
    if (!parsed.ok)
      return render(request, reply, { form: 'inbox', issues: parsed.issues, values: request.form });
    if (!(await settings.saveInbox(actorOf(request), idOf(request), parsed.value)))
      return render(request, reply, {
        form: 'inbox',
        issues: [{ field: 'code', message: 'feedback:errors.taken' }],
        values: request.form,
      });
    return saved(request, reply, 'inbox');
  });

  app.post('/feedback/settings/:organisationId/settings', guarded, async (request, reply) => {
    const parsed = parseSettings(request.form);
    if (!parsed.ok)
      return render(request, reply, {
        form: 'settings',
        issues: parsed.issues,
        values: request.form,
      });
    await settings.saveSettings(actorOf(request), idOf(request), parsed.value);
    return saved(request, reply, 'settings');
  });

  app.post('/feedback/settings/:organisationId/themes', guarded, async (request, reply) => {
    const parsed = parseTheme(request.form);
    if (!parsed.ok)
      return render(request, reply, { form: 'theme', issues: parsed.issues, values: request.form });
    await settings.addTheme(actorOf(request), idOf(request), parsed.value);
    return saved(request, reply, 'theme');
  });

  const themeOf = (request: FastifyRequest) => {
    return parsedOr404(themeParams, request.params);
  };
  const renderRename = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values?: Form,
    issues?: Issue[],
  ) => {
    const { t, lang } = request;
    const { organisationId, themeId } = themeOf(request);
    const { organisation, theme } = await settings.theme(actorOf(request), organisationId, themeId);
    const errors = formErrors(t, issues ?? []);
    if (issues) reply.code(400);
    return reply.render(view('theme'), {
      pageTitle: t('feedback:settings.renameTitle'),
      caption: lang === 'cy' ? organisation.name_cy || organisation.name_en : organisation.name_en,
      organisationId: organisation.id,
      action: `/feedback/settings/${organisation.id}/themes/${theme.id}`,
      values: values ?? { nameEn: theme.nameEn, nameCy: theme.nameCy },
      errors: errors.fields,
      errorList: errors.errorList,
    });
  };
  app.get('/feedback/settings/:organisationId/themes/:themeId', guarded, (request, reply) =>
    renderRename(request, reply),
  );
  app.post(
    '/feedback/settings/:organisationId/themes/:themeId',
    guarded,
    async (request, reply) => {
      const parsed = parseTheme(request.form);
      if (!parsed.ok) return renderRename(request, reply, request.form, parsed.issues);
      const { organisationId, themeId } = themeOf(request);
      await settings.renameTheme(actorOf(request), organisationId, themeId, parsed.value);
      return saved(request, reply, 'renamed');
    },
  );

  app.post(
    '/feedback/settings/:organisationId/themes/:themeId/archive',
    guarded,
    async (request, reply) => {
      const { organisationId, themeId } = themeOf(request);
      const archived = request.form.archived !== 'no';
      await settings.archiveTheme(actorOf(request), organisationId, themeId, archived);
      return saved(request, reply, archived ? 'archived' : 'restored');
    },
  );
};
