import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { takeFlash } from '#platform/http/flash.ts';
import { pageHref, pagination } from '#platform/http/pagination.ts';
import { can } from '#platform/permissions/policy.ts';
import { choices } from '#platform/validation/index.ts';
import { formatDate } from '#platform/views/views.ts';
import QRCode from 'qrcode';
import { tellUsPosterPdf } from '../board/pdf.ts';
import { printedLink } from '../board/present.ts';
import { feedbackKinds } from '../items/tables.ts';
import { pointLabel, wordsOf } from './answering.ts';
import { idsOf, questionIdsOf, stateOf, view } from './routes.ts';
import { local } from '#platform/i18n/i18n.ts';
import { pageQuery } from './schema.ts';
import { parsedOr404 } from '#platform/http/params.ts';

/** A survey's results, its free-text answers made into feedback items, and its printable handout. */
export const surveyResultRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const surveys = services.surveys;

  app.get('/surveys/:surveyId/results', guarded, async (request, reply) => {
    const { t, lang } = request;
    const actor = actorOf(request);
    const { survey, totals, questions } = await services.surveyResults.results(
      actor,
      idsOf(request),
    );
    const mayTriage = can(actor, 'feedback.triage', {
      id: survey.organisationId,
      ancestors: survey.ancestors,
    });
    const share = (count: number, of: number) => (of ? Math.round((count / of) * 100) : 0);
    return reply.render(view('results'), {
      pageTitle: t('surveys:results.title', { title: local(lang, survey.titleEn, survey.titleCy) }),
      surveyId: survey.id,
      flash: (await takeFlash<string>(services.sessions, request))
        ? t('surveys:flash.itemMade')
        : undefined,
      totals,
      mayTriage,
      kinds: choices(t, feedbackKinds, 'feedback:kindNames.', 'suggestion', { select: true }),
      questions: questions.map((q) => {
        const words = wordsOf(q, lang);
        const rows =
          q.kind === 'scale'
            ? q.pointCounts.map((count, i) => ({
                label: pointLabel(i + 1, q.scalePoints, words),
                count,
                percent: share(count, q.answered),
              }))
            : words.options.map((label, i) => ({
                label,
                count: q.optionCounts[i] ?? 0,
                percent: share(q.optionCounts[i] ?? 0, q.answered),
              }));
        const points = q.pointCounts.reduce((sum, c) => sum + c, 0);
        const mean = points
          ? q.pointCounts.reduce((sum, c, i) => sum + c * (i + 1), 0) / points
          : null;
        return {
          id: q.id,
          position: q.position,
          text: words.text,
          kind: q.kind,
          multiple: q.kind === 'multiple',
          answered: q.answered || (q.kind === 'scale' ? points : 0),
          rows,
          mean: mean === null ? null : mean.toFixed(1),
          texts: q.texts.map((a) => ({
            responseId: a.responseId,
            text: a.text,
            at: formatDate(a.answeredAt, lang),
            itemHref: a.feedbackItemId ? `/feedback/items/${a.feedbackItemId}` : null,
          })),
        };
      }),
    });
  });

  app.get('/surveys/:surveyId/results/:questionId', guarded, async (request, reply) => {
    const { t, lang } = request;
    const actor = actorOf(request);
    const { surveyId, questionId } = questionIdsOf(request);
    const { page } = pageQuery.parse(request.query);
    const result = await services.surveyResults.textAnswers(actor, surveyId, questionId, page);
    const { survey } = result;
    return reply.render(view('text-answers'), {
      pageTitle: wordsOf(result.question, lang).text,
      caption: local(lang, survey.titleEn, survey.titleCy),
      surveyId,
      questionId,
      mayTriage: can(actor, 'feedback.triage', {
        id: survey.organisationId,
        ancestors: survey.ancestors,
      }),
      kinds: choices(t, feedbackKinds, 'feedback:kindNames.', 'suggestion', { select: true }),
      texts: result.rows.map((a) => ({
        responseId: a.responseId,
        text: a.text,
        at: formatDate(a.answeredAt, lang),
        itemHref: a.feedbackItemId ? `/feedback/items/${a.feedbackItemId}` : null,
      })),
      pagination: pagination(
        t,
        pageHref(`/surveys/${surveyId}/results/${questionId}`, {}),
        result.page,
        result.pageCount,
      ),
    });
  });

  // a printable A4 handout of a live survey's short link with a QR code, Welsh above English:
  // what a worker gives someone leaving the service (an exit questionnaire) or puts on the wall
  app.get('/surveys/:surveyId/handout.pdf', guarded, async (request, reply) => {
    const survey = await surveys.surveyFor(actorOf(request), idsOf(request), 'feedback.view');
    if (!survey.code || stateOf(survey) !== 'live') throw new HttpError(404);
    const link = `${services.config.publicUrl}/s/${survey.code}`;
    const qr = await QRCode.toBuffer(link, {
      type: 'png',
      errorCorrectionLevel: 'M',
      margin: 2,
      width: 600,
    });
    const words = (lang: 'en' | 'cy') => {
      const t = services.i18n.t(lang);
      const intro = local(lang, survey.introEn, survey.introCy);
      return {
        service: local(lang, survey.organisationEn, survey.organisationCy),
        title: local(lang, survey.titleEn, survey.titleCy),
        lead: intro || t('surveys:handout.lead'),
        anonymous: t('surveys:answer.privacy'),
        scan: t('surveys:handout.scan'),
        text: null,
      };
    };
    const bytes = await tellUsPosterPdf(words('cy'), words('en'), {
      printed: printedLink(link),
      qr,
    });
    return reply
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="survey-${survey.code}.pdf"`)
      .header('cache-control', 'private, no-store')
      .send(bytes);
  });

  // a free-text answer made into a feedback item in the organisation's inbox
  const answerParams = z.object({ surveyId: z.guid(), responseId: z.guid(), questionId: z.guid() });
  app.post(
    '/surveys/:surveyId/answers/:responseId/:questionId/item',
    guarded,
    async (request, reply) => {
      const parsed = parsedOr404(answerParams, request.params);
      const kind = feedbackKinds.find((k) => k === request.form.kind) ?? 'suggestion';
      const itemId = await services.surveyResults.makeItem(actorOf(request), parsed, kind);
      return reply.redirect(`/feedback/items/${itemId}`, 303);
    },
  );
};
