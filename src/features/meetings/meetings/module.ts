import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { meetingsPermissions } from '../permissions.ts';
import { meetingsMatrix } from './authz.ts';
import { meetingsRoutes } from './routes.ts';
import { createMeetingsService } from './service.ts';

export const meetingsModule: Module = {
  name: 'meetings/meetings',
  // the meetings capability's permissions
  permissions: meetingsPermissions,
  services: ({ db, audit }) => ({ meetings: createMeetingsService({ db, audit }) }),
  routes: [meetingsRoutes],
  matrix: meetingsMatrix,
  navigation: [navigationLink('/meetings', 'meetings:pages.navigation', 'meeting.view')],
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
