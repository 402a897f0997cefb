/**
 * The register capability's public API: the involvement register, safe contact, the people's
 * portal, import and export, rights, equality monitoring and statistics. Other capabilities
 * import from `#features/register` only.
 */
import type { ContactService } from './contact/contact.ts';
import type { PeopleService } from './people/service.ts';
import type { EqualityService } from './equality/service.ts';
import type { PortalService } from './portal/service.ts';
import type { RightsService } from './rights/service.ts';
import type { ContactTasks } from './portal/tasks.ts';
import type { StatisticsService } from './statistics/service.ts';
import type { TransferService } from './transfer/service.ts';
import { contactModule } from './contact/module.ts';
import { equalityModule } from './equality/module.ts';
import { peopleModule } from './people/module.ts';
import { portalModule } from './portal/module.ts';
import { rightsModule } from './rights/module.ts';
import { statisticsModule } from './statistics/module.ts';
import { transferModule } from './transfer/module.ts';

// In the order their services are built: a factory sees only the services built before it
// (portal needs contact and people).
export const registerModules = [
  peopleModule,
  equalityModule,
  contactModule,
  portalModule,
  statisticsModule,
  transferModule,
  rightsModule,
];

// Who a member of staff may see, and finding people on the register.
export { organisationsInScope, searchPeople, visibleTo, type Viewer } from './people/repository.ts';
export { viewerOf } from './people/service.ts';
export { findPeopleByName } from './people/find-by-name.ts';
export { personByPhone } from './people/by-phone.ts';
// UK phone numbers as the register reads them (Ofcom's drama numbers included, for demo data).
export { isUkMobile, normaliseUkPhone } from './people/protected-fields.ts';
// Who an invitation suits (status, scope, kind, willingness, Welsh, availability) and consent.
export {
  availableAt,
  hasContactConsent,
  suitableFor,
  type Suitability,
} from './people/suitability.ts';
export { skills, trainings } from './people/schema.ts';
// What meetings check against the people they invite (language, venue, time), privately.
export {
  canSeePerson,
  inviteeNeeds,
  inviteeNeedsJson,
  namesFor,
  needsOf,
  type InviteeNeeds,
  type InviteeNeedsRow,
} from './people/invitee-needs.ts';
// Who is on a meeting's invitee list: names, or their organisation, and facts for closed groups.
export { invitationFacts, type InvitationFacts } from './people/invitation-facts.ts';
export {
  activities,
  personKinds,
  type Activity,
  type PersonKind,
  type PersonStatus,
  venueNeeds,
  type VenueNeed,
} from './tables.ts';

// Every message to a person goes through safe contact.
export {
  contactPeople,
  contactPerson,
  sentSince,
  summariseContacts,
  type ContactDependencies,
  type ContactService,
} from './contact/index.ts';

// Demo people (other capabilities' demo data involves them) and people for tests.
export { demoPeople, demoPersonId } from './people/seed-demo.ts';
export { insertTestPerson, type TestPerson } from './people/fixtures.ts';
export { samplePerson } from './people/authz.ts';

declare module '#platform/modules/contract.ts' {
  interface Services {
    people: PeopleService;
    equality: EqualityService;
    contact: ContactService;
    portal: PortalService;
    contactTasks: ContactTasks;
    statistics: StatisticsService;
    transfer: TransferService;
    rights: RightsService;
  }
}
