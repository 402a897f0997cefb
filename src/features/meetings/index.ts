/**
 * The meetings capability's public API: venues, meetings and events (one-off or in a series),
 * their invitees, replies, attendance and user-proofing. Other capabilities import from
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
import type { ProofingService } from './proofing/service.ts';
import { proofingModule } from './proofing/module.ts';

// In the order their services are built.
export const meetingsModules: Module[] = [
  meetingsModule,
  proofingModule,
  attendanceModule,
  outcomesModule,
  consultationModule,
];

declare module '#platform/modules/contract.ts' {
  interface Services {
    proofing: ProofingService;
    attendance: AttendanceService;
    outcomes: OutcomesService;
    consultation: ConsultationService;
  }
}

// What came of a meeting, for the people's portal.
export { outcomesOf, type Outcome } from './outcomes/service.ts';
