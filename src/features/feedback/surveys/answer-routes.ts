import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { personGuarded, personOf } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { keepFlash, takeFlash } from '#platform/http/flash.ts';
import { formErrors, type Form, type Issue } from '#platform/validation/index.ts';
import { formatDate } from '#platform/views/views.ts';
import { HONEYPOT } from '../public/schema.ts';
import {
  answerOn,
  answerWords,
  carriedAnswers,
  firstMissing,
  pointLabel,
  wordsOf,
  withAnswer,
  type Answers,
} from './answering.ts';
import type { AnsweredSurvey } from './respond.ts';
import { codeParams, MAX_TEXT, parseComment, surveyParams } from './schema.ts';
import { isOpen, today } from './service.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import { local } from '#platform/i18n/i18n.ts';

const view = (name: string) => `feedback/surveys/views/${name}.njk`;
/** Public pages carry no session: someone answering is never given an identifier. */
const open = { config: { skipCsrf: true } };

interface Where {
  /** Where each page posts. */
  action: string;
  /** Answering in the portal: the person may give their name. */
  portal: boolean;
}

/**
 * Surveys answered one question a page, without JavaScript and with nothing kept until the last
 * page is sent: each page posts the answers so far in a hidden field. By the short link
 * `/s/:code` (anyone, anonymous) or in the portal `/portal/surveys/:surveyId` (anonymous unless
 * the person chooses to give their name). A closed survey refuses the answers and shows them
 * back, offering to send what was written to the organisation as feedback instead.
 */
export const surveyAnswerRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const respond = services.surveyAnswers;

  const common = (request: FastifyRequest, survey: AnsweredSurvey, where: Where) => ({
    title: local(request.lang, survey.titleEn, survey.titleCy),
    organisation: local(request.lang, survey.organisationEn, survey.organisationCy),
    action: where.action,
    portal: where.portal,
    total: survey.questions.length,
  });

  const renderStart = (
    request: FastifyRequest,
    reply: FastifyReply,
    survey: AnsweredSurvey,
    where: Where,
  ) => {
    const { t, lang } = request;
    if (!isOpen(survey, today())) return renderClosed(request, reply, survey, where, {});
    return reply.render(view('start'), {
      ...common(request, survey, where),
      pageTitle: local(lang, survey.titleEn, survey.titleCy),
      intro: local(lang, survey.introEn, survey.introCy),
      closesOn: survey.closesOn ? formatDate(survey.closesOn, lang) : null,
      privacy: t(where.portal ? 'surveys:answer.privacyPortal' : 'surveys:answer.privacy'),
    });
  };

  const renderQuestion = (
    request: FastifyRequest,
    reply: FastifyReply,
    survey: AnsweredSurvey,
    where: Where,
    answers: Answers,
    at: number,
    failed?: { issues: Issue[]; typed: Form[string] },
  ) => {
    const { t, lang } = request;
    const question = survey.questions[at - 1]!;
    const words = wordsOf(question, lang);
    const given = answers[question.id];
    const errors = formErrors(t, failed?.issues ?? [], { answer: 'answer' });
    if (failed) reply.code(400);
    const picked = new Set(
      failed
        ? typeof failed.typed === 'string'
          ? [failed.typed]
          : (failed.typed ?? [])
        : given && 'choices' in given
          ? given.choices.map(String)
          : given && 'scale' in given
            ? [String(given.scale)]
            : [],
    );
    const typed = failed
      ? typeof failed.typed === 'string'
        ? failed.typed
        : ''
      : given && 'text' in given
        ? given.text
        : '';
    return reply.render(view('question'), {
      ...common(request, survey, where),
      pageTitle: words.text,
      step: t('surveys:answer.step', { at, total: survey.questions.length }),
      at,
      kind: question.kind,
      hint: words.hint || (question.required ? '' : t('surveys:answer.optional')),
      errors: errors.fields,
      errorList: errors.errorList,
      answers: JSON.stringify(answers),
      items:
        question.kind === 'scale'
          ? Array.from({ length: question.scalePoints! }, (_, i) => ({
              value: String(i + 1),
              text: pointLabel(i + 1, question.scalePoints, words),
              checked: picked.has(String(i + 1)),
            }))
          : words.options.map((text, i) => ({
              value: String(i),
              text,
              checked: picked.has(String(i)),
            })),
      typed,
      maxText: MAX_TEXT,
    });
  };

  const summary = (request: FastifyRequest, survey: AnsweredSurvey, answers: Answers) =>
    survey.questions.map((q, i) => ({
      at: i + 1,
      question: wordsOf(q, request.lang).text,
      answer:
        answerWords(q, answers[q.id], request.lang) || request.t('surveys:answer.notAnswered'),
    }));

  const renderCheck = (
    request: FastifyRequest,
    reply: FastifyReply,
    survey: AnsweredSurvey,
    where: Where,
    answers: Answers,
    issues: Issue[] = [],
  ) =>
    reply.render(view('check'), {
      ...common(request, survey, where),
      pageTitle: request.t('surveys:answer.checkTitle'),
      at: survey.questions.length + 1,
      answers: JSON.stringify(answers),
      summary: summary(request, survey, answers),
      honeypot: HONEYPOT,
      errorList: formErrors(request.t, issues).errorList,
    });

  function renderClosed(
    request: FastifyRequest,
    reply: FastifyReply,
    survey: AnsweredSurvey,
    where: Where,
    answers: Answers,
  ) {
    const { t, lang } = request;
    reply.code(410);
    const kept = summary(request, survey, answers).filter(
      (s, i) => answers[survey.questions[i]!.id],
    );
    return reply.render(view('closed'), {
      ...common(request, survey, where),
      pageTitle: t('surveys:answer.closedTitle'),
      closedOn:
        survey.status === 'live' && survey.closesOn
          ? formatDate(survey.closesOn, lang)
          : survey.closedAt
            ? formatDate(survey.closedAt, lang)
            : null,
      kept,
      answers: JSON.stringify(answers),
      hasText: survey.questions.some((q) => q.kind === 'text' && answers[q.id]),
    });
  }

  /** One step of the journey: the page posted, where the person goes next. */
  async function step(
    request: FastifyRequest,
    reply: FastifyReply,
    survey: AnsweredSurvey,
    where: Where,
  ) {
    const form = request.form;
    const total = survey.questions.length;
    let answers = carriedAnswers(form.answers, survey.questions);
    const at = Math.min(Math.max(Number(form.at) || 0, 0), total + 1);
    const go = typeof form.go === 'string' ? form.go : 'next';
    if (at >= 1 && at <= total) {
      const question = survey.questions[at - 1]!;
      const given = answerOn(question, form);
      if (given.ok) answers = withAnswer(answers, question.id, given.value);
      if (!isOpen(survey, today())) return renderClosed(request, reply, survey, where, answers);
      if (go === 'back')
        return at === 1
          ? renderStart(request, reply, survey, where)
          : renderQuestion(request, reply, survey, where, answers, at - 1);
      if (!given.ok)
        return renderQuestion(request, reply, survey, where, answers, at, {
          issues: given.issues,
          typed: form.answer,
        });
      return at < total
        ? renderQuestion(request, reply, survey, where, answers, at + 1)
        : renderCheck(request, reply, survey, where, answers);
    }
    if (!isOpen(survey, today())) return renderClosed(request, reply, survey, where, answers);
    if (at === total + 1) {
      const change = /^change-(\d+)$/.exec(go);
      if (change) {
        const to = Number(change[1]);
        if (to >= 1 && to <= total)
          return renderQuestion(request, reply, survey, where, answers, to);
      }
      if (go === 'back') return renderQuestion(request, reply, survey, where, answers, total);
      if (go === 'send') return send(request, reply, survey, where, answers);
      return renderCheck(request, reply, survey, where, answers);
    }
    return renderQuestion(request, reply, survey, where, answers, 1);
  }

  async function send(
    request: FastifyRequest,
    reply: FastifyReply,
    survey: AnsweredSurvey,
    where: Where,
    answers: Answers,
  ) {
    const { t, lang } = request;
    const missing = firstMissing(survey.questions, answers);
    if (missing)
      return renderQuestion(request, reply, survey, where, answers, missing.position, {
        issues: [{ field: 'answer', message: 'surveys:errors.required' }],
        typed: undefined,
      });
    const form = request.form;
    const language = lang === 'cy' ? 'cy' : 'en';
    if (!where.portal) {
      // a robot filled in the field people never see: thanked, nothing kept
      const trap = form[HONEYPOT];
      if (typeof trap === 'string' && trap.trim())
        return reply.render(view('thanks'), {
          ...common(request, survey, where),
          pageTitle: t('surveys:answer.thanksTitle'),
        });
      if (!(await services.publicFeedback.takeRate(request.ip, `survey:${survey.code}`))) {
        reply.code(429);
        return renderCheck(request, reply, survey, where, answers, [
          { field: 'form', message: 'surveys:errors.rate' },
        ]);
      }
    }
    const named = where.portal && form.named === 'yes';
    const kept = await respond.submit(survey, answers, {
      channel: where.portal ? 'portal' : 'web',
      language,
      personId: named ? personOf(request).id : null,
    });
    if (!kept) return renderClosed(request, reply, { ...survey, status: 'closed' }, where, answers);
    return reply.render(view('thanks'), {
      ...common(request, survey, where),
      pageTitle: t('surveys:answer.thanksTitle'),
      named,
    });
  }

  /** A closed survey's free text, sent to the organisation as feedback instead. */
  async function keep(
    request: FastifyRequest,
    reply: FastifyReply,
    survey: AnsweredSurvey,
    where: Where,
  ) {
    // only a survey that no longer takes answers sends them on as feedback
    if (isOpen(survey, today())) return reply.redirect(where.action, 303);
    const answers = carriedAnswers(request.form.answers, survey.questions);
    if (
      !where.portal &&
      !(await services.publicFeedback.takeRate(request.ip, `survey:${survey.code}`))
    )
      throw new HttpError(429);
    const code = await respond.keepAsFeedback(survey, answers, request.lang === 'cy' ? 'cy' : 'en');
    if (!code) return renderClosed(request, reply, survey, where, answers);
    return reply.render(view('kept'), {
      ...common(request, survey, where),
      pageTitle: request.t('surveys:answer.keptTitle'),
      receiptCode: code,
    });
  }

  // by the short link: anyone, anonymous
  const byCode = async (request: FastifyRequest) => {
    const params = parsedOr404(codeParams, request.params);
    const survey = await respond.byCode(params.code);
    if (!survey) throw new HttpError(404);
    return { survey, where: { action: `/s/${survey.code}`, portal: false } };
  };
  type Found = { survey: AnsweredSurvey; where: Where };
  /** The start page, each page of the journey and a closed survey's "send as feedback", at `path`. */
  const journeyRoutes = (
    path: string,
    options: { get: object; post: object },
    find: (request: FastifyRequest) => Promise<Found>,
  ) => {
    const run = (handler: typeof step) => async (request: FastifyRequest, reply: FastifyReply) => {
      const { survey, where } = await find(request);
      return handler(request, reply, survey, where);
    };
    app.get(
      path,
      options.get,
      run(async (q, r, s, w) => renderStart(q, r, s, w)),
    );
    app.post(path, options.post, run(step));
    app.post(`${path}/feedback`, options.post, run(keep));
  };
  journeyRoutes('/s/:code', { get: {}, post: open }, byCode);

  // in the portal: a person at the organisation or below it
  const inPortal = async (request: FastifyRequest) => {
    const params = parsedOr404(surveyParams, request.params);
    const survey = await respond.forPersonById(personOf(request), params.surveyId);
    if (!survey) throw new HttpError(404);
    return { survey, where: { action: `/portal/surveys/${survey.id}`, portal: true } };
  };

  app.get('/portal/surveys', personGuarded, async (request, reply) => {
    const { t, lang } = request;
    const { open: live, drafts } = await respond.forPerson(personOf(request));
    return reply.render(view('portal-list'), {
      pageTitle: t('surveys:portal.title'),
      open: live.map((s) => ({
        href: `/portal/surveys/${s.id}`,
        title: local(lang, s.titleEn, s.titleCy),
        organisation: local(lang, s.organisationEn, s.organisationCy),
        kind: t(`surveys:kinds.${s.kind}`),
        answered: s.answered,
        closesOn: s.closesOn ? formatDate(s.closesOn, lang) : null,
      })),
      drafts: drafts.map((s) => ({
        href: `/portal/surveys/${s.id}/draft`,
        title: local(lang, s.titleEn, s.titleCy),
        organisation: local(lang, s.organisationEn, s.organisationCy),
      })),
    });
  });
  journeyRoutes('/portal/surveys/:surveyId', { get: personGuarded, post: personGuarded }, inPortal);

  // a draft shared with the person's forum: read it, say what they think
  const renderDraft = async (
    request: FastifyRequest,
    reply: FastifyReply,
    issues?: Issue[],
    values: Form = {},
    flash?: boolean,
  ) => {
    const { t, lang } = request;
    const params = parsedOr404(surveyParams, request.params);
    const draft = await respond.draftForPerson(personOf(request), params.surveyId);
    if (!draft) throw new HttpError(404);
    const errors = formErrors(t, issues ?? []);
    if (issues) reply.code(400);
    return reply.render(view('portal-draft'), {
      pageTitle: local(lang, draft.titleEn, draft.titleCy),
      organisation: local(lang, draft.organisationEn, draft.organisationCy),
      intro: local(lang, draft.introEn, draft.introCy),
      surveyId: draft.id,
      flash: flash ? t('surveys:portal.commented') : undefined,
      questions: draft.questions.map((q) => {
        const words = wordsOf(q, lang);
        return {
          ...words,
          kind: t(`surveys:questionKinds.${q.kind}`),
          required: q.required,
          scale: q.scalePoints,
        };
      }),
      comments: draft.comments.map((c) => ({ body: c.body, at: formatDate(c.createdAt, lang) })),
      values,
      errors: errors.fields,
      errorList: errors.errorList,
    });
  };
  app.get('/portal/surveys/:surveyId/draft', personGuarded, async (request, reply) =>
    renderDraft(
      request,
      reply,
      undefined,
      {},
      Boolean(await takeFlash(services.sessions, request)),
    ),
  );
  app.post('/portal/surveys/:surveyId/draft', personGuarded, async (request, reply) => {
    const params = parsedOr404(surveyParams, request.params);
    const comment = parseComment(request.form);
    if (!comment.ok) return renderDraft(request, reply, comment.issues, request.form);
    await respond.commentAsPerson(personOf(request), params.surveyId, comment.value);
    keepFlash(request, 'commented');
    return reply.redirect(`/portal/surveys/${params.surveyId}/draft`, 303);
  });
};
