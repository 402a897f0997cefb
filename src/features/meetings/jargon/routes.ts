import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { fileTypeFromBuffer } from 'file-type';
import type { Services } from '#platform/modules/contract.ts';
import { authoriseAnywhere, requireActor } from '#platform/http/guards.ts';
import { formErrors, type Form, type Issue } from '#platform/validation/index.ts';
import {
  checkText,
  LONG_SENTENCE_WORDS,
  type CheckResult,
  type Language,
  type Readability,
} from './check.ts';
import { ExtractError, extractText, type PaperKind } from './extract.ts';

/** Pasted text: at most this many characters (a 40-page paper). */
export const MAX_PASTED = 100_000;
/** Uploaded papers: at most 10 MB. Never stored; read in memory and dropped. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Long sentences quoted on the page (the count covers all). */
const QUOTED = 20;

const KINDS: Record<string, PaperKind> = { pdf: 'pdf', docx: 'docx', odt: 'odt' };

interface Upload {
  data: Buffer;
  truncated: boolean;
}
const isUpload = (value: unknown): value is Upload =>
  typeof value === 'object' && value !== null && Buffer.isBuffer((value as Upload).data);

const languageOf = (value: unknown, fallback: string): Language =>
  value === 'cy' || value === 'en' ? value : fallback === 'cy' ? 'cy' : 'en';

/** The readability figures as summary-list rows, in the page's language. */
function figuresOf(request: FastifyRequest, r: Readability) {
  const { t } = request;
  const row = (key: string, value: string) => ({ key: { text: key }, value: { text: value } });
  const label = r.label ? t(`jargon:labels.${r.label}`) : '';
  return [
    row(t('jargon:findings.words'), String(r.words)),
    row(t('jargon:findings.sentences'), String(r.sentences)),
    row(
      t('jargon:findings.average'),
      t('jargon:findings.averageValue', { value: r.averageSentenceLength }),
    ),
    row(t('jargon:findings.longShare', { words: LONG_SENTENCE_WORDS }), `${r.longSentenceShare}%`),
    r.fleschReadingEase !== null
      ? row(t('jargon:findings.flesch'), `${r.fleschReadingEase} – ${label}`)
      : row(t('jargon:findings.welshLabel'), label),
  ];
}

/**
 * The jargon check page: paste text or upload a paper, choose its language, and see the
 * glossary terms it uses, its unexplained acronyms, its long sentences and how easy it is to
 * read. Nothing typed or uploaded is stored or logged.
 */
export const jargonRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { glossary } = services;

  const render = async (
    request: FastifyRequest,
    reply: FastifyReply,
    options: {
      text?: string;
      language?: Language;
      result?: CheckResult;
      source?: 'text' | 'upload';
      issues?: Issue[];
    } = {},
  ) => {
    const { t } = request;
    const { errorList, fields } = formErrors(t, options.issues ?? []);
    if (options.issues?.length) reply.code(400);
    const language = options.language ?? languageOf(undefined, request.lang);
    const result = options.result;
    const readability = result?.readability;
    return reply.header('cache-control', 'no-store').render('meetings/jargon/views/check.njk', {
      pageTitle: t('jargon:title'),
      text: options.text ?? '',
      language,
      languageItems: (['en', 'cy'] as const).map((value) => ({
        value,
        text: t(`jargon:languages.${value}`),
        checked: value === language,
      })),
      uploadLanguageItems: (['en', 'cy'] as const).map((value) => ({
        value,
        text: t(`jargon:languages.${value}`),
        checked: value === language,
      })),
      errors: fields,
      errorList,
      maxPasted: MAX_PASTED,
      maxUploadMb: MAX_UPLOAD_BYTES / 1024 / 1024,
      longWords: LONG_SENTENCE_WORDS,
      source: options.source,
      result: result && {
        lang: result.language,
        terms: result.terms,
        acronyms: result.acronyms,
        longSentences: result.longSentences.slice(0, QUOTED),
        longCount: result.longSentences.length,
        figures: readability && figuresOf(request, readability),
        readability: readability && {
          ...readability,
          label: readability.label ? t(`jargon:labels.${readability.label}`) : null,
          meaning: readability.label ? t(`jargon:meanings.${readability.label}`) : null,
        },
      },
    });
  };

  app.get('/jargon-check', { preHandler: requireActor }, async (request, reply) => {
    authoriseAnywhere(request, 'meeting.view');
    return render(request, reply);
  });

  app.post('/jargon-check', { preHandler: requireActor }, async (request, reply) => {
    authoriseAnywhere(request, 'meeting.view');
    const form = (request.body ?? {}) as Form;
    const language = languageOf(form.language, request.lang);
    const text = typeof form.text === 'string' ? form.text.normalize('NFC') : '';
    if (!text.trim())
      return render(request, reply, {
        language,
        issues: [{ field: 'text', message: 'jargon:errors.text.required' }],
      });
    if (text.length > MAX_PASTED)
      return render(request, reply, {
        language,
        text: text.slice(0, MAX_PASTED),
        issues: [{ field: 'text', message: 'jargon:errors.text.long' }],
      });
    const result = checkText(text, language, await glossary.glossaryFor(language));
    return render(request, reply, { text, language, result, source: 'text' });
  });

  // The upload in its own scope: multipart only here. The file is read into memory (never
  // written anywhere), its type taken from its bytes, its text extracted and checked.
  await app.register(async (scope) => {
    await scope.register(multipart, {
      attachFieldsToBody: 'keyValues',
      throwFileSizeLimit: false,
      limits: { fileSize: MAX_UPLOAD_BYTES, files: 1, fields: 3, fieldSize: 100, parts: 4 },
      async onFile(part: MultipartFile) {
        const data = await part.toBuffer();
        (part as MultipartFile & { value: Upload }).value = {
          data,
          truncated: part.file.truncated,
        };
      },
    });

    // anonymous uploads are turned away before the file is read
    scope.post(
      '/jargon-check/upload',
      { onRequest: requireActor, bodyLimit: MAX_UPLOAD_BYTES + 64 * 1024 },
      async (request, reply) => {
        authoriseAnywhere(request, 'meeting.view');
        const body = (request.body ?? {}) as Record<string, unknown>;
        const language = languageOf(body.language, request.lang);
        const refuse = (message: string) =>
          render(request, reply, { language, issues: [{ field: 'paper', message }] });
        const file = body.paper;
        if (!isUpload(file) || file.data.length === 0)
          return refuse('jargon:errors.paper.required');
        if (file.truncated) return refuse('jargon:errors.paper.tooLarge');
        const type = await fileTypeFromBuffer(file.data);
        const kind = type ? KINDS[type.ext] : undefined;
        if (!kind) return refuse('jargon:errors.paper.type');
        let text: string;
        try {
          text = await extractText(file.data, kind);
        } catch (error) {
          if (error instanceof ExtractError) return refuse(`jargon:errors.paper.${error.problem}`);
          throw error;
        }
        if (!text.trim()) return refuse('jargon:errors.paper.empty');
        const result = checkText(text, language, await glossary.glossaryFor(language));
        return render(request, reply, { language, result, source: 'upload' });
      },
    );
  });
};
