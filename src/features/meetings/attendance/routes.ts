import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { flashMessages } from '#platform/http/flash.ts';
import { HttpError } from '#platform/http/errors.ts';
import { actorOf, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import { idOf, parsedOr404 } from '#platform/http/params.ts';
import { formatDate } from '#platform/views/views.ts';
import { meetingHeading } from '../heading.ts';
import { formErrors, type Issue } from '#platform/validation/index.ts';
import { attendances, type Attendance } from '../tables.ts';

const view = (name: string) => `meetings/attendance/views/${name}.njk`;
const MARK = /^mark-([0-9a-f-]{36})$/;
const personParams = z.object({ personId: z.guid() });

/** The marks in a submitted register: `mark-<invitee id>` = an attendance, or '' for none. */
function marksOf(form: Record<string, unknown>) {
  const marks = new Map<string, Attendance | null>();
  for (const [key, value] of Object.entries(form)) {
    const match = MARK.exec(key);
    if (!match) continue;
    if (value === '') marks.set(match[1]!, null);
    else if (typeof value === 'string' && (attendances as readonly string[]).includes(value))
      marks.set(match[1]!, value as Attendance);
    else throw new HttpError(400);
  }
  return marks;
}

/** Attendance on the day, and a person's attendance history. */
export const attendanceRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { attendance, sessions } = services;
  const flashes = flashMessages(sessions);

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    meetingId: string,
    refused?: { issues: Issue[]; marks: Map<string, Attendance | null> },
  ) {
    const { t, lang } = request;
    const register = await attendance.attendanceRegister(actorOf(request), meetingId);
    const { meeting } = register;
    const errors = refused ? formErrors(t, refused.issues) : undefined;
    const count = (value: Attendance | null) =>
      register.invitees.filter((i) => i.attendance === value).length;
    return reply.code(refused ? 400 : 200).render(view('register'), {
      pageTitle: t('attendance:title'),
      meeting: { ...meetingHeading(lang, meeting), cancelled: meeting.status === 'cancelled' },
      open: register.open,
      totals: [
        ...attendances.map((a) => ({ text: t(`meetings:attendances.${a}`), count: count(a) })),
        { text: t('attendance:notMarked'), count: count(null) },
      ],
      invitees: register.invitees.map((i) => {
        const chosen = refused?.marks.has(i.id) ? refused.marks.get(i.id) : i.attendance;
        return {
          id: i.id,
          personId: i.from === 'register' && i.name ? i.personId : null,
          name: i.name ?? t('attendance:someone'),
          hint: [
            t(`attendance:from.${i.from}`),
            t(`meetings:inviteeRoles.${i.role}`),
            i.reply ? t(`meetings:replies.${i.reply}`) : t('attendance:noReply'),
          ].join(' · '),
          attendance: i.attendance
            ? t(`meetings:attendances.${i.attendance}`)
            : t('attendance:notMarked'),
          items: [
            ...attendances.map((a) => ({
              value: a,
              text: t(`meetings:attendances.${a}`),
              checked: chosen === a,
            })),
            { value: '', text: t('attendance:notMarked'), checked: !chosen },
          ],
        };
      }),
      errorList: errors?.errorList,
      ...(await flashes.take(request)),
    });
  }

  app.get('/meetings/:id/attendance', guarded, (request, reply) =>
    render(request, reply, idOf(request)),
  );

  app.post('/meetings/:id/attendance', guarded, async (request, reply) => {
    const meetingId = idOf(request);
    const marks = marksOf(request.form);
    const result = await attendance.recordAttendance(actorOf(request), meetingId, marks);
    if (!result.ok) return render(request, reply, meetingId, { issues: result.issues, marks });
    const url = `/meetings/${meetingId}/attendance`;
    const message = { key: 'attendance:saved', values: { count: result.value.changed } };
    return reply.redirect(await flashes.redirectUrl(request, url, message), 303);
  });

  app.get('/meetings/people/:personId', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'meeting.view');
    const { personId } = parsedOr404(personParams, request.params);
    const history = await attendance.personHistory(actor, personId);
    const { t, lang } = request;
    return reply.render(view('person'), {
      pageTitle: t('attendance:history.title', { name: history.name }),
      personId,
      totals: history.totals,
      rows: history.rows.map((r) => ({
        href: `/meetings/${r.meetingId}`,
        title: lang === 'cy' ? r.titleCy : r.titleEn,
        date: formatDate(r.startsAt, lang),
        kind: t(`meetings:kinds.${r.kind}`),
        role: t(`meetings:inviteeRoles.${r.role}`),
        reply: r.reply ? t(`meetings:replies.${r.reply}`) : t('attendance:noReply'),
        attendance:
          r.status === 'cancelled'
            ? t('meetings:statuses.cancelled')
            : r.attendance
              ? t(`meetings:attendances.${r.attendance}`)
              : t('attendance:notMarked'),
      })),
    });
  });
};
