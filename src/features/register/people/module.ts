import { peopleMatrix } from './authz.ts';
import { peopleRoutes } from './routes.ts';
import { resetDemoPeople, seedDemoPeople } from './seed-demo.ts';
import { resetNationalPeople, seedNationalPeople } from './seed-national.ts';
import { createPeopleService } from './service.ts';
import {
  navigationLink,
  organisationNames,
  type Module,
  type PersonalDataPage,
} from '#platform/modules/contract.ts';
import { registerPermissions } from '../permissions.ts';

/** The involvement register: people, their details, availability, consent and status. */
/** A carer or supporter, on the person's record or on someone else's that names them. */
const supportersPage: PersonalDataPage = {
  namespace: 'rights',
  hidden: ['related_person_id'],
  codes: { relationship: 'people:relationships', may_share: 'people:sharing' },
};

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
    {
      table: 'people',
      column: 'id',
      section: 'person',
      erase: 'person',
      // keyed hashes for finding duplicates: nothing the person gave
      omit: ['phone_lookup', 'email_lookup', 'dedupe_lookup'],
      page: {
        namespace: 'rights',
        codes: {
          kind: 'people:kinds',
          age_band: 'people:ageBands',
          status: 'people:statuses',
          preferred_language: 'people:languages',
          formats: 'people:formats',
          channels: 'people:channels',
          willing_activities: 'people:activities',
          skills: 'people:skills',
          training_completed: 'people:trainings',
          orientation: 'people:orientations',
          commitment_group: 'people:commitmentGroups',
          venue_needs: 'people:venueNeeds',
        },
        names: {
          scope_ids: organisationNames,
          named_worker_account_id: {
            table: 'accounts',
            en: 'name',
            missing: 'rights:values.staff',
          },
          identified_scope_ids: organisationNames,
        },
      },
    },
    // the organisations a person is connected to: kept for anonymous counts by organisation
    {
      table: 'person_organisations',
      column: 'person_id',
      section: 'organisations',
      erase: 'keep',
      page: { namespace: 'rights' },
    },
    // status changes: kept for counts over time, with the free-text reason removed
    {
      table: 'person_status_history',
      column: 'person_id',
      section: 'statusHistory',
      erase: 'keep',
      clear: ['reason'],
      page: {
        namespace: 'rights',
        staff: ['changed_by'],
        codes: { status: 'people:statuses' },
      },
    },
    {
      table: 'person_unavailable_times',
      column: 'person_id',
      section: 'unavailableTimes',
      erase: 'delete',
      page: { namespace: 'rights', codes: { weekday: 'people:weekdays' } },
    },
    {
      table: 'person_unavailable_dates',
      column: 'person_id',
      section: 'unavailableDates',
      erase: 'delete',
      page: { namespace: 'rights' },
    },
    {
      table: 'person_supporters',
      column: 'person_id',
      section: 'supporters',
      erase: 'delete',
      page: supportersPage,
    },
    // other people's records that name this person as their carer or supporter
    {
      table: 'person_supporters',
      column: 'related_person_id',
      section: 'supporterOf',
      erase: 'delete',
      page: supportersPage,
    },
    // consent records are the evidence of what was allowed: kept, every live consent withdrawn
    {
      table: 'consents',
      column: 'person_id',
      section: 'consents',
      erase: 'keep',
      page: {
        namespace: 'rights',
        staff: ['recorded_by', 'withdrawn_by'],
        codes: {
          purpose: 'people:purposes',
          method: 'people:methods',
          withdrawal_method: 'people:methods',
        },
      },
    },
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
