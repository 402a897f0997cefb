import type { Module } from '#platform/modules/contract.ts';
import { minutesOverdue } from './attention.ts';
import { proofingMatrix } from './authz.ts';
import { meetingFigures, minutesInTime, proofingCompliance, welshProvision } from './evidence.ts';
import { proofingRoutes } from './routes.ts';
import { resetNationalMeetings, seedNationalMeetings } from './seed-national.ts';
import { createProofingService } from './service.ts';

/** The user-proofing checklist of every meeting, with overrides and their reasons. */
export const proofingModule: Module = {
  name: 'meetings/proofing',
  services: ({ db, audit }) => ({ proofing: createProofingService({ db, audit }) }),
  routes: [proofingRoutes],
  matrix: proofingMatrix,
  attention: [minutesOverdue],
  evidence: [minutesInTime, welshProvision, proofingCompliance],
  figures: meetingFigures,
  // national meetings for the benches (here until the meetings feature takes them)
  seeds: {
    national: { name: 'meetings', reset: resetNationalMeetings, seed: seedNationalMeetings },
  },
};
