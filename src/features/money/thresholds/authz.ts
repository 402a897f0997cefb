import type { Services } from '#platform/modules/contract.ts';
import type { Access, MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { anywhereAs, unscoped } from '#platform/permissions/matrix.ts';
import { moneyPermissions } from '../permissions.ts';

/** Kept by platform administrators only (platform.manage), like the glossary. */
const platformOnly: Access = { platform_admin: ['own'] };

let made = 0;
/** A throwaway threshold to change or delete (a far tax year, a new code each time). */
async function thresholdFor(fixture: MatrixFixture) {
  const { thresholds } = fixture.services as Services;
  made += 1;
  const added = await thresholds.addThreshold(await fixture.setUpActor(), {
    taxYear: 2090,
    benefit: 'other',
    code: `matrix_${String(made)}_${String(Date.now())}`,
    nameEn: 'Matrix threshold',
    nameCy: 'Trothwy matrics',
    amountPence: 1000,
    period: 'week',
    percent: null,
    sourceNote: 'Made by the authorisation matrix',
  });
  if (!added.ok) throw new Error('cannot prepare a threshold');
  return added.value;
}

const form = () => {
  made += 1;
  return {
    taxYear: '2091',
    benefit: 'other',
    code: `matrix_form_${String(made)}_${String(Date.now())}`,
    nameEn: 'Matrix threshold',
    nameCy: 'Trothwy matrics',
    kind: 'amount',
    amount: '10',
    period: 'week',
    sourceNote: 'Posted by the authorisation matrix',
  };
};

const atThreshold =
  (method: 'GET' | 'POST', path: string, body?: () => Record<string, string>) =>
  async (fixture: MatrixFixture) => ({
    method,
    url: `/money/thresholds/${await thresholdFor(fixture)}${path}`,
    form: body?.(),
  });

const row = (route: string, request: MatrixRow['request']): MatrixRow => ({
  route,
  access: platformOnly,
  organisationScoped: false,
  request,
});

export const thresholdsMatrix: MatrixRow[] = [
  unscoped('GET /money/thresholds', anywhereAs(...moneyPermissions['money.view'])),
  unscoped('GET /money/thresholds/new', platformOnly),
  row('POST /money/thresholds/new', () => ({
    method: 'POST',
    url: '/money/thresholds/new',
    form: form(),
  })),
  row('GET /money/thresholds/:id/edit', atThreshold('GET', '/edit')),
  row('POST /money/thresholds/:id/edit', atThreshold('POST', '/edit', form)),
  row('GET /money/thresholds/:id/delete', atThreshold('GET', '/delete')),
  row('POST /money/thresholds/:id/delete', atThreshold('POST', '/delete')),
];
