import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { flashMessages, type FlashMessage } from '#platform/http/flash.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { idOf, parsedOr404 } from '#platform/http/params.ts';
import { formatDateTime } from '#platform/views/views.ts';
import {
  formErrors,
  issuesOf,
  type Form,
  type Issue,
  type Result,
} from '#platform/validation/index.ts';
import { summaryText } from './service.ts';

const view = (name: string) => `meetings/consultation/views/${name}.njk`;
const questionParams = z.object({ id: z.guid(), questionId: z.guid() });
const text = (field: string, max: number) =>
  z
    .string({ error: `consultation:errors.${field}` })
    .trim()
    .min(1, `consultation:errors.${field}`)
    .max(max, 'consultation:errors.tooLong');
const questionForm = z.object({ textEn: text('textEn', 500), textCy: text('textCy', 500) });
const noteForm = z.object({
  questionId: z
    .string()
    .optional()
    .transform((v) => v || null)
    .pipe(z.guid({ error: 'consultation:errors.question' }).nullable()),
  groupLabel: text('groupLabel', 100),
  note: text('note', 4000),
});
const summaryForm = z.object({
  organisationIds: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.guid({ error: 'consultation:errors.organisations' }))),
});

/** A consultation event's questions, group notes and same-day summary. */
export const consultationRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { consultation, sessions } = services;
  const flashes = flashMessages(sessions);

  async function render(
    request: FastifyRequest,
    reply: FastifyReply,
    meetingId: string,
    refused?: { form: 'question' | 'note' | 'summary'; issues: Issue[]; values: Form },
  ) {
    const { t, lang } = request;
    const page = await consultation.consultationPage(actorOf(request), meetingId);
    const local = (en: string, cy: string) => (lang === 'cy' ? cy : en);
    const errors = formErrors(t, refused?.issues ?? []);
    const values = refused?.values ?? {};
    const chosen = new Set([values.organisationIds ?? []].flat());
    return reply.code(refused ? 400 : 200).render(view('consultation'), {
      pageTitle: t('consultation:title'),
      meeting: { id: page.meeting.id, title: local(page.meeting.titleEn, page.meeting.titleCy) },
      canManage: page.meeting.canManage,
      canTakeNotes: page.meeting.canTakeNotes && page.onTheDay,
      onTheDay: page.onTheDay,
      questions: page.questions.map((q) => ({
        ...q,
        text: local(q.textEn, q.textCy),
        notes: page.notes.filter((n) => n.questionId === q.id),
      })),
      otherNotes: page.notes.filter((n) => !n.questionId),
      questionItems: [
        { value: '', text: t('consultation:notes.noQuestion') },
        ...page.questions.map((q) => ({
          value: q.id,
          text: `${String(q.position)}. ${local(q.textEn, q.textCy)}`,
          selected: values.questionId === q.id,
        })),
      ],
      organisations: page.organisations.map((o) => ({
        value: o.id,
        text: local(o.nameEn, o.nameCy),
        checked: chosen.has(o.id),
      })),
      preview: page.notes.length
        ? summaryText(t, lang === 'cy' ? 'cy' : 'en', page.questions, page.notes)
        : '',
      sent: page.sent.map((s) => ({
        text: t('consultation:summary.sentLine', {
          date: formatDateTime(s.sentAt, lang),
          count: s.recipients,
        }),
      })),
      refusedForm: refused?.form,
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      ...(await flashes.take(request)),
    });
  }

  /** Parses, runs, and redirects with this request's message, or shows the page with errors. */
  async function act<T>(
    request: FastifyRequest,
    reply: FastifyReply,
    form: 'question' | 'note' | 'summary',
    schema: z.ZodType<T>,
    run: (value: T) => Promise<Result<unknown>>,
    message: (value: unknown) => FlashMessage,
  ) {
    const meetingId = idOf(request);
    const values: Form = request.form;
    const parsed = schema.safeParse(values);
    const result = parsed.success
      ? await run(parsed.data)
      : { ok: false as const, issues: issuesOf(parsed.error) };
    if (!result.ok)
      return render(request, reply, meetingId, { form, issues: result.issues, values });
    const url = `/meetings/${meetingId}/consultation#${form}`;
    return reply.redirect(await flashes.redirectUrl(request, url, message(result.value)), 303);
  }

  app.get('/meetings/:id/consultation', guarded, (request, reply) =>
    render(request, reply, idOf(request)),
  );

  app.post('/meetings/:id/consultation/questions', guarded, (request, reply) =>
    act(
      request,
      reply,
      'question',
      questionForm,
      (v) => consultation.addQuestion(actorOf(request), idOf(request), v),
      () => ({
        key: 'consultation:questions.added',
      }),
    ),
  );

  app.post(
    '/meetings/:id/consultation/questions/:questionId/remove',
    guarded,
    async (request, reply) => {
      const { id, questionId } = parsedOr404(questionParams, request.params);
      await consultation.removeQuestion(actorOf(request), id, questionId);
      const url = `/meetings/${id}/consultation#question`;
      return reply.redirect(
        await flashes.redirectUrl(request, url, { key: 'consultation:questions.removed' }),
        303,
      );
    },
  );

  app.post('/meetings/:id/consultation/notes', guarded, (request, reply) =>
    act(
      request,
      reply,
      'note',
      noteForm,
      (v) => consultation.addNote(actorOf(request), idOf(request), v),
      () => ({
        key: 'consultation:notes.added',
      }),
    ),
  );

  app.post('/meetings/:id/consultation/summary', guarded, (request, reply) =>
    act(
      request,
      reply,
      'summary',
      summaryForm,
      (v) => consultation.sendSummary(actorOf(request), idOf(request), v.organisationIds),
      (value) => ({
        key: 'consultation:summary.sent',
        values: { count: (value as { recipients: number }).recipients },
      }),
    ),
  );
};
