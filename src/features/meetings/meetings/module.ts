import type { Module } from '#platform/modules/contract.ts';
import { meetingsPermissions } from '../permissions.ts';
import { createMeetingsService } from './service.ts';

export const meetingsModule: Module = {
  name: 'meetings/meetings',
  capability: 'meetings',
  // the meetings capability's permissions
  permissions: meetingsPermissions,
  services: ({ db, audit }) => ({ meetings: createMeetingsService({ db, audit }) }),
  personalData: [
    // meetings they chaired and were invited to, their replies and attendance: kept (the person
    // row is anonymised) so attendance counts and the record of who chaired stand
    { table: 'meetings', column: 'chair_person_id', section: 'meetingsChaired', erase: 'keep' },
    {
      table: 'meeting_invitees',
      column: 'person_id',
      section: 'meetingInvitations',
      erase: 'keep',
    },
  ],
};
