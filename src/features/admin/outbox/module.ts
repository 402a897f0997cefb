import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { outboxMatrix } from './authz.ts';
import { outboxRoutes } from './routes.ts';
import { createOutboxService } from './service.ts';

/** The outbox: what would have been sent, for a newcomer or a deployment without a sender. */
export const outboxModule: Module = {
  name: 'admin/outbox',
  services: ({ db, audit }) => ({ outbox: createOutboxService({ db, audit }) }),
  routes: [outboxRoutes],
  navigation: [navigationLink('/outbox', 'common:navigation.outbox', 'outbox.view')],
  matrix: outboxMatrix,
};
