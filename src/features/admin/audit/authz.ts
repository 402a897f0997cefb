import type { Services } from '#platform/modules/contract.ts';
import {
  everywhere,
  subtree,
  type Access,
  type MatrixFixture,
  type MatrixRow,
} from '#platform/permissions/matrix.ts';

/** Platform administrators everywhere; organisation administrators (audit.view) in their subtree. */
const readLog: Access = { platform_admin: everywhere, organisation_admin: subtree };
/** Routes not about one organisation. */
const readLogAnywhere: Access = { platform_admin: ['own'], organisation_admin: ['own'] };
const platformOnly: Access = { platform_admin: ['own'] };

/** An entry recorded at the target organisation. */
async function entryAt(fixture: MatrixFixture, organisationId: string) {
  const { audit } = fixture.services as Services;
  const { id } = await audit.record({
    actorAccountId: null,
    action: 'matrix.prepared',
    subjectType: 'organisation',
    subjectId: organisationId,
    organisationId,
  });
  return id;
}

export const auditMatrix: MatrixRow[] = [
  {
    route: 'GET /audit',
    access: readLog,
    // The organisation filter answers 404 for an organisation the actor cannot see.
    request: (_fixture, target) => ({ method: 'GET', url: `/audit?organisation=${target}` }),
  },
  {
    route: 'POST /audit/actor',
    access: readLogAnywhere,
    organisationScoped: false,
    request: () => ({
      method: 'POST',
      url: '/audit/actor',
      form: { email: 'nobody@test.example' },
    }),
  },
  {
    route: 'GET /audit/:id',
    access: readLog,
    request: async (fixture, target) => ({
      method: 'GET',
      url: `/audit/${String(await entryAt(fixture, target))}`,
    }),
  },
  {
    route: 'GET /audit/verify',
    access: platformOnly,
    organisationScoped: false,
    request: () => ({ method: 'GET', url: '/audit/verify' }),
  },
  {
    route: 'POST /audit/verify',
    access: platformOnly,
    organisationScoped: false,
    request: () => ({ method: 'POST', url: '/audit/verify' }),
  },
];
