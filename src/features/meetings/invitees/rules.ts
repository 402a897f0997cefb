import type { InvitationFacts } from '#features/register';
import type { ClosedGroup } from '../tables.ts';

/**
 * Closed groups (meetings.closed_to): who may be invited to a meeting only for women, men, young
 * people, carers or service users. Cyd decides from the register where it can (a person's kind,
 * their age on the day); where it cannot (whether someone is a woman or a man; staff and guests,
 * who are not on the register) a member of staff confirms they have checked, and the audit entry
 * records that they did.
 */

/** Young people: under 25 on the day of the meeting (youth services in Wales work with 11–25). */
export const YOUNG_PERSON_UNDER = 25;
const youngBands = new Set(['under_18', '18_24']);

/** In the group, not in it, or Cyd cannot tell (staff must confirm). */
export type GroupFit = 'in' | 'out' | 'unknown';

type Known = Pick<InvitationFacts, 'kind' | 'age' | 'ageBand'>;

/** Does a person from the register belong to the group? */
export function personFits(group: ClosedGroup | null, person: Known): GroupFit {
  if (group === null) return 'in';
  switch (group) {
    case 'women':
    case 'men':
      return 'unknown';
    case 'service_users':
      return person.kind === 'service_user' || person.kind === 'former_service_user' ? 'in' : 'out';
    case 'carers':
      // a family member may well care for someone; the register cannot say
      return person.kind === 'carer' ? 'in' : person.kind === 'family_member' ? 'unknown' : 'out';
    case 'young_people':
      if (person.kind === 'young_person') return 'in';
      if (person.age !== null) return person.age < YOUNG_PERSON_UNDER ? 'in' : 'out';
      if (person.ageBand !== null) return youngBands.has(person.ageBand) ? 'in' : 'out';
      return 'unknown';
  }
}

/** Staff and guests are not on the register: for a closed group, staff always confirm. */
export const outsiderFits = (group: ClosedGroup | null): GroupFit =>
  group === null ? 'in' : 'unknown';
