import { canAnywhere } from '#platform/permissions/policy.ts';
import type { Module } from '#platform/modules/contract.ts';
import { outboxMatrix } from './authz.ts';
import { outboxRoutes } from './routes.ts';
import { createOutboxService } from './service.ts';

/** The outbox: what would have been sent, for a newcomer or a deployment without a sender. */
export const outboxModule: Module = {
  name: 'admin/outbox',
  capability: 'admin',
  services: ({ db, audit }) => ({ outbox: createOutboxService({ db, audit }) }),
  routes: [outboxRoutes],
  navigation: [
    {
      href: '/outbox',
      text: 'common:navigation.outbox',
      visible: (actor) => canAnywhere(actor, 'outbox.view'),
    },
  ],
  matrix: outboxMatrix,
};
