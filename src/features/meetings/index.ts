/**
 * The meetings capability's public API: venues, meetings and events (one-off or in a series),
 * their invitees, replies, attendance and user-proofing. Other capabilities import from
 * `#features/meetings` only.
 */
import type { Module } from '#platform/modules/contract.ts';
import type { MeetingsService } from './meetings/service.ts';
import { meetingsModule } from './meetings/module.ts';

// In the order their services are built.
export const meetingsModules: Module[] = [meetingsModule];

declare module '#platform/modules/contract.ts' {
  interface Services {
    meetings: MeetingsService;
  }
}
