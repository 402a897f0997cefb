import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { HttpError } from '#platform/http/errors.ts';
import { personOf, personGuarded } from '#platform/http/guards.ts';
import { errorOf, named } from './present.ts';
import { formErrors } from '#platform/validation/index.ts';
import { answerForm, many, suggestForm, validate } from './schema.ts';
import type { FormIssues } from '../validation.ts';
import { ElectionError, type ElectionService } from './service.ts';
import { idOf } from '#platform/http/params.ts';
import { flashMessages } from '#platform/http/flash.ts';

const view = (name: string) => `involvement/elections/views/${name}.njk`;

/**
 * The people's side of elections (/portal/elections): the elections a person can take part in,
 * nominating themselves (where allowed) or suggesting someone by name, answering their own
 * nomination, voting once, and the published results. Elections the person is not part of
 * answer 404.
 */
export function electionPortalRoutes(
  app: FastifyInstance,
  services: Services,
  elections: ElectionService,
) {
  const { sessions } = services;

  const flashes = flashMessages(sessions);

  app.get('/portal/elections', personGuarded, async (request, reply) => {
    const person = personOf(request);
    const rows = await elections.forPerson(person);
    return reply.render(view('portal-list'), {
      pageTitle: request.t('elections:portal.list.title'),
      rows: rows.map((row) => ({ ...row, role: request.lang === 'cy' ? row.roleCy : row.roleEn })),
    });
  });

  async function renderElection(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { errors?: FormIssues; values?: Record<string, string | string[]> } = {},
  ) {
    const person = personOf(request);
    const page = await elections.forPersonOne(person, idOf(request));
    if (!page) throw new HttpError(404);
    const errors = state.errors ?? {};
    return reply.status(Object.keys(errors).length ? 400 : 200).render(view('portal-show'), {
      pageTitle: named(page.election, request.lang).role,
      ...page,
      names: named(page.election, request.lang),
      values: state.values ?? {},
      ...formErrors(request.t, errors),
      ...(await flashes.take(request)),
    });
  }

  app.get('/portal/elections/:id', personGuarded, (request, reply) =>
    renderElection(request, reply),
  );

  /** Runs the person's change; a refusal comes back to the page with an error summary. */
  async function act(
    request: FastifyRequest,
    reply: FastifyReply,
    change: () => Promise<unknown>,
    flash: string,
    values: Record<string, string | string[]> = {},
  ) {
    const id = idOf(request);
    try {
      await change();
    } catch (error) {
      if (!(error instanceof ElectionError)) throw error;
      if (error.code === 'notFound') throw new HttpError(404);
      return renderElection(request, reply, { errors: errorOf(error), values });
    }
    return reply.redirect(
      await flashes.redirectUrl(request, `/portal/elections/${id}`, { key: flash }),
      303,
    );
  }

  app.post('/portal/elections/:id/nominate-self', personGuarded, (request, reply) =>
    act(
      request,
      reply,
      () => elections.nominateSelf(personOf(request), idOf(request)),
      'elections:portal.nominatedSelf',
    ),
  );

  app.post('/portal/elections/:id/suggest', personGuarded, async (request, reply) => {
    const parsed = validate(suggestForm, request.form);
    const name = typeof request.form.name === 'string' ? request.form.name : '';
    if (!parsed.ok)
      return renderElection(request, reply, { errors: parsed.issues, values: { name } });
    return act(
      request,
      reply,
      () => elections.suggest(personOf(request), idOf(request), parsed.value.name),
      'elections:portal.suggested',
      { name },
    );
  });

  app.post('/portal/elections/:id/answer', personGuarded, async (request, reply) => {
    const parsed = validate(answerForm, request.form);
    if (!parsed.ok)
      return renderElection(request, reply, { errors: { answer: 'elections:errors.answer' } });
    return act(
      request,
      reply,
      () =>
        elections.respond({ person: personOf(request) }, idOf(request), null, parsed.value.answer),
      `elections:portal.answered.${parsed.value.answer}`,
    );
  });

  app.post('/portal/elections/:id/vote', personGuarded, async (request, reply) => {
    const choices = many(request.form, 'choice');
    return act(
      request,
      reply,
      () => elections.vote(personOf(request), idOf(request), choices),
      'elections:portal.voted',
      { choice: choices },
    );
  });
}
