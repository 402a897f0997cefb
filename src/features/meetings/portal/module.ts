import type { Module } from '#platform/modules/contract.ts';
import { meetingPortalMatrix } from './authz.ts';
import { meetingPortalRoutes } from './routes.ts';
import { createMeetingPortalService } from './service.ts';

/** The people's portal: the meetings a person is invited to, replying, and what came of them. */
export const meetingPortalModule: Module = {
  name: 'meetings/portal',
  services: ({ db, audit, people }) => ({
    meetingPortal: createMeetingPortalService({
      db,
      audit,
      // the paper formats the person asked for (read as themselves; the page's read is audited)
      formatsOf: async (personId) =>
        (await people.findPersonForActor({ personId }, personId, { audit: false })).formats,
    }),
  }),
  routes: [meetingPortalRoutes],
  portalLinks: [{ href: '/portal/meetings', text: 'meetingPortal:link' }],
  matrix: meetingPortalMatrix,
};
