/**
 * The meetings capability's public API: venues, meetings and events (one-off or in a series),
 * their invitees, replies, attendance and user-proofing. Other capabilities import from
 * `#features/meetings` only.
 */
import type { Module } from '#platform/modules/contract.ts';
import { meetingsModule } from './meetings/module.ts';
import type { VenuesService } from './venues/service.ts';
import { venuesModule } from './venues/module.ts';

// In the order their services are built.
export const meetingsModules: Module[] = [meetingsModule, venuesModule];
export { unmetNeeds, type VenueFeatures } from './venues/needs.ts';

declare module '#platform/modules/contract.ts' {
  interface Services {
    venues: VenuesService;
  }
}
