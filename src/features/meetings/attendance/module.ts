import type { Module } from '#platform/modules/contract.ts';
import { attendanceMatrix } from './authz.ts';
import { attendanceRoutes } from './routes.ts';
import { createAttendanceService } from './service.ts';

/** Attendance on the day; it records involvement once per person who took part. */
export const attendanceModule: Module = {
  name: 'meetings/attendance',
  services: ({ db, audit }) => ({ attendance: createAttendanceService({ db, audit }) }),
  routes: [attendanceRoutes],
  matrix: attendanceMatrix,
};
