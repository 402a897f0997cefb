import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { overSubtree, personal, scoped } from '#platform/permissions/matrix.ts';
import { insertTestPerson } from '#features/register';

/**
 * Staff who may see the whole record and money there (money.view / money.claim with person.view:
 * organisation administrators, involvement leads and staff), over their subtree. Commissioners
 * hold money.view but never see these.
 */
const working = overSubtree('organisation_admin', 'involvement_lead', 'staff');

/** The path under a person registered at the target. */
const atPerson = (path: string) => async (fixture: MatrixFixture, target: string) => {
  const { db, config } = fixture.services as Services;
  const id = await insertTestPerson(db, config.encryptionKey, { organisationId: target });
  return `/people/${id}/money${path}`;
};

const benefitForm = {
  benefits: 'esa',
  limit: '100',
  limitPeriod: 'week',
  consent: 'yes',
  consentHow: 'in_person',
  'consentOn-day': '1',
  'consentOn-month': '4',
  'consentOn-year': '2026',
};

export const choicesMatrix: MatrixRow[] = [
  scoped('GET /people/:id/money', working, atPerson('')),
  scoped('GET /people/:id/money/choice', working, atPerson('/choice')),
  scoped('POST /people/:id/money/choice', working, atPerson('/choice'), { method: 'cash' }),
  scoped('GET /people/:id/money/benefits', working, atPerson('/benefits')),
  scoped('POST /people/:id/money/benefits', working, atPerson('/benefits'), benefitForm),
  scoped('GET /people/:id/money/benefits/remove', working, atPerson('/benefits/remove')),
  scoped('POST /people/:id/money/benefits/remove', working, atPerson('/benefits/remove')),
  personal('GET /portal/money'),
  personal('GET /portal/money/choice'),
  personal('POST /portal/money/choice', undefined, { method: 'voucher' }),
  personal('GET /portal/money/benefits'),
  personal('POST /portal/money/benefits', undefined, { benefits: 'uc', consent: 'yes' }),
  personal('GET /portal/money/benefits/remove'),
  personal('POST /portal/money/benefits/remove'),
];
