import crypto from 'node:crypto';
import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, unscoped } from '#platform/permissions/matrix.ts';
import { samplePerson } from '#features/register';

/** panel.manage: organisation administrators and involvement leads, at their subtree. */
const managing = overSubtree('organisation_admin', 'involvement_lead');
/** Pages not about one organisation: anyone who may set up panels somewhere. */
const anywhere = anywhereAs('organisation_admin', 'involvement_lead');

/** A panel at the target with a member, a question and a candidate. */
async function panelAt(fixture: MatrixFixture, target: string) {
  const services = fixture.services as Services;
  const actor = await fixture.setUpActor();
  const { panels } = services;
  const id = crypto.randomUUID();
  const created = await panels.createPanel(actor, id, {
    organisationId: target,
    kind: 'interview',
    titleEn: 'Matrix panel',
    titleCy: 'Panel matrics',
    opportunityId: null,
    heldOn: '2027-03-01',
    hours: 3,
    scaleMin: 0,
    scaleMax: 5,
    userWeight: 50,
  });
  if (!created.ok) throw new Error('cannot prepare a panel');
  const person = await services.people.registerPerson(actor, samplePerson(target));
  if (!person.ok) throw new Error('cannot prepare a person');
  await panels.addMember(actor, id, person.value.id);
  await panels.addQuestion(actor, id, { textEn: 'Q', textCy: 'C', weight: 1 });
  await panels.addCandidate(actor, id, 'Candidate A');
  const { questions, candidates } = await panels.viewPanel(actor, id);
  return {
    id,
    personId: person.value.id,
    questionId: questions[0]!.id,
    candidateId: candidates[0]!.id,
  };
}

const get =
  (path: (p: Awaited<ReturnType<typeof panelAt>>) => string) =>
  async (fixture: MatrixFixture, target: string) => ({
    method: 'GET' as const,
    url: path(await panelAt(fixture, target)),
  });
const post =
  (
    path: (p: Awaited<ReturnType<typeof panelAt>>) => string,
    form: (p: Awaited<ReturnType<typeof panelAt>>) => Record<string, string> = () => ({}),
  ) =>
  async (fixture: MatrixFixture, target: string) => {
    const panel = await panelAt(fixture, target);
    return { method: 'POST' as const, url: path(panel), form: form(panel) };
  };

export const panelsMatrix: MatrixRow[] = [
  unscoped('GET /panels', anywhere),
  unscoped('GET /panels/new', anywhere),
  unscoped('POST /panels/new', anywhere, { form: {} }),
  unscoped('GET /panels/new/check', anywhere),
  unscoped('POST /panels/new/check', anywhere, { form: {} }),
  { route: 'GET /panels/:id', access: managing, request: get((p) => `/panels/${p.id}`) },
  { route: 'GET /panels/:id/edit', access: managing, request: get((p) => `/panels/${p.id}/edit`) },
  {
    route: 'POST /panels/:id/edit',
    access: managing,
    request: post(
      (p) => `/panels/${p.id}/edit`,
      () => ({
        kind: 'tender',
        titleEn: 'Changed',
        titleCy: 'Wedi newid',
        'heldOn-day': '2',
        'heldOn-month': '3',
        'heldOn-year': '2027',
        hours: '2',
        scaleMin: '0',
        scaleMax: '5',
        userWeight: '40',
      }),
    ),
  },
  {
    route: 'GET /panels/:id/members',
    access: managing,
    request: get((p) => `/panels/${p.id}/members?q=Matrix`),
  },
  {
    route: 'POST /panels/:id/members',
    access: managing,
    request: async (fixture, target) => {
      const panel = await panelAt(fixture, target);
      const services = fixture.services as Services;
      const person = await services.people.registerPerson(
        await fixture.setUpActor(),
        samplePerson(target),
      );
      if (!person.ok) throw new Error('cannot prepare a person');
      return {
        method: 'POST',
        url: `/panels/${panel.id}/members`,
        form: { personId: person.value.id },
      };
    },
  },
  {
    route: 'POST /panels/:id/members/from-opportunity',
    access: managing,
    request: post((p) => `/panels/${p.id}/members/from-opportunity`),
  },
  {
    route: 'POST /panels/:id/members/:personId/remove',
    access: managing,
    request: post((p) => `/panels/${p.id}/members/${p.personId}/remove`),
  },
  {
    route: 'GET /panels/:id/members/:personId/scores',
    access: managing,
    request: get((p) => `/panels/${p.id}/members/${p.personId}/scores`),
  },
  {
    route: 'POST /panels/:id/members/:personId/scores',
    access: managing,
    request: post(
      (p) => `/panels/${p.id}/members/${p.personId}/scores`,
      (p) => ({ [`score-${p.candidateId}-${p.questionId}`]: '4' }),
    ),
  },
  {
    route: 'GET /panels/:id/questions',
    access: managing,
    request: get((p) => `/panels/${p.id}/questions`),
  },
  {
    route: 'POST /panels/:id/questions',
    access: managing,
    request: post(
      (p) => `/panels/${p.id}/questions`,
      () => ({ textEn: 'Why?', textCy: 'Pam?', weight: '2' }),
    ),
  },
  {
    route: 'POST /panels/:id/questions/:questionId/remove',
    access: managing,
    request: post((p) => `/panels/${p.id}/questions/${p.questionId}/remove`),
  },
  {
    route: 'GET /panels/:id/candidates',
    access: managing,
    request: get((p) => `/panels/${p.id}/candidates`),
  },
  {
    route: 'POST /panels/:id/candidates',
    access: managing,
    request: post(
      (p) => `/panels/${p.id}/candidates`,
      () => ({ label: 'Candidate B' }),
    ),
  },
  {
    route: 'POST /panels/:id/candidates/:candidateId/remove',
    access: managing,
    request: post((p) => `/panels/${p.id}/candidates/${p.candidateId}/remove`),
  },
  {
    route: 'POST /panels/:id/staff-scores',
    access: managing,
    request: post(
      (p) => `/panels/${p.id}/staff-scores`,
      (p) => ({ [`staff-${p.candidateId}`]: '70' }),
    ),
  },
  {
    route: 'GET /panels/:id/results',
    access: managing,
    request: get((p) => `/panels/${p.id}/results`),
  },
  {
    route: 'GET /panels/:id/close',
    access: managing,
    request: get((p) => `/panels/${p.id}/close`),
  },
  {
    route: 'POST /panels/:id/close',
    access: managing,
    request: post((p) => `/panels/${p.id}/close`),
  },
];
