import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import type { Form, Issue } from '#platform/validation/index.ts';
import { dateParts } from './form-choices.ts';
import type { PersonView } from '../service/person-view.ts';
import { flash, formOf, formView, idOf, personForChange, view } from './support.ts';
import { formIssues, statusForm, str } from '../schema.ts';

const isId = (text: string) => /^[0-9a-f-]{36}$/i.test(text);

const renderStatus = (
  request: FastifyRequest,
  reply: FastifyReply,
  person: PersonView,
  values: Form,
  issues: readonly Issue[] = [],
) =>
  reply.render(view('status'), {
    pageTitle: request.t('people:status.title'),
    person,
    ...formView(request, values, issues),
  });

/** A person's status (active, paused, moved on) and the organisations they are connected to. */
export function statusRoutes(app: FastifyInstance, services: Services) {
  app.get('/people/:id/status', guarded, async (request, reply) => {
    const person = await personForChange(services, request, 'status');
    const { day, month, year } = dateParts(person.pauseReviewDate);
    return renderStatus(request, reply, person, {
      status: person.status,
      reviewDay: day,
      reviewMonth: month,
      reviewYear: year,
    });
  });

  app.post('/people/:id/status', guarded, async (request, reply) => {
    const id = idOf(request);
    const form = formOf(request);
    const parsed = statusForm.safeParse(form);
    if (!parsed.success) {
      const person = await personForChange(services, request, 'status');
      return renderStatus(request, reply.code(400), person, form, formIssues(parsed.error));
    }
    await services.people.changePersonStatus(actorOf(request), id, parsed.data);
    flash(request, 'people:flash.statusChanged');
    return reply.redirect(`/people/${id}`, 303);
  });

  app.post('/people/:id/organisations', guarded, async (request, reply) => {
    const id = idOf(request);
    const organisationId = str(request.form, 'organisationId');
    const result = isId(organisationId)
      ? await services.people.connectOrganisation(actorOf(request), id, organisationId)
      : null;
    flash(request, result?.ok ? 'people:flash.connected' : 'people:flash.notConnected');
    return reply.redirect(`/people/${id}`, 303);
  });

  app.post('/people/:id/organisations/:organisationId/remove', guarded, async (request, reply) => {
    const id = idOf(request);
    const organisationId = (request.params as { organisationId: string }).organisationId;
    if (!isId(organisationId)) throw new HttpError(404);
    const result = await services.people.disconnectOrganisation(
      actorOf(request),
      id,
      organisationId,
    );
    flash(request, result.ok ? 'people:flash.disconnected' : 'people:errors.organisation.owner');
    return reply.redirect(`/people/${id}`, 303);
  });
}
