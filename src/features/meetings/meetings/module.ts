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
    {
      table: 'meetings',
      column: 'chair_person_id',
      section: 'meetingsChaired',
      erase: 'keep',
      page: {
        namespace: 'meetings',
        hidden: ['series_id', 'venue_id', 'online_details', 'chair_account_id', 'chair_person_id'],
        staff: ['created_by'],
        codes: {
          kind: 'meetings:kinds',
          attendance_mode: 'meetings:attendanceModes',
          languages: 'meetings:languages',
          closed_to: 'meetings:closedGroups',
          status: 'meetings:statuses',
        },
        positions: { rung: 'involvement:rungs' },
      },
    },
    {
      table: 'meeting_invitees',
      column: 'person_id',
      section: 'meetingInvitations',
      erase: 'keep',
      page: {
        namespace: 'meetings',
        hidden: ['account_id', 'backup_for', 'involvement_record_id'],
        staff: ['attendance_recorded_by', 'added_by'],
        codes: {
          role: 'meetings:inviteeRoles',
          reply: 'meetings:replies',
          reply_channel: 'meetings:replyChannels',
          attendance: 'meetings:attendances',
        },
        names: { meeting_id: { table: 'meetings', en: 'title_en', cy: 'title_cy' } },
      },
    },
  ],
};
