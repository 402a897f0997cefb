import { opportunitiesMatrix } from './authz.ts';
import { opportunitiesRoutes } from './routes.ts';
import { resetDemoInvolvement, seedDemoInvolvement } from './seed-demo.ts';
import { resetNationalInvolvement, seedNationalInvolvement } from './seed-national.ts';
import { createOpportunitiesService, MATCH_JOB } from './service.ts';
import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { involvementPermissions } from '../permissions.ts';
import { opportunityNames } from '../tables.ts';

/** Opportunities on the ladder of participation, matched to the people they suit. */
export const opportunitiesModule: Module = {
  name: 'involvement/opportunities',
  services: ({ db, audit, jobs, config, i18n }) => ({
    opportunities: createOpportunitiesService({
      db,
      audit,
      jobs,
      contact: { db, config, i18n, jobs },
      publicUrl: config.publicUrl,
    }),
  }),
  routes: [opportunitiesRoutes],
  navigation: [navigationLink('/opportunities', 'opportunities:navigation', 'opportunity.view')],
  personalData: [
    // which opportunities they were told about (the messages themselves are under messages)
    {
      table: 'opportunity_invitations',
      column: 'person_id',
      section: 'opportunityInvitations',
      erase: 'delete',
      page: {
        namespace: 'opportunities',
        hidden: ['message_id'],
        codes: { status: 'rights:values.messageStatuses' },
        names: opportunityNames,
      },
    },
  ],
  seeds: {
    demo: { reset: resetDemoInvolvement, seed: seedDemoInvolvement },
    national: {
      name: 'involvement',
      reset: resetNationalInvolvement,
      seed: seedNationalInvolvement,
    },
  },
  matrix: opportunitiesMatrix,
  jobs: ({ opportunities }) => [
    {
      // queued when an opportunity opens, or when an open one's matching answers change
      name: MATCH_JOB,
      handler: (data: { opportunityId: string; accountId?: string }) =>
        opportunities.matchOpportunity(data.opportunityId, data.accountId ?? null),
      options: { retryLimit: 2, expireInSeconds: 600 },
    },
  ],
  // the involvement capability's permissions
  permissions: involvementPermissions,
};
