import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Services } from '#platform/modules/contract.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import { electionStatuses } from './tables.ts';
import { HttpError } from '#platform/http/errors.ts';
import { actorOf, authorise, guarded } from '#platform/http/guards.ts';
import { can, canAnywhere } from '#platform/permissions/policy.ts';
import { electionPortalRoutes } from './portal-routes.ts';
import { errorOf, named } from './present.ts';
import { formErrors } from '#platform/validation/index.ts';
import {
  answerForm,
  electionValues,
  nominateForm,
  parseElection,
  parseTally,
  validate,
  type Form,
} from './schema.ts';
import type { FormIssues } from '../validation.ts';
import { ElectionError, londonToday, type Election } from './service.ts';
import { pageHref, pagination } from '#platform/http/pagination.ts';
import { saveSessionData } from '#platform/http/session-data.ts';
import { idOf } from '#platform/http/params.ts';
import { flashMessages } from '#platform/http/flash.ts';
import { parsedOr404 } from '#platform/http/params.ts';

const view = (name: string) => `involvement/elections/views/${name}.njk`;
const nominationParams = z.object({ id: z.guid(), nominationId: z.guid() });
const listQuery = z.object({
  status: z.enum(electionStatuses).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).catch(1).default(1),
});
const searchQuery = z.object({
  q: z.string().trim().max(100).catch('').default(''),
  suggestion: z.guid().optional().catch(undefined),
});

const DRAFT_KEY = 'electionDraft';

function paginationOf(
  request: FastifyRequest,
  params: Record<string, string>,
  page: number,
  pageCount: number,
) {
  return pagination(
    request.t,
    pageHref('/elections', params),
    page,
    pageCount,
    'elections:list.pagination',
  );
}

/**
 * Peer elections of representatives, staff side (/elections). Running an election needs
 * election.manage; marking paper voters and counting paper ballots needs election.count (and a
 * different member of staff to confirm the count). The portal side is in portal-routes.ts.
 */
export const electionsRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { sessions, elections } = services;

  electionPortalRoutes(app, services, elections);

  const mayView = (actor: Actor, election: Election) =>
    can(actor, 'election.manage', election.organisation) ||
    can(actor, 'election.count', election.organisation);

  /** The election in the URL, if the actor may see it: 404 when invisible, 403 otherwise. */
  async function electionFor(
    request: FastifyRequest,
    permission: 'election.manage' | 'election.count' | 'view',
  ) {
    const election = await elections.find(idOf(request));
    if (!election) throw new HttpError(404);
    const actor = actorOf(request);
    if (permission === 'view') {
      if (!mayView(actor, election)) authorise(request, 'election.manage', election.organisation);
    } else authorise(request, permission, election.organisation);
    return { actor, election };
  }

  const saveData = (request: FastifyRequest, changes: Record<string, unknown>) =>
    saveSessionData(sessions, request, changes);
  const flashes = flashMessages(sessions);
  /** Redirects to `url` with this request's own success message. */
  const redirectWith = async (
    request: FastifyRequest,
    reply: FastifyReply,
    url: string,
    key: string,
  ) => reply.redirect(await flashes.redirectUrl(request, url, { key }), 303);

  // ------------------------------------------------------------------ list

  app.get('/elections', guarded, async (request, reply) => {
    const actor = actorOf(request);
    if (!canAnywhere(actor, 'election.manage') && !canAnywhere(actor, 'election.count'))
      throw new HttpError(403);
    const query = listQuery.parse(request.query);
    const result = await elections.list(actor, query);
    const params: Record<string, string> = query.status ? { status: query.status } : {};
    return reply.render(view('list'), {
      pageTitle: request.t('elections:list.title'),
      rows: result.rows.map((row) => ({
        ...row,
        role: request.lang === 'cy' ? row.roleCy : row.roleEn,
        organisation: request.lang === 'cy' ? row.organisationNameCy : row.organisationNameEn,
      })),
      total: result.total,
      statuses: electionStatuses,
      status: query.status ?? '',
      canCreate: canAnywhere(actor, 'election.manage'),
      pagination: paginationOf(request, params, result.page, result.pageCount),
      ...(await flashes.take(request)),
    });
  });

  // ------------------------------------------------------------------ create

  const organisationOptions = async (actor: Actor, lang: string, selected: string) => {
    const organisations = await elections.organisationsFor(actor);
    return [
      { value: '', text: '' },
      ...organisations.map((o) => ({
        value: o.id,
        text: lang === 'cy' ? o.nameCy : o.nameEn,
        selected: o.id === selected,
      })),
    ];
  };

  async function renderNew(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    errors: FormIssues = {},
  ) {
    const actor = actorOf(request);
    return reply.status(Object.keys(errors).length ? 400 : 200).render(view('new'), {
      pageTitle: request.t('elections:new.title'),
      values,
      organisations: await organisationOptions(actor, request.lang, values.organisationId ?? ''),
      ...formErrors(request.t, errors),
    });
  }

  const requireManager = (request: FastifyRequest) => {
    const actor = actorOf(request);
    if (!canAnywhere(actor, 'election.manage')) throw new HttpError(403);
    return actor;
  };

  app.get('/elections/new', guarded, async (request, reply) => {
    requireManager(request);
    const draft = request.session?.data[DRAFT_KEY] as Record<string, string> | undefined;
    return renderNew(request, reply, draft ?? { seats: '1', selfNomination: 'yes' });
  });

  /** Checks the actor may run elections at the organisation chosen (404 if they cannot see it). */
  async function checkOrganisation(request: FastifyRequest, organisationId: string) {
    const organisation = await elections.organisation(organisationId);
    if (!organisation) throw new HttpError(404);
    authorise(request, 'election.manage', organisation);
    return organisation;
  }

  app.post('/elections/new', guarded, async (request, reply) => {
    const values = electionValues(request.form);
    // the organisation first: one the actor cannot see answers 404, whatever their roles
    if (z.guid().safeParse(values.organisationId).success)
      await checkOrganisation(request, values.organisationId!);
    requireManager(request);
    const parsed = parseElection(request.form, londonToday());
    if (!parsed.ok) return renderNew(request, reply, values, parsed.issues);
    await saveData(request, { [DRAFT_KEY]: values });
    return reply.redirect('/elections/new/check', 303);
  });

  const draftOf = (request: FastifyRequest) => {
    const draft = request.session?.data[DRAFT_KEY] as Record<string, string> | undefined;
    if (!draft) return null;
    const parsed = parseElection(draft, londonToday());
    return parsed.ok ? parsed.value : null;
  };

  app.get('/elections/new/check', guarded, async (request, reply) => {
    requireManager(request);
    const draft = draftOf(request);
    if (!draft) return reply.redirect('/elections/new', 303);
    const organisation = await checkOrganisation(request, draft.organisationId);
    return reply.render(view('check'), {
      pageTitle: request.t('elections:check.title'),
      draft,
      organisation: request.lang === 'cy' ? organisation.name_cy : organisation.name_en,
    });
  });

  app.post('/elections/new/check', guarded, async (request, reply) => {
    const actor = requireManager(request);
    const draft = draftOf(request);
    if (!draft) return reply.redirect('/elections/new', 303);
    await checkOrganisation(request, draft.organisationId);
    const id = await elections.create(actor, draft);
    await saveData(request, { [DRAFT_KEY]: undefined });
    return redirectWith(request, reply, `/elections/${id}`, 'elections:show.created');
  });

  // ------------------------------------------------------------------ one election

  async function renderShow(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    election: Election,
    errors: FormIssues = {},
  ) {
    const details = await elections.details(actor, election);
    const confirmedCount = details.tally?.confirmedBy != null;
    return reply.status(Object.keys(errors).length ? 400 : 200).render(view('show'), {
      pageTitle: named(election, request.lang).role,
      election,
      names: named(election, request.lang),
      ...details,
      canManage: can(actor, 'election.manage', election.organisation),
      canCount: can(actor, 'election.count', election.organisation),
      enteredByMe: details.tally?.enteredBy === actor.id,
      confirmedCount,
      ...formErrors(request.t, errors),
      ...(await flashes.take(request)),
    });
  }

  app.get('/elections/:id', guarded, async (request, reply) => {
    const { actor, election } = await electionFor(request, 'view');
    return renderShow(request, reply, actor, election);
  });

  /** Runs a change; a refusal comes back to the election's page with an error summary. */
  async function act(
    request: FastifyRequest,
    reply: FastifyReply,
    permission: 'election.manage' | 'election.count',
    change: (actor: Actor, election: Election) => Promise<unknown>,
    flash: string,
  ) {
    const { actor, election } = await electionFor(request, permission);
    try {
      await change(actor, election);
    } catch (error) {
      if (!(error instanceof ElectionError)) throw error;
      const fresh = (await elections.find(election.id)) ?? election;
      return renderShow(request, reply, actor, fresh, errorOf(error));
    }
    return redirectWith(request, reply, `/elections/${election.id}`, flash);
  }

  /** One-button actions on an election: the path, who may, the command and what to say. */
  type Command = (actor: Actor, electionId: string) => Promise<unknown>;
  const actions: [string, 'election.manage' | 'election.count', Command, string][] = [
    [
      'open-voting',
      'election.manage',
      (actor, id) => elections.openVoting(actor, id),
      'votingOpened',
    ],
    [
      'close-voting',
      'election.manage',
      (actor, id) => elections.closeVoting(actor, id),
      'votingClosed',
    ],
    ['cancel', 'election.manage', (actor, id) => elections.cancel(actor, id), 'cancelled'],
    ['publish', 'election.manage', (actor, id) => elections.publish(actor, id), 'published'],
    [
      'tally/confirm',
      'election.count',
      (actor, id) => elections.confirmTally(actor, id),
      'tallyConfirmed',
    ],
  ];
  for (const [path, permission, command, flash] of actions)
    app.post(`/elections/:id/${path}`, guarded, (request, reply) =>
      act(
        request,
        reply,
        permission,
        (actor, e) => command(actor, e.id),
        `elections:show.${flash}`,
      ),
    );

  app.post('/elections/:id/nominations/:nominationId/answer', guarded, async (request, reply) => {
    const params = parsedOr404(nominationParams, request.params);
    const parsed = validate(answerForm, request.form);
    return act(
      request,
      reply,
      'election.manage',
      async (actor, e) => {
        if (!parsed.ok) throw new ElectionError('invalid');
        await elections.respond({ actor }, e.id, params.nominationId, parsed.value.answer);
      },
      'elections:show.answerRecorded',
    );
  });

  // ------------------------------------------------------------------ nominations by staff

  async function renderNominate(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    election: Election,
    state: { q: string; suggestion?: string | undefined; errors?: FormIssues },
  ) {
    const suggestion = state.suggestion
      ? await elections.suggestion(election, state.suggestion)
      : undefined;
    const q = state.q || suggestion?.name || '';
    const people = q ? await elections.searchElectorate(actor, election, q) : [];
    const errors = state.errors ?? {};
    return reply.status(Object.keys(errors).length ? 400 : 200).render(view('nominate'), {
      pageTitle: request.t('elections:nominate.title'),
      election,
      names: named(election, request.lang),
      q,
      suggestion: suggestion ?? null,
      people,
      ...formErrors(request.t, errors),
    });
  }

  app.get('/elections/:id/nominate', guarded, async (request, reply) => {
    const { actor, election } = await electionFor(request, 'election.manage');
    const query = searchQuery.parse(request.query);
    return renderNominate(request, reply, actor, election, query);
  });

  app.post('/elections/:id/nominate', guarded, async (request, reply) => {
    const { actor, election } = await electionFor(request, 'election.manage');
    const parsed = validate(nominateForm, request.form);
    const q = typeof request.form.q === 'string' ? request.form.q.slice(0, 100) : '';
    const suggestion =
      typeof request.form.suggestionId === 'string' && request.form.suggestionId
        ? request.form.suggestionId
        : undefined;
    if (!parsed.ok)
      return renderNominate(request, reply, actor, election, {
        q,
        suggestion,
        errors: parsed.issues,
      });
    try {
      await elections.nominateByStaff(actor, election.id, parsed.value);
    } catch (error) {
      if (!(error instanceof ElectionError)) throw error;
      return renderNominate(request, reply, actor, election, {
        q,
        suggestion,
        errors: errorOf(error),
      });
    }
    return redirectWith(request, reply, `/elections/${election.id}`, 'elections:show.nominated');
  });

  // ------------------------------------------------------------------ paper ballots

  async function renderPaper(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    election: Election,
    q: string,
    errors: FormIssues = {},
  ) {
    const people = q ? await elections.searchElectorate(actor, election, q, true) : [];
    return reply.status(Object.keys(errors).length ? 400 : 200).render(view('paper-voters'), {
      pageTitle: request.t('elections:paper.title'),
      election,
      names: named(election, request.lang),
      q,
      people,
      ...formErrors(request.t, errors),
      ...(await flashes.take(request)),
    });
  }

  app.get('/elections/:id/paper-voters', guarded, async (request, reply) => {
    const { actor, election } = await electionFor(request, 'election.count');
    return renderPaper(request, reply, actor, election, searchQuery.parse(request.query).q);
  });

  app.post('/elections/:id/paper-voters', guarded, async (request, reply) => {
    const { actor, election } = await electionFor(request, 'election.count');
    const personId = z.guid().safeParse(request.form.personId);
    const q = typeof request.form.q === 'string' ? request.form.q.slice(0, 100) : '';
    if (!personId.success)
      return renderPaper(request, reply, actor, election, q, {
        personId: 'elections:errors.choosePerson',
      });
    try {
      await elections.markPaperVoter(actor, election.id, personId.data);
    } catch (error) {
      if (!(error instanceof ElectionError)) throw error;
      return renderPaper(request, reply, actor, election, q, errorOf(error));
    }
    return redirectWith(
      request,
      reply,
      `/elections/${election.id}/paper-voters`,
      'elections:paper.marked',
    );
  });

  async function renderTally(
    request: FastifyRequest,
    reply: FastifyReply,
    actor: Actor,
    election: Election,
    values: Record<string, string> | null,
    errors: FormIssues = {},
  ) {
    const details = await elections.details(actor, election);
    const onBallot = details.nominees.filter((n) => n.status === 'accepted');
    const current: Record<string, string> = values ?? {
      ballots: details.tally ? String(details.tally.ballots) : '',
      ...Object.fromEntries(
        onBallot.map((n) => [
          `votes-${n.nominationId}`,
          details.tally ? String(details.tally.counts[n.nominationId] ?? 0) : '',
        ]),
      ),
    };
    return reply.status(Object.keys(errors).length ? 400 : 200).render(view('tally'), {
      pageTitle: request.t('elections:tally.title'),
      election,
      names: named(election, request.lang),
      onBallot,
      paperVoters: details.turnout.paper,
      values: current,
      ...formErrors(request.t, errors),
    });
  }

  app.get('/elections/:id/tally', guarded, async (request, reply) => {
    const { actor, election } = await electionFor(request, 'election.count');
    return renderTally(request, reply, actor, election, null);
  });

  app.post('/elections/:id/tally', guarded, async (request, reply) => {
    const { actor, election } = await electionFor(request, 'election.count');
    const ids = await elections.acceptedNominationIds(election.id);
    const form = request.form as Form;
    const values = Object.fromEntries(
      ['ballots', ...ids.map((id) => `votes-${id}`)].map((name) => [
        name,
        typeof form[name] === 'string' ? form[name] : '',
      ]),
    );
    const parsed = parseTally(form, ids);
    if (!parsed.ok) return renderTally(request, reply, actor, election, values, parsed.issues);
    try {
      await elections.enterTally(actor, election.id, parsed.value);
    } catch (error) {
      if (!(error instanceof ElectionError)) throw error;
      return renderTally(request, reply, actor, election, values, errorOf(error));
    }
    return redirectWith(request, reply, `/elections/${election.id}`, 'elections:show.tallyEntered');
  });
};
