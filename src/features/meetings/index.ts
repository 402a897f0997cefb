/**
 * The meetings capability's public API: venues, meetings and events (one-off or in a series),
 * their papers, invitees, replies, attendance and user-proofing. Other capabilities import from
 * `#features/meetings` only.
 */
import type { Module } from '#platform/modules/contract.ts';
import { meetingsModule } from './meetings/module.ts';
import type { AttendanceService } from './attendance/service.ts';
import { attendanceModule } from './attendance/module.ts';
import type { ConsultationService } from './consultation/service.ts';
import { consultationModule } from './consultation/module.ts';
import type { OutcomesService } from './outcomes/service.ts';
import { outcomesModule } from './outcomes/module.ts';
import { papersModule } from './papers/module.ts';
import type { PapersService } from './papers/service.ts';
import type { ProofingService } from './proofing/service.ts';
import { proofingModule } from './proofing/module.ts';

// In the order their services are built.
export const meetingsModules: Module[] = [
  meetingsModule,
  papersModule,
  proofingModule,
  attendanceModule,
  outcomesModule,
  consultationModule,
];

declare module '#platform/modules/contract.ts' {
  interface Services {
    papers: PapersService;
    proofing: ProofingService;
    attendance: AttendanceService;
    outcomes: OutcomesService;
    consultation: ConsultationService;
  }
}

// A meeting's papers and minutes, and when each meeting's first paper went up (user-proofing).
export { papersOf, earliestPaperUploads, type Paper } from './papers/service.ts';
// What came of a meeting, for the people's portal.
export { outcomesOf, type Outcome } from './outcomes/service.ts';
