import type { Module } from '#platform/modules/contract.ts';
import { papersDue, repliesOutstanding } from './attention.ts';
import { invitationsMatrix } from './authz.ts';
import { papersInTime } from './evidence.ts';
import { invitationsRoutes } from './routes.ts';
import { createInvitationsService } from './service.ts';

/** The reminder job's name: it runs every five minutes (once per slot across instances). */
export const REMINDERS_JOB = 'meetings.reminders';

/** Invitations, papers and reminders going out; the staff calendar file. */
export const invitationsModule: Module = {
  name: 'meetings/invitations',
  services: ({ db, audit, notifier, i18n, jobs, config }) => ({
    invitations: createInvitationsService({ db, audit, notifier, i18n, jobs, config }),
  }),
  routes: [invitationsRoutes],
  matrix: invitationsMatrix,
  attention: [papersDue, repliesOutstanding],
  evidence: [papersInTime],
  jobs: ({ invitations }) => [
    {
      name: REMINDERS_JOB,
      handler: () => invitations.sendDueReminders(),
      options: { retryLimit: 1, expireInSeconds: 240 },
      schedule: '*/5 * * * *',
    },
  ],
};
