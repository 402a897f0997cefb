import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { flashMessages } from '#platform/http/flash.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { idOf } from '#platform/http/params.ts';
import { formErrors, type Issue } from '#platform/validation/index.ts';
import type { MeetingDetails } from './details.ts';
import { duration, problemIssues, valuesOf, whenText } from './present.ts';
import { local } from '#platform/i18n/i18n.ts';
import { renderMeetingForm, view } from './form-page.ts';
import {
  agendaRowsOf,
  emptyAgendaRow,
  parseAgenda,
  parseMeetingForm,
  scopeChosen,
  str,
  type AgendaRow,
} from './schema.ts';
import { changeable } from './service.ts';

/** Empty agenda rows shown after the items, and added by "Add more rows". */
const EMPTY_ROWS = 3;

/** Changing a meeting (or it and the later ones of its series), cancelling it, its agenda. */
export const changeRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { meetings, sessions } = services;
  const flashes = flashMessages(sessions);

  /** The meeting to manage, from the address: 404 unseen, 403 without meeting.manage. */
  const managed = (request: FastifyRequest) =>
    meetings.meetingFor(actorOf(request), idOf(request), 'meeting.manage');

  const organisationOf = (meeting: MeetingDetails) => ({
    id: meeting.organisationId,
    nameEn: meeting.organisationNameEn,
    nameCy: meeting.organisationNameCy,
  });

  /** A past or cancelled meeting cannot be changed: this page says so (409). */
  const unchangeable = (request: FastifyRequest, reply: FastifyReply, meeting: MeetingDetails) =>
    reply.code(409).render(view('unchangeable'), {
      pageTitle: request.t('meetings:pages.unchangeable.title'),
      meeting: { id: meeting.id, title: local(request.lang, meeting.titleEn, meeting.titleCy) },
      reason: request.t(
        `meetings:pages.unchangeable.${meeting.status === 'cancelled' ? 'cancelled' : 'past'}`,
      ),
    });

  app.get('/meetings/:id/edit', guarded, async (request, reply) => {
    const meeting = await managed(request);
    if (!changeable(meeting)) return unchangeable(request, reply, meeting);
    return renderMeetingForm(services, request, reply, {
      organisation: organisationOf(meeting),
      values: valuesOf(meeting),
      meeting,
    });
  });

  app.post('/meetings/:id/edit', guarded, async (request, reply) => {
    const meeting = await managed(request);
    if (!changeable(meeting)) return unchangeable(request, reply, meeting);
    const values = request.form;
    const organisation = organisationOf(meeting);
    const parsed = parseMeetingForm(values, { repeat: false });
    if (!parsed.ok)
      return renderMeetingForm(services, request, reply, {
        organisation,
        values,
        issues: parsed.issues,
        meeting,
      });
    // the edit form has no repeat: a series is changed through `scope`
    const fields = parsed.value;
    const scope = meeting.seriesId ? scopeChosen(values) : 'this';
    const result = await meetings.changeMeeting(actorOf(request), meeting, fields, scope);
    if (!result.ok)
      return renderMeetingForm(services, request, reply, {
        organisation,
        values,
        issues: problemIssues(result.problems),
        meeting,
      });
    const message = {
      key: 'meetings:pages.flash.changed',
      values: { count: result.changed.length },
    };
    return reply.redirect(
      await flashes.redirectUrl(request, `/meetings/${meeting.id}`, message),
      303,
    );
  });

  app.get('/meetings/:id/cancel', guarded, async (request, reply) => {
    const meeting = await managed(request);
    if (!changeable(meeting)) return unchangeable(request, reply, meeting);
    const { t, lang } = request;
    return reply.render(view('cancel'), {
      pageTitle: t('meetings:pages.cancel.title'),
      meeting: {
        id: meeting.id,
        title: local(lang, meeting.titleEn, meeting.titleCy),
        when: whenText(t, lang, meeting.startsAt, meeting.endsAt),
        inSeries: meeting.seriesId !== null,
      },
      scopes: [
        { value: 'this', text: t('meetings:pages.cancel.scopes.this'), checked: true },
        { value: 'later', text: t('meetings:pages.cancel.scopes.later') },
      ],
    });
  });

  app.post('/meetings/:id/cancel', guarded, async (request, reply) => {
    const meeting = await managed(request);
    if (!changeable(meeting)) return unchangeable(request, reply, meeting);
    const reason = str(request.form, 'reason').slice(0, 1000) || null;
    const scope = meeting.seriesId ? scopeChosen(request.form) : 'this';
    const { cancelledIds } = await meetings.cancelMeeting(actorOf(request), meeting, {
      scope,
      reason,
    });
    // everyone already invited is told, in their language and format
    await services.invitations.tellCancelled(actorOf(request), cancelledIds);
    const message = {
      key: 'meetings:pages.flash.cancelled',
      values: { count: cancelledIds.length },
    };
    return reply.redirect(
      await flashes.redirectUrl(request, `/meetings/${meeting.id}`, message),
      303,
    );
  });

  async function renderAgenda(
    request: FastifyRequest,
    reply: FastifyReply,
    meeting: MeetingDetails,
    rows: AgendaRow[],
    issues: Issue[] = [],
  ) {
    const { t, lang } = request;
    const errors = formErrors(t, issues);
    const length = Math.round(
      (new Date(meeting.endsAt).getTime() - new Date(meeting.startsAt).getTime()) / 60_000,
    );
    const planned = rows.reduce((sum, r) => sum + (Number(r.minutes) || 0), 0);
    return reply.code(issues.length ? 400 : 200).render(view('agenda'), {
      pageTitle: t('meetings:pages.agenda.title'),
      meeting: {
        id: meeting.id,
        title: local(lang, meeting.titleEn, meeting.titleCy),
        cancelled: meeting.status === 'cancelled',
      },
      total: t('meetings:pages.agenda.total', {
        planned: duration(t, planned),
        length: duration(t, length),
      }),
      over: planned > length,
      rows: rows.map((r, i) => ({ ...r, row: i, number: i + 1 })),
      fieldErrors: Object.fromEntries(
        rows.flatMap((r, i) =>
          (['position', 'titleEn', 'titleCy', 'summaryEn', 'summaryCy', 'minutes'] as const)
            .map((name) => [name, errors.fields[`item-${String(r.row)}-${name}`]] as const)
            .filter(([, error]) => error)
            .map(([name, error]) => [`item-${String(i)}-${name}`, error]),
        ),
      ),
      errorList: errors.errorList.map((e) => {
        const match = /^#item-(\d+)-(\w+)$/.exec(e.href);
        const index = match ? rows.findIndex((r) => r.row === Number(match[1])) : -1;
        return index >= 0 ? { ...e, href: `#item-${String(index)}-${match![2]!}` } : e;
      }),
    });
  }

  const emptyRows = (from: number, n: number): AgendaRow[] =>
    Array.from({ length: n }, (_, i) => emptyAgendaRow(from + i));

  app.get('/meetings/:id/agenda', guarded, async (request, reply) => {
    const meeting = await managed(request);
    if (meeting.status === 'cancelled') return unchangeable(request, reply, meeting);
    const items = await meetings.agendaOf(meeting.id);
    const rows: AgendaRow[] = items.map((item, i) => ({
      row: i,
      position: String(item.position),
      titleEn: item.titleEn,
      titleCy: item.titleCy,
      summaryEn: item.summaryEn ?? '',
      summaryCy: item.summaryCy ?? '',
      minutes: item.minutes ? String(item.minutes) : '',
    }));
    return renderAgenda(request, reply, meeting, [...rows, ...emptyRows(rows.length, EMPTY_ROWS)]);
  });

  app.post('/meetings/:id/agenda', guarded, async (request, reply) => {
    const meeting = await managed(request);
    if (meeting.status === 'cancelled') return unchangeable(request, reply, meeting);
    const rows = agendaRowsOf(request.form);
    if (str(request.form, 'action') === 'more') {
      const next = rows.length ? Math.max(...rows.map((r) => r.row)) + 1 : 0;
      return renderAgenda(request, reply, meeting, [...rows, ...emptyRows(next, EMPTY_ROWS)]);
    }
    const parsed = parseAgenda(rows);
    if (!parsed.ok) return renderAgenda(request, reply, meeting, rows, parsed.issues);
    await meetings.saveAgenda(actorOf(request), meeting, parsed.value);
    const message = { key: 'meetings:pages.flash.agendaSaved' };
    return reply.redirect(
      await flashes.redirectUrl(request, `/meetings/${meeting.id}`, message),
      303,
    );
  });
};
