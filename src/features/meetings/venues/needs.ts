import type { VenueNeed } from '#features/register';
import type { Selectable } from 'kysely';
import type { VenueFeature, VenuesTable } from '../tables.ts';

/** The venue columns a person's needs are checked against. */
export type VenueFeatures = Selectable<Pick<VenuesTable, VenueFeature>>;

/** Whether the venue meets one need: its feature of the same name, or (`not_*`) its absence. */
function meets(venue: VenueFeatures, need: VenueNeed): boolean {
  const feature = need.replace(/^not_/, '') as VenueFeature;
  return need === feature ? venue[feature] : !venue[feature];
}

/**
 * The needs (from `people.venue_needs`) the venue does not meet, in the order given, each once.
 * Used by the user-proofing check; an empty list means the venue suits the person.
 */
export function unmetNeeds(venue: VenueFeatures, needs: readonly VenueNeed[]): VenueNeed[] {
  return [...new Set(needs)].filter((need) => !meets(venue, need));
}
