import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf } from '#platform/http/guards.ts';
import { oneDecimal } from './results.ts';
import {
  candidateParams,
  memberParams,
  memberSearchQuery,
  panelParams,
  parseCandidateForm,
  parseQuestionForm,
  parseScoreSheet,
  parseStaffScores,
  questionParams,
  scoreField,
  str,
  type Form,
} from './schema.ts';
import { view, guarded, panelPages } from './http.ts';
import { parsedOr404 } from '#platform/http/params.ts';
import type { Issue, Result } from '#platform/validation/index.ts';
import type { Actor } from '#platform/auth/sessions.ts';

/** A panel's parts: members, questions, candidates, score sheets, results and closing. */
export const panelPartsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { panels } = services;
  const { flash, takeFlash, local, panelView, shownErrors } = panelPages(services);

  type Options = { values?: Form; errors?: Issue[] };
  type PanelView = Awaited<ReturnType<typeof panels.viewPanel>>;
  type Render = (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    options?: Options,
  ) => Promise<unknown>;

  /** Saves a form about the panel: its page again with the errors, or back to the part's list. */
  const saving =
    <T>(
      part: 'members' | 'questions' | 'candidates',
      render: Render,
      parse: (form: Form, panel: PanelView) => Result<T>,
      save: (actor: Actor, id: string, value: T) => Promise<Result<unknown>>,
      done: string,
    ) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const actor = actorOf(request);
      const { id } = parsedOr404(panelParams, request.params);
      const parsed = parse(request.form, await panels.viewPanel(actor, id));
      const saved = parsed.ok ? await save(actor, id, parsed.value) : parsed;
      if (!saved.ok)
        return render(request, reply, id, { values: request.form, errors: saved.issues });
      flash(request, done);
      return reply.redirect(`/panels/${id}/${part}`, 303);
    };

  /** The parts of a panel listed on their own pages, each removed at its own path. */
  const removable = {
    members: { schema: memberParams, key: 'personId', remove: 'removeMember' },
    questions: { schema: questionParams, key: 'questionId', remove: 'removeQuestion' },
    candidates: { schema: candidateParams, key: 'candidateId', remove: 'removeCandidate' },
  } as const;

  /** Removes one part, or shows its list again with why not. */
  const removing =
    (part: keyof typeof removable, render: Render, done: string) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const { schema, key, remove } = removable[part];
      const ids = parsedOr404<Record<string, string>>(schema, request.params);
      const id = ids.id!;
      const removed = await panels[remove](actorOf(request), id, ids[key]!);
      if (!removed.ok) return render(request, reply, id, { errors: removed.issues });
      flash(request, done);
      return reply.redirect(`/panels/${id}/${part}`, 303);
    };

  // ---------------------------------------------------------------- members

  const renderMembers: Render = async (request, reply, id, { errors } = {}) => {
    const actor = actorOf(request);
    const t = request.t;
    const query = memberSearchQuery.parse(request.query);
    const { panel, members, found } = await panels.viewMembersPage(actor, id, query.q);
    const shown = shownErrors(request, reply, errors);
    return reply.render(view('members'), {
      pageTitle: t('panels:members.title'),
      flash: await takeFlash(request),
      errorList: shown.errorList.map((e) => ({ ...e, href: '#q' })),
      panel: panelView(request, panel),
      members,
      q: query.q ?? '',
      found,
    });
  };

  app.get('/panels/:id/members', guarded, async (request, reply) => {
    const { id } = parsedOr404(panelParams, request.params);
    return renderMembers(request, reply, id);
  });

  app.post('/panels/:id/members', guarded, async (request, reply) => {
    const { id } = parsedOr404(panelParams, request.params);
    const added = await panels.addMember(actorOf(request), id, str(request.form, 'personId'));
    if (!added.ok) return renderMembers(request, reply, id, { errors: added.issues });
    flash(request, added.value ? 'flash.memberAdded' : 'flash.memberAddedUntrained');
    return reply.redirect(`/panels/${id}/members`, 303);
  });

  app.post('/panels/:id/members/from-opportunity', guarded, async (request, reply) => {
    const { id } = parsedOr404(panelParams, request.params);
    const added = await panels.addSelectedPeople(actorOf(request), id);
    if (!added.ok) return renderMembers(request, reply, id, { errors: added.issues });
    flash(request, added.value ? 'flash.selectedAdded' : 'flash.noneSelected');
    return reply.redirect(`/panels/${id}/members`, 303);
  });

  app.post(
    '/panels/:id/members/:personId/remove',
    guarded,
    removing('members', renderMembers, 'flash.memberRemoved'),
  );

  // ---------------------------------------------------------------- questions

  const renderQuestions: Render = async (request, reply, id, options = {}) => {
    const t = request.t;
    const { panel, questions } = await panels.viewPanel(actorOf(request), id);
    const shown = shownErrors(request, reply, options.errors);
    return reply.render(view('questions'), {
      pageTitle: t('panels:questions.title'),
      flash: await takeFlash(request),
      ...shown,
      panel: panelView(request, panel),
      questions: questions.map((q) => ({ ...q, text: local(request, q.textEn, q.textCy) })),
      values: options.values ?? { weight: '1' },
    });
  };

  app.get('/panels/:id/questions', guarded, async (request, reply) => {
    const { id } = parsedOr404(panelParams, request.params);
    return renderQuestions(request, reply, id);
  });

  app.post(
    '/panels/:id/questions',
    guarded,
    saving(
      'questions',
      renderQuestions,
      parseQuestionForm,
      (actor, id, question) => panels.addQuestion(actor, id, question),
      'flash.questionAdded',
    ),
  );

  app.post(
    '/panels/:id/questions/:questionId/remove',
    guarded,
    removing('questions', renderQuestions, 'flash.questionRemoved'),
  );

  // ---------------------------------------------------------------- candidates and staff scores

  const renderCandidates: Render = async (request, reply, id, options = {}) => {
    const t = request.t;
    const { panel, candidates } = await panels.viewPanel(actorOf(request), id);
    const shown = shownErrors(request, reply, options.errors);
    const values = options.values ?? {};
    return reply.render(view('candidates'), {
      pageTitle: t(`panels:candidates.title.${panel.kind}`),
      flash: await takeFlash(request),
      ...shown,
      panel: panelView(request, panel),
      candidates: candidates.map((c) => {
        const name = `staff-${c.id}`;
        const raw = values[name];
        return {
          ...c,
          field: name,
          value: typeof raw === 'string' ? raw : c.staffScore === null ? '' : String(c.staffScore),
        };
      }),
      label: typeof values.label === 'string' ? values.label : '',
      needsStaffScore: panel.userWeight < 100,
    });
  };

  app.get('/panels/:id/candidates', guarded, async (request, reply) => {
    const { id } = parsedOr404(panelParams, request.params);
    return renderCandidates(request, reply, id);
  });

  app.post(
    '/panels/:id/candidates',
    guarded,
    saving(
      'candidates',
      renderCandidates,
      parseCandidateForm,
      (actor, id, { label }) => panels.addCandidate(actor, id, label),
      'flash.candidateAdded',
    ),
  );

  app.post(
    '/panels/:id/candidates/:candidateId/remove',
    guarded,
    removing('candidates', renderCandidates, 'flash.candidateRemoved'),
  );

  app.post(
    '/panels/:id/staff-scores',
    guarded,
    saving(
      'candidates',
      renderCandidates,
      (form, { candidates }) => parseStaffScores(form, candidates),
      (actor, id, scores) => panels.recordStaffScores(actor, id, scores),
      'flash.staffScoresSaved',
    ),
  );

  // ---------------------------------------------------------------- a member's score sheet

  const renderScores = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    personId: string,
    options: Options = {},
  ) => {
    const t = request.t;
    const sheet = await panels.viewScoreSheet(actorOf(request), id, personId);
    const shown = shownErrors(request, reply, options.errors);
    const stored = new Map(
      sheet.scores.map((s) => [scoreField(s.candidateId, s.questionId), String(s.score)]),
    );
    const questions = sheet.questions.map((q) => ({
      ...q,
      text: local(request, q.textEn, q.textCy),
    }));
    return reply.render(view('scores'), {
      pageTitle: t('panels:scores.title', { name: sheet.member.displayName }),
      ...shown,
      panel: panelView(request, sheet.panel),
      member: sheet.member,
      questions,
      candidates: sheet.candidates.map((c) => ({
        ...c,
        cells: questions.map((q) => {
          const name = scoreField(c.id, q.id);
          const raw = options.values?.[name];
          return {
            name,
            question: q,
            value: options.values ? (typeof raw === 'string' ? raw : '') : (stored.get(name) ?? ''),
          };
        }),
      })),
    });
  };

  app.get('/panels/:id/members/:personId/scores', guarded, async (request, reply) => {
    const { id, personId } = parsedOr404(memberParams, request.params);
    return renderScores(request, reply, id, personId);
  });

  app.post('/panels/:id/members/:personId/scores', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const { id, personId } = parsedOr404(memberParams, request.params);
    const { panel, questions, candidates } = await panels.viewPanel(actor, id);
    const parsed = parseScoreSheet(request.form, panel, candidates, questions);
    if (!parsed.ok)
      return renderScores(request, reply, id, personId, {
        values: request.form,
        errors: parsed.issues,
      });
    const saved = await panels.recordScores(actor, id, personId, parsed.value);
    if (!saved.ok)
      return renderScores(request, reply, id, personId, {
        values: request.form,
        errors: saved.issues,
      });
    flash(request, 'flash.scoresSaved');
    return reply.redirect(`/panels/${id}/members`, 303);
  });

  // ---------------------------------------------------------------- results and closing

  app.get('/panels/:id/results', guarded, async (request, reply) => {
    const { id } = parsedOr404(panelParams, request.params);
    const t = request.t;
    const { panel, questions, results, members } = await panels.panelResults(actorOf(request), id);
    return reply.render(view('results'), {
      pageTitle: t('panels:results.title'),
      panel: panelView(request, panel),
      members,
      questions: questions.map((q) => ({ ...q, text: local(request, q.textEn, q.textCy) })),
      results: results.map((r) => ({
        ...r,
        userScore: oneDecimal(r.userScore),
        staffScore: oneDecimal(r.staffScore),
        combined: oneDecimal(r.combined),
        questions: r.questions.map((q) => ({ ...q, mean: oneDecimal(q.mean) })),
      })),
      staffWeight: 100 - panel.userWeight,
    });
  });

  app.get('/panels/:id/close', guarded, async (request, reply) => {
    const { id } = parsedOr404(panelParams, request.params);
    const { panel, members } = await panels.viewPanelWithMembers(actorOf(request), id);
    return reply.render(view('close'), {
      pageTitle: request.t('panels:close.title'),
      panel: panelView(request, panel),
      scorers: members.filter((m) => m.scored > 0).length,
      members: members.length,
    });
  });

  app.post('/panels/:id/close', guarded, async (request, reply) => {
    const { id } = parsedOr404(panelParams, request.params);
    const result = await panels.closePanel(actorOf(request), id);
    flash(request, result.closed ? 'flash.closed' : 'flash.alreadyClosed');
    return reply.redirect(`/panels/${id}`, 303);
  });
};
