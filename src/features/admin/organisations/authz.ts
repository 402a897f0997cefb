import crypto from 'node:crypto';
import type { Services } from '#platform/modules/contract.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import {
  everywhere,
  subtree,
  type Access,
  type MatrixFixture,
  type MatrixRow,
  overSubtree,
  anywhereAs,
} from '#platform/permissions/matrix.ts';

/** Everyone with a role in the subtree (commissioners read below them, never above). */
const view = overSubtree(
  'organisation_admin',
  'commissioner',
  'involvement_lead',
  'staff',
  'viewer',
);
/** Organisation administrators at the organisation or above it. */
const manage: Access = { platform_admin: everywhere, organisation_admin: subtree };
/** Routes not about one organisation. */
const anyRole = anywhereAs(
  'organisation_admin',
  'commissioner',
  'involvement_lead',
  'staff',
  'viewer',
);
const platformOnly: Access = { platform_admin: ['own'] };

/** Stands in for a platform administrator when a row prepares its own target. */
const setUpActor: Actor = {
  id: '00000000-0000-4000-8000-000000000000',
  name: 'Matrix set-up',
  email: 'matrix-setup@test.example',
  language: 'en',
  platformAdmin: true,
  mfaEnabled: true,
  memberships: [],
};

/** A fresh user group below the target, so rows that change things never meet each other. */
async function freshChild(fixture: MatrixFixture, parentId: string, archived = false) {
  const { organisations } = fixture.services as Services;
  const suffix = crypto.randomUUID().slice(0, 8);
  const draft = await organisations.draftOrganisation(setUpActor, parentId, {
    kind: 'group',
    nameEn: `Matrix forum ${suffix}`,
    nameCy: `Fforwm matrics ${suffix}`,
  });
  if (!draft.ok) throw new Error(`cannot prepare a target: ${JSON.stringify(draft.issues)}`);
  const created = await organisations.createOrganisation(setUpActor, draft.value);
  if (!created.ok) throw new Error('cannot prepare a target');
  if (archived) await organisations.archiveOrganisation(setUpActor, created.value.id);
  return created.value.id;
}

const get = (url: (target: string) => string) => (_fixture: MatrixFixture, target: string) => ({
  method: 'GET' as const,
  url: url(target),
});

const names = () => {
  const suffix = crypto.randomUUID().slice(0, 8);
  return { nameEn: `Matrix ${suffix}`, nameCy: `Matrics ${suffix}`, requiresMfa: 'yes' };
};

export const organisationsMatrix: MatrixRow[] = [
  {
    route: 'GET /organisations',
    access: anyRole,
    organisationScoped: false,
    request: get(() => '/organisations'),
  },
  {
    route: 'GET /organisations/new',
    access: platformOnly,
    organisationScoped: false,
    request: get(() => '/organisations/new'),
  },
  {
    route: 'POST /organisations/new',
    access: platformOnly,
    organisationScoped: false,
    request: () => ({ method: 'POST', url: '/organisations/new', form: names() }),
  },
  {
    route: 'GET /organisations/new/check',
    access: platformOnly,
    organisationScoped: false,
    request: get(() => '/organisations/new/check'),
  },
  {
    route: 'POST /organisations/new/check',
    access: platformOnly,
    organisationScoped: false,
    request: () => ({ method: 'POST', url: '/organisations/new/check' }),
  },
  { route: 'GET /organisations/:id', access: view, request: get((id) => `/organisations/${id}`) },
  {
    route: 'GET /organisations/:id/children/new',
    access: manage,
    request: get((id) => `/organisations/${id}/children/new`),
  },
  {
    route: 'POST /organisations/:id/children/new',
    access: manage,
    request: (_fixture, target) => ({
      method: 'POST',
      url: `/organisations/${target}/children/new`,
      form: { kind: 'group', ...names() },
    }),
  },
  {
    route: 'GET /organisations/:id/children/new/check',
    access: manage,
    request: get((id) => `/organisations/${id}/children/new/check`),
  },
  {
    route: 'POST /organisations/:id/children/new/check',
    access: manage,
    request: (_fixture, target) => ({
      method: 'POST',
      url: `/organisations/${target}/children/new/check`,
    }),
  },
  {
    route: 'GET /organisations/:id/edit',
    access: manage,
    request: get((id) => `/organisations/${id}/edit`),
  },
  {
    route: 'POST /organisations/:id/edit',
    access: manage,
    request: async (fixture, target) => ({
      method: 'POST',
      url: `/organisations/${await freshChild(fixture, target)}/edit`,
      form: names(),
    }),
  },
  {
    route: 'GET /organisations/:id/archive',
    access: manage,
    request: get((id) => `/organisations/${id}/archive`),
  },
  {
    route: 'POST /organisations/:id/archive',
    access: manage,
    request: async (fixture, target) => ({
      method: 'POST',
      url: `/organisations/${await freshChild(fixture, target)}/archive`,
    }),
  },
  {
    route: 'POST /organisations/:id/restore',
    access: manage,
    request: async (fixture, target) => ({
      method: 'POST',
      url: `/organisations/${await freshChild(fixture, target, true)}/restore`,
    }),
  },
];
