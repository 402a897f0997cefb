import type { Module } from '#platform/modules/contract.ts';
import { inviteesMatrix } from './authz.ts';
import { inviteesRoutes } from './routes.ts';
import { createInviteesService } from './service.ts';

/** Who is invited to a meeting: people from the register, staff and guests, and their roles. */
export const inviteesModule: Module = {
  name: 'meetings/invitees',
  services: ({ db, audit, config }) => ({
    invitees: createInviteesService({ db, audit, keys: config.encryptionKey }),
  }),
  routes: [inviteesRoutes],
  matrix: inviteesMatrix,
};
