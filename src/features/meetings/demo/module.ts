import type { Module } from '#platform/modules/contract.ts';
import { resetDemoMeetings, seedDemoMeetings } from './seed-demo.ts';

/** The demo venues and meetings: a well user-proofed forum series and a poorly proofed board. */
export const meetingsDemoModule: Module = {
  name: 'meetings/demo',
  seeds: {
    demo: { reset: resetDemoMeetings, seed: (trx, context) => seedDemoMeetings(trx, context) },
  },
};
