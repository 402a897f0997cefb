import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { local } from '#platform/i18n/i18n.ts';
import type { Services } from '#platform/modules/contract.ts';
import { flashMessages } from '#platform/http/flash.ts';
import { actorOf, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import { idOf } from '#platform/http/params.ts';
import { pageHref, pagination } from '#platform/http/pagination.ts';
import { formErrors } from '#platform/validation/index.ts';
import { formatDate } from '#platform/views/views.ts';
import { replies } from '../tables.ts';
import { changeRoutes } from './change-routes.ts';
import { renderMeetingForm, view } from './form-page.ts';
import { MEETINGS_PAGE_SIZE } from './repository.ts';
import {
  checklistSummary,
  defaultValues,
  detailRows,
  duration,
  londonTime,
  placeText,
  problemIssues,
  whenText,
} from './present.ts';
import { listQuery, newQuery, parseMeetingForm, str } from './schema.ts';

/** The meetings list, scheduling, and a meeting's page; changes are in change-routes.ts. */
export const meetingsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { meetings, proofing, sessions } = services;
  const flashes = flashMessages(sessions);

  app.get('/meetings', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'meeting.view');
    const { t, lang } = request;
    const query = listQuery.parse(request.query);
    const organisations = await meetings.organisationsToView(actor);
    const organisation = organisations.find((o) => o.id === query.organisation)?.id;
    const rows = await meetings.listMeetings(
      actor,
      query.when,
      query.page,
      undefined,
      organisation,
    );
    const params: Record<string, string> = {};
    if (query.when === 'past') params.when = 'past';
    if (organisation) params.organisation = organisation;
    const more = rows.length > MEETINGS_PAGE_SIZE;
    const tab = (when: 'upcoming' | 'past') => ({
      text: t(`meetings:pages.list.${when}`),
      href: pageHref('/meetings', {
        ...(when === 'past' ? { when } : {}),
        ...(organisation ? { organisation } : {}),
      })(1),
      current: query.when === when,
    });
    return reply.render(view('list'), {
      pageTitle: t('meetings:pages.list.title'),
      canSchedule: meetings.mayManageAnywhere(actor),
      tabs: [tab('upcoming'), tab('past')],
      when: query.when,
      filtered: organisation !== undefined,
      organisations: [
        { value: '', text: t('meetings:pages.list.anyOrganisation') },
        ...organisations.map((o) => ({
          value: o.id,
          text: local(lang, o.nameEn, o.nameCy),
          selected: o.id === organisation,
        })),
      ],
      rows: rows.slice(0, MEETINGS_PAGE_SIZE).map((m) => ({
        id: m.id,
        title: local(lang, m.titleEn, m.titleCy),
        kind: t(`meetings:kinds.${m.kind}`),
        when: whenText(t, lang, m.startsAt, m.endsAt),
        place: placeText(t, m),
        invitees: t('meetings:pages.list.invitees', { count: Number(m.inviteeCount ?? 0) }),
        cancelled: m.status === 'cancelled',
      })),
      pagination: pagination(
        t,
        pageHref('/meetings', params),
        query.page,
        more ? query.page + 1 : query.page,
        'meetings:pages.list.pagination',
      ),
      ...(await flashes.take(request)),
    });
  });

  /** The organisations the actor may schedule at, and the one chosen (by the address or alone). */
  async function chosenOrganisation(request: FastifyRequest, id: string | undefined) {
    const actor = authoriseAnywhere(request, 'meeting.manage');
    const organisations = await meetings.organisationsToManage(actor);
    const chosen =
      organisations.find((o) => o.id === id) ??
      (organisations.length === 1 ? organisations[0] : undefined);
    return { organisations, chosen };
  }

  app.get('/meetings/new', guarded, async (request, reply) => {
    const query = newQuery.parse(request.query);
    const { organisations, chosen } = await chosenOrganisation(request, query.organisation);
    const { t, lang } = request;
    if (!chosen) {
      const refused = query.organisation !== undefined;
      const errors = formErrors(
        t,
        refused ? [{ field: 'organisation', message: 'meetings:pages.errors.organisation' }] : [],
      );
      return reply.code(refused ? 400 : 200).render(view('organisation'), {
        pageTitle: t('meetings:pages.form.newTitle'),
        organisations: [
          { value: '', text: t('meetings:pages.form.organisation.choose') },
          ...organisations.map((o) => ({ value: o.id, text: local(lang, o.nameEn, o.nameCy) })),
        ],
        errors: errors.fields,
        errorList: errors.errorList,
      });
    }
    return renderMeetingForm(services, request, reply, {
      organisation: chosen,
      values: defaultValues(chosen.id),
    });
  });

  app.post('/meetings/new', guarded, async (request, reply) => {
    const values = request.form;
    const { chosen } = await chosenOrganisation(request, str(values, 'organisationId'));
    if (!chosen) return reply.redirect('/meetings/new', 303);
    const parsed = parseMeetingForm(values, { repeat: true });
    const organisation = chosen;
    if (!parsed.ok)
      return renderMeetingForm(services, request, reply, {
        organisation,
        values,
        issues: parsed.issues,
      });
    const result = await meetings.scheduleMeeting(actorOf(request), organisation.id, parsed.value);
    if (!result.ok)
      return renderMeetingForm(services, request, reply, {
        organisation,
        values,
        issues: problemIssues(result.problems),
      });
    const message = {
      key: 'meetings:pages.flash.scheduled',
      values: { count: result.meetingIds.length },
    };
    const url = `/meetings/${result.meetingIds[0]!}`;
    return reply.redirect(await flashes.redirectUrl(request, url, message), 303);
  });

  app.get('/meetings/:id', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const { t, lang } = request;
    const id = idOf(request);
    const page = await meetings.meetingPage(actor, id);
    // a summary without names: nothing about a person is shown, so nothing is audited
    const checklist = await proofing.checklist(actor, id, { ...page.proofing, named: false });
    const { meeting, papers } = page;
    const { agenda } = meeting;
    const counts = new Map(meeting.replyCounts.map((r) => [r.reply, r.n]));
    const invited = [...counts.values()].reduce((sum, n) => sum + n, 0);
    const minutes = agenda.reduce((sum, item) => sum + (item.minutes ?? 0), 0);
    const length = Math.round(
      (new Date(meeting.endsAt).getTime() - new Date(meeting.startsAt).getTime()) / 60_000,
    );
    const title = local(lang, meeting.titleEn, meeting.titleCy);
    const now = new Date();
    return reply.render(view('show'), {
      pageTitle: title,
      meeting: {
        id: meeting.id,
        title,
        cancelled: meeting.status === 'cancelled',
        consultation: meeting.kind === 'consultation_event',
        changeable: meeting.status === 'planned' && new Date(meeting.startsAt) > now,
        inSeries: meeting.seriesId !== null,
        series: meeting.repeat
          ? t('meetings:pages.show.series', {
              repeat: t(`meetings:pages.repeats.${meeting.repeat}`).toLowerCase(),
              count: Number(meeting.seriesCount ?? 0),
            })
          : '',
        previousId: meeting.previousId,
        nextId: meeting.nextId,
      },
      canManage: page.canManage,
      details: detailRows(t, lang, meeting),
      agenda: agenda.map((item) => ({
        position: item.position,
        title: local(lang, item.titleEn, item.titleCy),
        summary: local(lang, item.summaryEn, item.summaryCy),
        minutes: item.minutes ? duration(t, item.minutes) : '',
      })),
      agendaTime: t('meetings:pages.agenda.total', {
        planned: duration(t, minutes),
        length: duration(t, length),
      }),
      invited,
      replyCounts: [
        ...replies.map((r) => ({ text: t(`meetings:replies.${r}`), count: counts.get(r) ?? 0 })),
        { text: t('meetings:pages.show.noReply'), count: counts.get(null) ?? 0 },
      ],
      papers: {
        count: papers.count,
        agendaPapers: papers.agendaPapers,
        minutes: papers.minutes,
        firstUpload: papers.firstUploadedAt ? formatDate(papers.firstUploadedAt, lang) : '',
      },
      time: { start: londonTime(meeting.startsAt), end: londonTime(meeting.endsAt) },
      ...checklistSummary(t, lang, checklist.results),
      ...(await flashes.take(request)),
    });
  });

  await app.register(changeRoutes, { services });
};
