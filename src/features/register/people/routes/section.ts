import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { failed, ok, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import { formValuesOf, rowsOf } from './form-choices.ts';
import type { PersonView } from '../service/person-view.ts';
import {
  flash,
  formOf,
  formView,
  nationalPhone,
  personForChange,
  view,
  workerOptions,
} from './support.ts';
import {
  contactSection,
  detailsSection,
  formIssues,
  interestsSection,
  parseAvailability,
  parseCarers,
  parseNamedWorker,
  sectionParams,
  type Section,
} from '../schema.ts';
import { parsedOr404 } from '#platform/http/params.ts';

const sectionOf = (request: FastifyRequest) => parsedOr404(sectionParams, request.params);
const tabFor = (section: Section): string => (section === 'details' ? '' : `/${section}`);

/** Parses a section's form: the checked input, or the problems. */
function parseSection(section: Section, form: Form): Result<unknown> {
  if (section === 'availability') return parseAvailability(form);
  if (section === 'carers') return parseCarers(form);
  const schema =
    section === 'details'
      ? detailsSection
      : section === 'contact'
        ? contactSection
        : interestsSection;
  const parsed = schema.safeParse(form);
  return parsed.success ? ok(parsed.data) : failed(formIssues(parsed.error));
}

/** The staff contact form also chooses the named worker. */
function parseStaffSection(section: Section, form: Form): Result<unknown> {
  const parsed = parseSection(section, form);
  if (section !== 'contact') return parsed;
  const worker = parseNamedWorker(form);
  if (!parsed.ok) return failed([...parsed.issues, ...(worker.ok ? [] : worker.issues)]);
  if (!worker.ok) return worker;
  return ok({ ...(parsed.value as object), namedWorkerAccountId: worker.value });
}

async function renderEdit(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  person: PersonView,
  section: Section,
  values: Form,
  issues: readonly Issue[] = [],
) {
  const t = request.t;
  const workers = section === 'contact' ? await services.people.workersFor(person) : [];
  return reply.render(view('edit'), {
    pageTitle: t(`people:edit.${section}.title`),
    person,
    section,
    action: `/people/${person.id}/edit/${section}`,
    back: `/people/${person.id}${tabFor(section)}`,
    ...formView(request, values, issues),
    workers: section === 'contact' ? workerOptions(request, workers, values.namedWorker) : [],
    timeRows: rowsOf(values, 'time', person.unavailableTimes.length),
    dateRows: rowsOf(values, 'date', person.unavailableDates.length),
    supporterRows: rowsOf(values, 'supporter', person.supporters.length),
  });
}

/** Changing one section of a person's record. */
export function sectionRoutes(app: FastifyInstance, services: Services) {
  app.get('/people/:id/edit/:section', guarded, async (request, reply) => {
    const { section } = sectionOf(request);
    const person = await personForChange(services, request, section);
    const values = formValuesOf(person, section, nationalPhone(person.phone));
    return renderEdit(services, request, reply, person, section, values);
  });

  app.post('/people/:id/edit/:section', guarded, async (request, reply) => {
    const { id, section } = sectionOf(request);
    const form = formOf(request);
    const parsed = parseStaffSection(section, form);
    const result = parsed.ok
      ? await services.people.updatePersonSection(
          actorOf(request),
          id,
          section,
          parsed.value as never,
        )
      : parsed;
    if (!result.ok) {
      const person = await personForChange(services, request, section);
      return renderEdit(services, request, reply.code(400), person, section, form, result.issues);
    }
    await flash(
      services,
      request,
      result.value.changed.length ? 'people:flash.updated' : 'people:flash.unchanged',
    );
    return reply.redirect(`/people/${id}${tabFor(section)}`, 303);
  });
}
