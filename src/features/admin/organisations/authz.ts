import crypto from 'node:crypto';
import type { Services } from '#platform/modules/contract.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Access, MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { overSubtree, anywhereAs, scoped, unscoped } from '#platform/permissions/matrix.ts';

/** Everyone with a role in the subtree (commissioners read below them, never above). */
const view = overSubtree(
  'organisation_admin',
  'commissioner',
  'involvement_lead',
  'staff',
  'viewer',
);
/** Organisation administrators at the organisation or above it. */
const manage = overSubtree('organisation_admin');
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

const names = () => {
  const suffix = crypto.randomUUID().slice(0, 8);
  return { nameEn: `Matrix ${suffix}`, nameCy: `Matrics ${suffix}`, requiresMfa: 'yes' };
};

/** The target's own page `path`, or that of a fresh group below it for rows that change one. */
const at = (path: string) => (_fixture: MatrixFixture, target: string) =>
  `/organisations/${target}${path}`;
const below =
  (path: string, archived = false) =>
  async (fixture: MatrixFixture, target: string) =>
    `/organisations/${await freshChild(fixture, target, archived)}${path}`;

export const organisationsMatrix: MatrixRow[] = [
  unscoped('GET /organisations', anyRole),
  unscoped('GET /organisations/new', platformOnly),
  {
    route: 'POST /organisations/new',
    access: platformOnly,
    organisationScoped: false,
    request: () => ({ method: 'POST', url: '/organisations/new', form: names() }),
  },
  unscoped('GET /organisations/new/check', platformOnly),
  unscoped('POST /organisations/new/check', platformOnly),
  scoped('GET /organisations/:id', view, at('')),
  scoped('GET /organisations/:id/children/new', manage, at('/children/new')),
  {
    route: 'POST /organisations/:id/children/new',
    access: manage,
    request: (_fixture, target) => ({
      method: 'POST',
      url: `/organisations/${target}/children/new`,
      form: { kind: 'group', ...names() },
    }),
  },
  scoped('GET /organisations/:id/children/new/check', manage, at('/children/new/check')),
  scoped('POST /organisations/:id/children/new/check', manage, at('/children/new/check')),
  scoped('GET /organisations/:id/edit', manage, at('/edit')),
  {
    route: 'POST /organisations/:id/edit',
    access: manage,
    request: async (fixture, target) => ({
      method: 'POST',
      url: await below('/edit')(fixture, target),
      form: names(),
    }),
  },
  scoped('GET /organisations/:id/archive', manage, at('/archive')),
  scoped('POST /organisations/:id/archive', manage, below('/archive')),
  scoped('POST /organisations/:id/restore', manage, below('/restore', true)),
];
