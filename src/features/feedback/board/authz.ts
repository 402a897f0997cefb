import crypto from 'node:crypto';
import type { Services } from '#platform/modules/contract.ts';
import type { MatrixFixture, MatrixRow } from '#platform/permissions/matrix.ts';
import { overSubtree, scoped } from '#platform/permissions/matrix.ts';
import { insertTestItem } from '../items/fixtures.ts';
import { feedbackPermissions } from '../permissions.ts';

/** The letters and digits of inbox codes (no 0, o, 1, l, i). */
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * The target organisation's inbox (made the first time, with a random code), and one published
 * outcome in it, so a board, its poster and the "tell us" poster all have something real to
 * show: a public row answering 404 would pass for a refusal.
 */
async function inboxAt(fixture: MatrixFixture, target: string) {
  const { db } = fixture.services as Services;
  const code = Array.from(
    crypto.randomBytes(8),
    (b) => CODE_ALPHABET[b % CODE_ALPHABET.length],
  ).join('');
  await db
    .insertInto('feedback_inboxes')
    .values({ organisation_id: target, code })
    .onConflict((oc) => oc.column('organisation_id').doNothing())
    .execute();
  const inbox = await db
    .selectFrom('feedback_inboxes')
    .select('code')
    .where('organisation_id', '=', target)
    .executeTakeFirstOrThrow();
  if (inbox.code === code)
    await insertTestItem(db, {
      organisation_id: target,
      body: 'Matrix board item',
      status: 'published',
      outcome: 'done',
      outcome_en: 'We did it.',
      outcome_cy: 'Fe wnaethon ni hynny.',
      published_at: new Date(),
    });
  return inbox.code;
}

export const boardMatrix: MatrixRow[] = [
  scoped('GET /you-said-we-did/:code', 'public', async (fixture, target) => {
    return `/you-said-we-did/${await inboxAt(fixture, target)}`;
  }),
  scoped('GET /you-said-we-did/area/:organisationId', 'public', async (fixture, target) => {
    await inboxAt(fixture, target);
    return `/you-said-we-did/area/${target}`;
  }),
  scoped('GET /you-said-we-did/:code/poster.pdf', 'public', async (fixture, target) => {
    return `/you-said-we-did/${await inboxAt(fixture, target)}/poster.pdf`;
  }),
  scoped(
    'GET /feedback/inboxes/:organisationId/poster.pdf',
    overSubtree(...feedbackPermissions['feedback.view']),
    async (fixture, target) => {
      await inboxAt(fixture, target);
      return `/feedback/inboxes/${target}/poster.pdf`;
    },
  ),
];
