import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { keepFlash, takeFlash } from '#platform/http/flash.ts';
import { pageHref, pagination } from '#platform/http/pagination.ts';
import { can } from '#platform/permissions/policy.ts';
import { choices, formErrors, type Form, type Issue } from '#platform/validation/index.ts';
import { formatDate } from '#platform/views/views.ts';
import { wordsOf, type Question } from './answering.ts';
import {
  MAX_QUESTIONS,
  pageQuery,
  parseComment,
  parseQuestion,
  parseSurvey,
  questionParams,
  surveyParams,
} from './schema.ts';
import { isOpen, today } from './service.ts';
import { questionKinds, surveyKinds } from './tables.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import { local } from '#platform/i18n/i18n.ts';

export const view = (name: string) => `feedback/surveys/views/${name}.njk`;

export const idsOf = (request: FastifyRequest) => {
  return parsedOr404(surveyParams, request.params).surveyId;
};
export const questionIdsOf = (request: FastifyRequest) => {
  return parsedOr404(questionParams, request.params);
};

/** The state shown for a survey: a live one past its closing day has closed. */
export const stateOf = (survey: {
  status: 'draft' | 'live' | 'closed';
  closesOn: string | null;
}) => (survey.status === 'live' && !isOpen(survey, today()) ? 'closed' : survey.status);

const dateParts = (iso: string | null) => {
  if (!iso) return {};
  const [year, month, day] = iso.split('-');
  return {
    'closesOn-day': String(Number(day)),
    'closesOn-month': String(Number(month)),
    'closesOn-year': year,
  };
};

const questionForm = (q: Question): Form => ({
  kind: q.kind,
  textEn: q.textEn,
  textCy: q.textCy,
  hintEn: q.hintEn,
  hintCy: q.hintCy,
  required: q.required ? 'yes' : 'no',
  optionsEn: q.optionsEn.join('\n'),
  optionsCy: q.optionsCy.some(Boolean) ? q.optionsCy.join('\n') : '',
  scalePoints: q.scalePoints ? String(q.scalePoints) : '5',
  lowEn: q.lowEn,
  lowCy: q.lowCy,
  highEn: q.highEn,
  highCy: q.highCy,
});

/** Staff build surveys and exit questionnaires, share drafts, open and close them (feedback.publish). */
export const surveyRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const surveys = services.surveys;

  app.get('/surveys', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'feedback.view');
    const { t, lang } = request;
    const { page } = pageQuery.parse(request.query);
    const result = await surveys.list(actor, page);
    return reply.render(view('list'), {
      pageTitle: t('surveys:title'),
      mayBuild: (await surveys.organisations(actor)).length > 0,
      surveys: result.rows.map((s) => ({
        href: `/surveys/${s.id}`,
        title: local(lang, s.titleEn, s.titleCy),
        organisation: local(lang, s.organisationEn, s.organisationCy),
        kind: t(`surveys:kinds.${s.kind}`),
        state: t(`surveys:states.${stateOf(s)}`),
        responses: s.responses,
      })),
      pagination: pagination(t, pageHref('/surveys', {}), result.page, result.pageCount),
    });
  });

  const renderDetails = async (
    request: FastifyRequest,
    reply: FastifyReply,
    surveyId: string | null,
    values: Form,
    issues?: Issue[],
  ) => {
    const { t, lang } = request;
    const actor = actorOf(request);
    const errors = formErrors(t, issues ?? [], { closesOn: 'closesOn-day' });
    if (issues) reply.code(400);
    const organisations = surveyId ? [] : await surveys.organisations(actor);
    const chosen = typeof values.organisation === 'string' ? values.organisation : '';
    return reply.render(view('details'), {
      pageTitle: t(surveyId ? 'surveys:details.editTitle' : 'surveys:details.newTitle'),
      action: surveyId ? `/surveys/${surveyId}/edit` : '/surveys/new',
      back: surveyId ? `/surveys/${surveyId}` : '/surveys',
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      organisations: surveyId
        ? null
        : [
            { value: '', text: t('surveys:details.chooseOrganisation') },
            ...organisations.map((o) => ({
              value: o.id,
              text: local(lang, o.nameEn, o.nameCy),
              selected: o.id === chosen,
            })),
          ],
      kinds: choices(t, surveyKinds, 'surveys:kinds.', String(values.kind ?? 'survey'), {
        hints: 'surveys:kindHints.',
      }),
    });
  };

  app.get('/surveys/new', guarded, (request, reply) => {
    authoriseAnywhere(request, 'feedback.publish');
    return renderDetails(request, reply, null, { kind: 'survey' });
  });
  // (the organisation chosen is authorised by the service: 404 out of sight, 403 without the right)
  app.post('/surveys/new', guarded, async (request, reply) => {
    const parsed = parseSurvey(request.form, true);
    if (!parsed.ok) {
      authoriseAnywhere(request, 'feedback.publish');
      return renderDetails(request, reply, null, request.form, parsed.issues);
    }
    const id = await surveys.create(actorOf(request), parsed.value);
    keepFlash(request, 'created');
    return reply.redirect(`/surveys/${id}`, 303);
  });

  app.get('/surveys/:surveyId/edit', guarded, async (request, reply) => {
    const survey = await surveys.surveyFor(actorOf(request), idsOf(request), 'feedback.publish');
    return renderDetails(request, reply, survey.id, {
      kind: survey.kind,
      titleEn: survey.titleEn,
      titleCy: survey.titleCy,
      introEn: survey.introEn,
      introCy: survey.introCy,
      ...dateParts(survey.closesOn),
    });
  });
  app.post('/surveys/:surveyId/edit', guarded, async (request, reply) => {
    const surveyId = idsOf(request);
    const parsed = parseSurvey(request.form, false);
    if (!parsed.ok) {
      await surveys.surveyFor(actorOf(request), surveyId, 'feedback.publish');
      return renderDetails(request, reply, surveyId, request.form, parsed.issues);
    }
    await surveys.update(actorOf(request), surveyId, parsed.value);
    keepFlash(request, 'saved');
    return reply.redirect(`/surveys/${surveyId}`, 303);
  });

  const renderShow = async (
    request: FastifyRequest,
    reply: FastifyReply,
    failed?: { issues: Issue[]; values: Form },
    flash?: string,
  ) => {
    const { t, lang } = request;
    const actor = actorOf(request);
    const { survey, questions, comments, responses, forums } = await surveys.view(
      actor,
      idsOf(request),
    );
    const organisation = { id: survey.organisationId, ancestors: survey.ancestors };
    const errors = formErrors(t, failed?.issues ?? []);
    if (failed) reply.code(400);
    const state = stateOf(survey);
    const missingWelsh =
      (survey.titleCy ? 0 : 1) +
      questions.filter((q) => !q.textCy || (q.optionsEn.length > 0 && !q.optionsCy.some(Boolean)))
        .length;
    return reply.render(view('show'), {
      pageTitle: local(lang, survey.titleEn, survey.titleCy),
      flash: flash ? t(`surveys:flash.${flash}`) : undefined,
      errors: errors.fields,
      errorList: errors.errorList,
      survey: {
        id: survey.id,
        kind: t(`surveys:kinds.${survey.kind}`),
        exit: survey.kind === 'exit',
        organisation: local(lang, survey.organisationEn, survey.organisationCy),
        intro: local(lang, survey.introEn, survey.introCy),
        state,
        stateText: t(`surveys:states.${state}`),
        closesOn: survey.closesOn ? formatDate(survey.closesOn, lang) : null,
        link: survey.code && state === 'live' ? `/s/${survey.code}` : null,
        address: survey.code ? `${services.config.publicUrl}/s/${survey.code}` : null,
        forum: survey.forumId ? local(lang, survey.forumEn ?? '', survey.forumCy ?? '') : null,
        sharedAt: survey.sharedAt ? formatDate(survey.sharedAt, lang) : null,
      },
      responses,
      missingWelsh,
      mayEdit: can(actor, 'feedback.publish', organisation),
      draft: survey.status === 'draft',
      full: questions.length >= MAX_QUESTIONS,
      questions: questions.map((q, i) => {
        const words = wordsOf(q, lang);
        return {
          id: q.id,
          position: q.position,
          text: words.text,
          kind: t(`surveys:questionKinds.${q.kind}`),
          required: q.required,
          options: q.kind === 'scale' ? [] : words.options,
          scale: q.scalePoints ? t('surveys:builder.scaleOf', { points: q.scalePoints }) : null,
          first: i === 0,
          last: i === questions.length - 1,
        };
      }),
      forums: [
        { value: '', text: t('surveys:share.none') },
        ...forums.map((f) => ({
          value: f.id,
          text: local(lang, f.nameEn, f.nameCy),
          selected: f.id === survey.forumId,
        })),
      ],
      comments: comments.map((c) => ({
        body: c.body,
        by: c.personName
          ? t('surveys:comments.byMember', { name: c.personName })
          : (c.accountName ?? t('surveys:comments.unknown')),
        at: formatDate(c.createdAt, lang),
      })),
      commentValue: failed?.values.comment ?? '',
    });
  };

  app.get('/surveys/:surveyId', guarded, async (request, reply) =>
    renderShow(request, reply, undefined, await takeFlash<string>(services.sessions, request)),
  );

  const renderQuestion = async (
    request: FastifyRequest,
    reply: FastifyReply,
    questionId: string | null,
    values: Form,
    issues?: Issue[],
  ) => {
    const { t } = request;
    const surveyId = idsOf(request);
    const errors = formErrors(t, issues ?? [], { kind: 'kind' });
    if (issues) reply.code(400);
    return reply.render(view('question-edit'), {
      pageTitle: t(questionId ? 'surveys:builder.editTitle' : 'surveys:builder.newTitle'),
      action: questionId
        ? `/surveys/${surveyId}/questions/${questionId}`
        : `/surveys/${surveyId}/questions/new`,
      back: `/surveys/${surveyId}`,
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      kinds: choices(t, questionKinds, 'surveys:questionKinds.', String(values.kind ?? ''), {
        hints: 'surveys:questionKindHints.',
      }),
    });
  };

  app.get('/surveys/:surveyId/questions/new', guarded, async (request, reply) => {
    const { survey } = await surveys.view(actorOf(request), idsOf(request));
    await surveys.surveyFor(actorOf(request), survey.id, 'feedback.publish');
    if (survey.status !== 'draft') throw new HttpError(409);
    return renderQuestion(request, reply, null, { scalePoints: '5', required: 'no' });
  });
  app.post('/surveys/:surveyId/questions/new', guarded, async (request, reply) => {
    const surveyId = idsOf(request);
    const parsed = parseQuestion(request.form);
    if (!parsed.ok) {
      await surveys.surveyFor(actorOf(request), surveyId, 'feedback.publish');
      return renderQuestion(request, reply, null, request.form, parsed.issues);
    }
    const added = await surveys.addQuestion(actorOf(request), surveyId, parsed.value);
    if (!added)
      return renderQuestion(request, reply, null, request.form, [
        { field: 'form', message: 'surveys:errors.full' },
      ]);
    keepFlash(request, 'questionAdded');
    return reply.redirect(`/surveys/${surveyId}#questions`, 303);
  });

  app.get('/surveys/:surveyId/questions/:questionId', guarded, async (request, reply) => {
    const { surveyId, questionId } = questionIdsOf(request);
    const { question } = await surveys.question(actorOf(request), surveyId, questionId);
    return renderQuestion(request, reply, question.id, questionForm(question));
  });
  app.post('/surveys/:surveyId/questions/:questionId', guarded, async (request, reply) => {
    const { surveyId, questionId } = questionIdsOf(request);
    const parsed = parseQuestion(request.form);
    if (!parsed.ok) {
      await surveys.question(actorOf(request), surveyId, questionId);
      return renderQuestion(request, reply, questionId, request.form, parsed.issues);
    }
    await surveys.updateQuestion(actorOf(request), surveyId, questionId, parsed.value);
    keepFlash(request, 'questionSaved');
    return reply.redirect(`/surveys/${surveyId}#questions`, 303);
  });
  app.post('/surveys/:surveyId/questions/:questionId/move', guarded, async (request, reply) => {
    const { surveyId, questionId } = questionIdsOf(request);
    await surveys.moveQuestion(
      actorOf(request),
      surveyId,
      questionId,
      request.form.direction === 'up',
    );
    return reply.redirect(`/surveys/${surveyId}#questions`, 303);
  });
  app.post('/surveys/:surveyId/questions/:questionId/remove', guarded, async (request, reply) => {
    const { surveyId, questionId } = questionIdsOf(request);
    await surveys.removeQuestion(actorOf(request), surveyId, questionId);
    keepFlash(request, 'questionRemoved');
    return reply.redirect(`/surveys/${surveyId}#questions`, 303);
  });

  app.post('/surveys/:surveyId/share', guarded, async (request, reply) => {
    const surveyId = idsOf(request);
    const forum = typeof request.form.forum === 'string' ? request.form.forum : '';
    if (forum && !z.guid().safeParse(forum).success) throw new HttpError(400);
    await surveys.share(actorOf(request), surveyId, forum || null);
    keepFlash(request, forum ? 'shared' : 'unshared');
    return reply.redirect(`/surveys/${surveyId}`, 303);
  });

  app.post('/surveys/:surveyId/comments', guarded, async (request, reply) => {
    const surveyId = idsOf(request);
    const comment = parseComment(request.form);
    if (!comment.ok) {
      await surveys.surveyFor(actorOf(request), surveyId, 'feedback.publish');
      return renderShow(request, reply, { issues: comment.issues, values: request.form });
    }
    await surveys.comment(actorOf(request), surveyId, comment.value);
    keepFlash(request, 'commented');
    return reply.redirect(`/surveys/${surveyId}#comments`, 303);
  });

  app.post('/surveys/:surveyId/status', guarded, async (request, reply) => {
    const surveyId = idsOf(request);
    const status =
      request.form.status === 'closed' ? 'closed' : request.form.status === 'live' ? 'live' : null;
    if (!status) throw new HttpError(400);
    const done = await surveys.setStatus(actorOf(request), surveyId, status);
    if (!done)
      return renderShow(request, reply, {
        issues: [{ field: 'form', message: 'surveys:errors.noQuestions' }],
        values: {},
      });
    keepFlash(request, status === 'live' ? 'opened' : 'closed');
    return reply.redirect(`/surveys/${surveyId}`, 303);
  });
};
