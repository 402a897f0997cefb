import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded, requireActor } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import { acceptUploads, uploadedFile, type UploadProblem } from '#platform/http/uploads.ts';
import { can } from '#platform/permissions/policy.ts';
import { choices, formErrors, type Issue } from '#platform/validation/index.ts';
import { contentDisposition, inspectPaper, safeFileName, type Refusal } from './inspect.ts';
import { meetingParams, paperParams, parsePaperDetails, valuesOf, type Form } from './schema.ts';
import type { CheckedFile, Paper, PaperMeeting } from './service.ts';
import { paperFormats, paperKinds, paperLanguages } from './tables.ts';

const view = (name: string) => `meetings/papers/views/${name}.njk`;
const DAY_MS = 86_400_000;
/** Room for the form's other fields and the multipart framing beside the file. */
const FORM_OVERHEAD = 64 * 1024;

type FileProblem = Refusal | UploadProblem;

declare module 'fastify' {
  interface FastifyRequest {
    /** The meeting of a papers route, loaded and authorised before its body is read. */
    paperMeeting?: PaperMeeting;
  }
}

/**
 * Sends a paper's file as a download with the safe headers (no sniffing, sandboxed, not cached);
 * the reply page's and the portal's downloads use it too. Routes sending it set `compress: false`.
 */
export const sendPaperFile = (
  reply: FastifyReply,
  paper: { fileName: string; mediaType: string },
  content: Buffer,
) =>
  reply
    .header('content-type', paper.mediaType)
    .header('content-disposition', contentDisposition(paper.fileName))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "default-src 'none'; sandbox")
    .header('cross-origin-resource-policy', 'same-origin')
    .header('cache-control', 'private, no-store')
    .header('content-length', String(content.length))
    .send(content);

/**
 * Papers and minutes of a meeting (meeting.view to see and download, meeting.manage to change),
 * and published minutes of open meetings for anyone.
 */
export const papersRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { papers, config } = services;
  const maxBytes = config.paperMaxBytes;
  const maxMb = Math.round(maxBytes / 1024 / 1024);

  // Multipart only for this plugin's routes: the file is kept up to the limit and flagged past
  // it; a NUL in any field is refused.
  await acceptUploads(
    app,
    { fileSize: maxBytes, fields: 10, fieldSize: 10_000, parts: 12 },
    { refuseNulInFields: true },
  );

  const local = (request: FastifyRequest, en: string | null, cy: string | null) =>
    (request.lang === 'cy' ? cy : en) ?? en ?? '';

  const meetingView = (request: FastifyRequest, meeting: PaperMeeting) => ({
    ...meeting,
    title: local(request, meeting.titleEn, meeting.titleCy),
  });

  /** A file's size in kB or MB (the units are the same in both languages). */
  const sizeText = (bytes: number) =>
    bytes >= 1024 * 1024
      ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
      : `${String(Math.max(1, Math.round(bytes / 1024)))} KB`;

  const paperView = (request: FastifyRequest, meeting: PaperMeeting, paper: Paper) => {
    const t = request.t;
    const welsh = request.lang === 'cy';
    const days = Math.floor((meeting.startsAt.getTime() - paper.uploadedAt.getTime()) / DAY_MS);
    return {
      ...paper,
      title: local(request, paper.titleEn, paper.titleCy),
      // the summary in the visitor's language, else the other one (marked with its language)
      summary:
        (welsh ? paper.summaryCy : paper.summaryEn) ?? (welsh ? paper.summaryEn : paper.summaryCy),
      summaryLang: (welsh ? paper.summaryCy : paper.summaryEn) ? request.lang : welsh ? 'en' : 'cy',
      size: sizeText(paper.sizeBytes),
      type: t(`papers:types.${paper.mediaType.split('/')[1]!.split('.').pop()!}`),
      before:
        paper.kind !== 'agenda_paper'
          ? null
          : days >= 0
            ? t('papers:list.daysBefore', { count: days })
            : t('papers:list.afterStart'),
      late: paper.kind === 'agenda_paper' && days < meeting.papersDueDays,
      href: `/meetings/${meeting.id}/papers/${paper.id}`,
      publicHref:
        meeting.kind === 'open_meeting' && paper.publishedAt
          ? `/meetings/${meeting.id}/minutes/${paper.id}`
          : null,
    };
  };

  const fileIssue = (problem: FileProblem): Issue => ({
    field: 'file',
    message: `papers:errors.file.${problem}`,
  });

  /** Errors for the summary and the fields; the file's "too large" message names the limit. */
  const errorsOf = (request: FastifyRequest, issues: Issue[]) => {
    const errors = formErrors(request.t, issues);
    if (issues.some((i) => i.message === 'papers:errors.file.tooLarge')) {
      const text = request.t('papers:errors.file.tooLarge', { max: maxMb });
      errors.fields.file = { text };
      errors.errorList = errors.errorList.map((e) => (e.href === '#file' ? { ...e, text } : e));
    }
    return errors;
  };

  const renderList = async (
    request: FastifyRequest,
    reply: FastifyReply,
    meeting: PaperMeeting,
    options: { values?: Record<string, string>; issues?: Issue[]; status?: number } = {},
  ) => {
    const t = request.t;
    const actor = actorOf(request);
    const all = await papers.papersOf(meeting.id);
    const manage = can(actor, 'meeting.manage', {
      id: meeting.organisationId,
      ancestors: meeting.ancestors,
    });
    const values = options.values ?? {};
    const errors = errorsOf(request, options.issues ?? []);
    if (options.status) reply.code(options.status);
    const shown = all.map((paper) => paperView(request, meeting, paper));
    return reply.render(view('list'), {
      pageTitle: t('papers:list.title'),
      meeting: meetingView(request, meeting),
      agendaPapers: shown.filter((p) => p.kind === 'agenda_paper'),
      minutes: shown.filter((p) => p.kind === 'minutes'),
      manage,
      flash: options.issues ? undefined : flashOf(request),
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      maxMb,
      kinds: choices(t, paperKinds, 'papers:kinds.', values.kind),
      languages: choices(t, paperLanguages, 'papers:languages.', values.language),
      formats: choices(t, paperFormats, 'papers:formats.', values.format || 'standard'),
    });
  };

  const flashOf = (request: FastifyRequest) => {
    const done = (request.query as Record<string, unknown>).done;
    return typeof done === 'string' && /^(uploaded|replaced|deleted|published)$/.test(done)
      ? request.t(`papers:flash.${done}`)
      : undefined;
  };

  /**
   * onRequest for uploads: signed in, the meeting exists and may be changed by this actor, and
   * the declared length is within the limit — all before a byte of the body is read.
   */
  const beforeUpload =
    (renderRefusal: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      if ((await requireActor(request, reply)) !== undefined) return reply;
      const { id } = parsedOr404(meetingParams, request.params);
      request.paperMeeting = await papers.meetingFor(actorOf(request), id, 'meeting.manage');
      const length = Number(request.headers['content-length'] ?? 0);
      if (length > maxBytes + FORM_OVERHEAD) {
        // refused without reading it; the connection is closed rather than drained
        reply.header('connection', 'close');
        await renderRefusal(request, reply);
        return reply;
      }
      return undefined;
    };

  /** The uploaded file, checked from its bytes: ready to store, or what is wrong with it. */
  const checkFile = async (
    body: Form,
  ): Promise<{ ok: true; file: CheckedFile } | { ok: false; problem: FileProblem }> => {
    const upload = uploadedFile(body.file);
    if (!upload.ok) return upload;
    const inspected = await inspectPaper(upload.data);
    if (!inspected.ok) return { ok: false, problem: inspected.reason };
    return {
      ok: true,
      file: {
        fileName: safeFileName(upload.filename, inspected.mediaType),
        mediaType: inspected.mediaType,
        data: upload.data,
      },
    };
  };

  // ---------------------------------------------------------------- the list and uploads

  app.get('/meetings/:id/papers', guarded, async (request, reply) => {
    const { id } = parsedOr404(meetingParams, request.params);
    const meeting = await papers.meetingFor(actorOf(request), id, 'meeting.view');
    return renderList(request, reply, meeting);
  });

  app.post(
    '/meetings/:id/papers',
    {
      onRequest: beforeUpload((request, reply) =>
        renderList(request, reply, request.paperMeeting!, {
          issues: [fileIssue('tooLarge')],
          status: 413,
        }),
      ),
    },
    async (request, reply) => {
      const meeting = request.paperMeeting!;
      const body = (request.body ?? {}) as Form;
      const details = parsePaperDetails(body);
      const file = await checkFile(body);
      const issues = [
        ...(details.ok ? [] : details.issues),
        ...(file.ok ? [] : [fileIssue(file.problem)]),
      ];
      if (!details.ok || !file.ok)
        return renderList(request, reply, meeting, {
          values: valuesOf(body),
          issues,
          status: !file.ok && file.problem === 'tooLarge' ? 413 : 400,
        });
      await papers.addPaper(actorOf(request), meeting.id, details.value, file.file);
      return reply.redirect(`/meetings/${meeting.id}/papers?done=uploaded`, 303);
    },
  );

  // ---------------------------------------------------------------- one paper

  /** The meeting and paper of a route, with the permission held (else 404 or 403). */
  const paperOfRequest = async (request: FastifyRequest, permission: 'view' | 'manage') => {
    const { id, paperId } = parsedOr404(paperParams, request.params);
    const meeting = await papers.meetingFor(actorOf(request), id, `meeting.${permission}`);
    const paper = await papers.paper(meeting, paperId);
    return { meeting, paper };
  };

  app.get(
    '/meetings/:id/papers/:paperId',
    { ...guarded, compress: false },
    async (request, reply) => {
      const { id, paperId } = parsedOr404(paperParams, request.params);
      const { paper, content } = await papers.download(actorOf(request), id, paperId);
      return sendPaperFile(reply, paper, content);
    },
  );

  const renderReplace = async (
    request: FastifyRequest,
    reply: FastifyReply,
    meeting: PaperMeeting,
    paper: Paper,
    issues?: Issue[],
    status?: number,
  ) => {
    const errors = errorsOf(request, issues ?? []);
    if (status) reply.code(status);
    return reply.render(view('replace'), {
      pageTitle: request.t('papers:replace.title'),
      meeting: meetingView(request, meeting),
      paper: paperView(request, meeting, paper),
      errors: errors.fields,
      errorList: errors.errorList,
      maxMb,
    });
  };

  app.get('/meetings/:id/papers/:paperId/replace', guarded, async (request, reply) => {
    const { meeting, paper } = await paperOfRequest(request, 'manage');
    return renderReplace(request, reply, meeting, paper);
  });

  app.post(
    '/meetings/:id/papers/:paperId/replace',
    {
      onRequest: beforeUpload(async (request, reply) => {
        const { paperId } = parsedOr404(paperParams, request.params);
        const meeting = request.paperMeeting!;
        const paper = await papers.paper(meeting, paperId);
        return renderReplace(request, reply, meeting, paper, [fileIssue('tooLarge')], 413);
      }),
    },
    async (request, reply) => {
      const { paperId } = parsedOr404(paperParams, request.params);
      const meeting = request.paperMeeting!;
      const paper = await papers.paper(meeting, paperId);
      const file = await checkFile((request.body ?? {}) as Form);
      if (!file.ok)
        return renderReplace(
          request,
          reply,
          meeting,
          paper,
          [fileIssue(file.problem)],
          file.problem === 'tooLarge' ? 413 : 400,
        );
      await papers.replaceFile(actorOf(request), meeting.id, paper.id, file.file);
      return reply.redirect(`/meetings/${meeting.id}/papers?done=replaced`, 303);
    },
  );

  app.get('/meetings/:id/papers/:paperId/delete', guarded, async (request, reply) => {
    const { meeting, paper } = await paperOfRequest(request, 'manage');
    return reply.render(view('delete'), {
      pageTitle: request.t('papers:delete.title'),
      meeting: meetingView(request, meeting),
      paper: paperView(request, meeting, paper),
    });
  });

  app.post('/meetings/:id/papers/:paperId/delete', guarded, async (request, reply) => {
    const { meeting, paper } = await paperOfRequest(request, 'manage');
    await papers.deletePaper(actorOf(request), meeting.id, paper.id);
    return reply.redirect(`/meetings/${meeting.id}/papers?done=deleted`, 303);
  });

  app.post('/meetings/:id/papers/:paperId/publish', guarded, async (request, reply) => {
    const { meeting, paper } = await paperOfRequest(request, 'manage');
    if (paper.kind !== 'minutes') throw new HttpError(404);
    await papers.publishMinutes(actorOf(request), meeting.id, paper.id);
    return reply.redirect(`/meetings/${meeting.id}/papers?done=published`, 303);
  });

  // ---------------------------------------------------------------- public minutes

  app.get('/meetings/:id/minutes/:paperId', { compress: false }, async (request, reply) => {
    const { id, paperId } = parsedOr404(paperParams, request.params);
    const found = await papers.publicMinutes(id, paperId);
    if (!found) throw new HttpError(404);
    return sendPaperFile(reply, found.paper, found.content);
  });
};
