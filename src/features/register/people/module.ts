import { peopleMatrix } from './authz.ts';
import { peopleRoutes } from './routes.ts';
import { resetDemoPeople, seedDemoPeople } from './seed-demo.ts';
import { resetNationalPeople, seedNationalPeople } from './seed-national.ts';
import { createPeopleService } from './service.ts';
import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { registerPermissions } from '../permissions.ts';

/** The involvement register: people, their details, availability, consent and status. */
export const peopleModule: Module = {
  name: 'register/people',
  services: ({ db, audit, config }) => ({
    people: createPeopleService({ db, audit, keys: config.encryptionKey }),
  }),
  routes: [peopleRoutes],
  navigation: [
    navigationLink('/people', 'people:navigation', 'person.view', 'person.view_consented'),
  ],
  personalData: [
    { table: 'people', column: 'id', section: 'person', erase: 'person' },
    // the organisations a person is connected to: kept for anonymous counts by organisation
    { table: 'person_organisations', column: 'person_id', section: 'organisations', erase: 'keep' },
    // status changes: kept for counts over time, with the free-text reason removed
    {
      table: 'person_status_history',
      column: 'person_id',
      section: 'statusHistory',
      erase: 'keep',
    },
    {
      table: 'person_unavailable_times',
      column: 'person_id',
      section: 'unavailableTimes',
      erase: 'delete',
    },
    {
      table: 'person_unavailable_dates',
      column: 'person_id',
      section: 'unavailableDates',
      erase: 'delete',
    },
    { table: 'person_supporters', column: 'person_id', section: 'supporters', erase: 'delete' },
    // other people's records that name this person as their carer or supporter
    {
      table: 'person_supporters',
      column: 'related_person_id',
      section: 'supporterOf',
      erase: 'delete',
    },
    // consent records are the evidence of what was allowed: kept, every live consent withdrawn
    { table: 'consents', column: 'person_id', section: 'consents', erase: 'keep' },
  ],
  seeds: {
    demo: {
      reset: resetDemoPeople,
      seed: seedDemoPeople,
    },
    national: {
      name: 'people',
      reset: resetNationalPeople,
      seed: (context) => seedNationalPeople(context, context.keys),
    },
  },
  matrix: peopleMatrix,
  // the register capability's permissions
  permissions: registerPermissions,
};
