/**
 * The meetings capability's public API: venues, meetings and events (one-off or in a series),
 * their invitees, replies, attendance and user-proofing. Other capabilities import from
 * `#features/meetings` only.
 */
import type { Module } from '#platform/modules/contract.ts';
import { meetingsModule } from './meetings/module.ts';
import { papersModule } from './papers/module.ts';
import type { PapersService } from './papers/service.ts';

// In the order their services are built.
export const meetingsModules: Module[] = [meetingsModule, papersModule];

// A meeting's papers and minutes, and when each meeting's first paper went up (user-proofing).
export { papersOf, earliestPaperUploads, type Paper } from './papers/service.ts';

declare module '#platform/modules/contract.ts' {
  interface Services {
    papers: PapersService;
  }
}
