import type { Services } from '#platform/modules/contract.ts';
import type { Access, MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, overSubtree, scoped, unscoped } from '#platform/permissions/matrix.ts';

/** Platform administrators everywhere; organisation administrators (audit.view) in their subtree. */
const readLog = overSubtree('organisation_admin');
/** Routes not about one organisation. */
const readLogAnywhere = anywhereAs('organisation_admin');
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
  // The organisation filter answers 404 for an organisation the actor cannot see.
  scoped('GET /audit', readLog, (_fixture, target) => `/audit?organisation=${target}`),
  unscoped('POST /audit/actor', readLogAnywhere, { form: { email: 'nobody@test.example' } }),
  scoped(
    'GET /audit/:id',
    readLog,
    async (fixture, target) => `/audit/${String(await entryAt(fixture, target))}`,
  ),
  unscoped('GET /audit/verify', platformOnly),
  unscoped('POST /audit/verify', platformOnly),
];
