import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { failed, ok, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import { formValuesOf, rowsOf, withoutRow } from './form-choices.ts';
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
  MAX_ROWS,
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

/** How many blank rows each repeated field gets below the rows in the form. */
interface Blanks {
  time: number;
  date: number;
  supporter: number;
}
/** A form just opened: one blank time and day to fill in, two blank supporters. */
const opened: Blanks = { time: 1, date: 1, supporter: 2 };
/** A form coming back with its problems: the rows as they were sent. */
const resent: Blanks = { time: 0, date: 0, supporter: 2 };

const repeated = ['time', 'date'] as const;
type Repeated = (typeof repeated)[number];
const isRepeated = (value: string): value is Repeated =>
  (repeated as readonly string[]).includes(value);

/**
 * "Add another" and "Remove" on the availability form, without JavaScript: submit buttons
 * named `addRow` (value `time` or `date`) and `removeRow` (value `time-2`). The form comes
 * back with what was typed, one row more or less, and nothing is saved.
 */
function rowChange(form: Form): { values: Form; blanks: Blanks; focus?: string } | undefined {
  const { addRow, removeRow, ...values } = form;
  if (typeof addRow === 'string' && isRepeated(addRow)) {
    const blanks = { ...resent, [addRow]: 1 };
    const added = rowsOf(values, addRow, 1).length - 1;
    return { values, blanks, focus: `${addRow}-${added}` };
  }
  const removing = typeof removeRow === 'string' ? /^(time|date)-(\d{1,2})$/.exec(removeRow) : null;
  if (removing && isRepeated(removing[1]!))
    return { values: withoutRow(values, removing[1], Number(removing[2])), blanks: resent };
  return undefined;
}

async function renderEdit(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  person: PersonView,
  section: Section,
  values: Form,
  issues: readonly Issue[] = [],
  blanks: Blanks = resent,
  focus?: string,
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
    timeRows: rowsOf(values, 'time', blanks.time),
    dateRows: rowsOf(values, 'date', blanks.date),
    supporterRows: rowsOf(values, 'supporter', blanks.supporter),
    maxRows: MAX_ROWS,
    focus,
  });
}

/** Changing one section of a person's record. */
export function sectionRoutes(app: FastifyInstance, services: Services) {
  app.get('/people/:id/edit/:section', guarded, async (request, reply) => {
    const { section } = sectionOf(request);
    const person = await personForChange(services, request, section);
    const values = formValuesOf(person, section, nationalPhone(person.phone));
    return renderEdit(services, request, reply, person, section, values, [], opened);
  });

  app.post('/people/:id/edit/:section', guarded, async (request, reply) => {
    const { id, section } = sectionOf(request);
    const form = formOf(request);
    const rows = section === 'availability' ? rowChange(form) : undefined;
    if (rows) {
      const person = await personForChange(services, request, section);
      return renderEdit(
        services,
        request,
        reply,
        person,
        section,
        rows.values,
        [],
        rows.blanks,
        rows.focus,
      );
    }
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
    flash(request, result.value.changed.length ? 'people:flash.updated' : 'people:flash.unchanged');
    return reply.redirect(`/people/${id}${tabFor(section)}`, 303);
  });
}
