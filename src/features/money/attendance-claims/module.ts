import type { Module } from '#platform/modules/contract.ts';
import { attendanceClaimsMatrix } from './authz.ts';
import { attendanceClaimsRoutes } from './routes.ts';
import { createAttendanceClaimsService } from './service.ts';

/** Claims for everyone who came to a meeting, made in one step (issue 11 item 2). */
export const attendanceClaimsModule: Module = {
  name: 'money/attendance-claims',
  services: ({ db, audit }) => ({ attendanceClaims: createAttendanceClaimsService({ db, audit }) }),
  routes: [attendanceClaimsRoutes],
  matrix: attendanceClaimsMatrix,
};
