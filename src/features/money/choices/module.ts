import type { Module } from '#platform/modules/contract.ts';
import { choicesMatrix } from './authz.ts';
import { choicesRoutes } from './routes.ts';
import { resetDemoChoices, seedDemoChoices } from './seed-demo.ts';
import { createChoicesService } from './service.ts';

/**
 * Each person's payment choice and, with their consent, their benefit information: a section of
 * their record for staff (/people/:id/money) and their own page in the portal (/portal/money).
 */
export const choicesModule: Module = {
  name: 'money/choices',
  services: ({ db, audit, people }) => ({
    choices: createChoicesService({
      db,
      audit,
      findPerson: (who, id, options) => people.findPersonForActor(who, id, options),
    }),
  }),
  routes: [choicesRoutes],
  portalLinks: [{ href: '/portal/money', text: 'choices:portalLink', hint: 'choices:portalHint' }],
  personalData: [
    // special category: deleted on erasure
    {
      table: 'money_payment_choices',
      column: 'person_id',
      section: 'paymentChoices',
      erase: 'delete',
      page: {
        namespace: 'choices',
        staff: ['updated_by'],
        codes: { method: 'choices:methods' },
      },
    },
    {
      table: 'money_benefit_profiles',
      column: 'person_id',
      section: 'benefitProfiles',
      erase: 'delete',
      page: {
        namespace: 'choices',
        staff: ['consent_recorded_by', 'updated_by'],
        codes: {
          consent_how: 'choices:consentWays',
          benefits: 'thresholds:benefits',
          limit_period: 'choices:periods',
        },
      },
    },
  ],
  seeds: { demo: { reset: resetDemoChoices, seed: seedDemoChoices } },
  matrix: choicesMatrix,
};
