import { createContactService } from './contact.ts';
import type { Module } from '#platform/modules/contract.ts';

/** Safe contact: every message to a person, its rules, its queue and the dispatch job. */
export const contactModule: Module = {
  name: 'register/contact',
  services: ({ db, config, i18n, notifier, jobs }) => ({
    contact: createContactService(
      { db, config, i18n, notifier, jobs },
      { logLevel: config.logLevel },
    ),
  }),
  personalData: [
    {
      table: 'person_messages',
      column: 'person_id',
      section: 'messages',
      erase: 'delete',
      page: {
        namespace: 'rights',
        hidden: ['provider_id', 'sensitive'],
        codes: {
          template: 'rights:values.templates',
          purpose: 'people:purposes',
          channel: 'people:channels',
          status: 'rights:values.messageStatuses',
          reason: 'opportunities:show.reasons',
        },
      },
    },
  ],
  jobs: ({ contact }) => [
    {
      // queued by contactPerson, and swept every minute
      name: 'contact.dispatch',
      handler: (_data, job) => contact.dispatchJob(job.signal),
      schedule: '* * * * *',
    },
  ],
};
