import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { pagination } from '#platform/http/pagination.ts';
import { consentPurposes } from '../../tables.ts';
import { liveConsents, type PersonView } from '../service/person-view.ts';
import { idOf, nameOf, nationalPhone, takeFlash, view, withNone } from './support.ts';
import { historyQuery, safeContactRules } from '../schema.ts';

/** The tabs of a person's page, each its own address (works without JavaScript). */
export const tabs = [
  'summary',
  'contact',
  'availability',
  'interests',
  'carers',
  'consent',
  'history',
] as const;
type Tab = (typeof tabs)[number];
/** What a commissioner sees of someone who consented to be shared with them. */
const consentedTabs: readonly Tab[] = ['summary', 'interests'];

type History = Awaited<ReturnType<Services['people']['history']>>;

/** A page of the record's history, with what each entry was about. */
function historyView(request: FastifyRequest, person: PersonView, history: History) {
  return {
    ...history,
    rows: history.rows.map((row) => {
      const details = row.details as { fields?: unknown; section?: string; purpose?: string };
      return {
        ...row,
        fields: Array.isArray(details.fields) ? (details.fields as string[]) : [],
        section: details.section,
        purpose: details.purpose,
      };
    }),
    pagination: pagination(
      request.t,
      (n) => `/people/${person.id}/history${n > 1 ? `?page=${n}` : ''}`,
      history.page,
      history.pageCount,
      'people:pagination.label',
    ),
  };
}

/** What only some tabs need: the history, organisations to connect, what waits for staff. */
async function tabData(services: Services, request: FastifyRequest, person: PersonView, tab: Tab) {
  const people = services.people;
  const summary = tab === 'summary' && person.canManage;
  const history =
    tab === 'history' ? await people.history(person, historyQuery.parse(request.query).page) : null;
  const organisations = summary
    ? (await people.organisationsForRegistering(actorOf(request))).filter(
        (o) => !person.organisations.some((c) => c.id === o.id),
      )
    : [];
  const waiting = summary && person.access === 'full' ? await people.waitingFor(person) : null;
  return { history, organisations, waiting };
}

async function renderPerson(
  services: Services,
  request: FastifyRequest,
  reply: FastifyReply,
  tab: Tab,
) {
  const person = await services.people.findPersonForActor(actorOf(request), idOf(request), {
    section: tab,
  });
  if (person.access === 'consented' && !consentedTabs.includes(tab)) throw new HttpError(403);
  const t = request.t;
  const { history, organisations, waiting } = await tabData(services, request, person, tab);
  const live = liveConsents(person);
  return reply.render(view('show'), {
    pageTitle: person.displayName,
    waiting,
    flash: await takeFlash(services, request),
    person,
    phone: nationalPhone(person.phone),
    tab,
    tabs: tabs
      .filter((name) => person.access === 'full' || consentedTabs.includes(name))
      .map((name) => ({
        name,
        text: t(`people:tabs.${name}`),
        href: name === 'summary' ? `/people/${person.id}` : `/people/${person.id}/${name}`,
        current: name === tab,
      })),
    organisationNames: person.organisations.map((o) => ({
      id: o.id,
      name: nameOf(o, request),
      owner: o.id === person.organisationId,
    })),
    connectOptions: withNone(
      t('people:fields.organisationId.choose'),
      organisations.map((o) => ({ value: o.id, text: nameOf(o, request) })),
    ),
    consents: consentPurposes.map((purpose) => ({ purpose, live: live.has(purpose) })),
    safeRules: [
      ...safeContactRules.filter((rule) => person[rule]).map((rule) => t(`people:safe.${rule}`)),
      ...(person.quietFrom
        ? [t('people:show.quiet', { from: person.quietFrom, to: person.quietTo })]
        : []),
    ],
    history: history ? historyView(request, person, history) : null,
  });
}

/** A person's page: the summary and the other tabs of their record. */
export function personRoutes(app: FastifyInstance, services: Services) {
  app.get('/people/:id', guarded, async (request, reply) =>
    renderPerson(services, request, reply, 'summary'),
  );
  app.get('/people/:id/:tab', guarded, async (request, reply) => {
    const tab = (request.params as { tab: string }).tab;
    if (!(tabs as readonly string[]).includes(tab) || tab === 'summary') throw new HttpError(404);
    return renderPerson(services, request, reply, tab as Tab);
  });
}
