import type { Services } from '#platform/modules/contract.ts';
import { createOutboxNotifier } from '#platform/notify/outbox.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { overSubtree, scoped } from '#platform/permissions/matrix.ts';

/** Platform administrators everywhere; outbox.view holders in their subtree. */
const readOutbox = overSubtree('organisation_admin', 'involvement_lead');
/** Platform administrators everywhere; outbox.reveal_code holders (involvement leads) in their subtree. */
const revealCode = overSubtree('involvement_lead');

/** A message kept in the outbox for the target organisation. */
async function messageAt(
  fixture: MatrixFixture,
  organisationId: string,
  template = 'passwordReset',
) {
  const { db, i18n } = fixture.services as Services;
  const { id } = await createOutboxNotifier(db, i18n).send(
    { channel: 'email', address: 'matrix@test.example', language: 'en', organisationId },
    {
      template,
      personalisation: { link: 'https://cyd.example/matrix', code: '123456' },
      reference: 'matrix',
    },
  );
  return id;
}

export const outboxMatrix: MatrixRow[] = [
  // The organisation filter answers 404 for an organisation the actor cannot see.
  scoped('GET /outbox', readOutbox, (_fixture, target) => `/outbox?organisation=${target}`),
  scoped(
    'GET /outbox/:id',
    readOutbox,
    async (fixture, target) => `/outbox/${await messageAt(fixture, target)}`,
  ),
  {
    route: 'POST /outbox/:id/code',
    access: revealCode,
    request: async (fixture, target) => ({
      method: 'POST',
      url: `/outbox/${await messageAt(fixture, target, 'portalCode')}/code`,
    }),
  },
];
