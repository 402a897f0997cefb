import type { Module } from '#platform/modules/contract.ts';
import { repliesMatrix } from './authz.ts';
import { replyLinkRoutes } from './public-routes.ts';
import { staffReplyRoutes } from './staff-routes.ts';
import { createRepliesService } from './service.ts';

/** Replies to invitations (any channel), the back-up offer, the reply link and text replies. */
export const repliesModule: Module = {
  name: 'meetings/replies',
  services: ({ db, audit, config, i18n, jobs }) => ({
    meetingReplies: createRepliesService({
      db,
      audit,
      contact: { db, config, i18n, jobs },
      publicUrl: config.publicUrl,
    }),
  }),
  routes: [replyLinkRoutes, staffReplyRoutes],
  // a text from someone with an open invitation is their reply (after feedback keywords)
  receivedText: [
    {
      name: 'meetings.replies',
      order: 50,
      handle: (services, text) => services.meetingReplies.receivedText(text),
    },
  ],
  matrix: repliesMatrix,
};
