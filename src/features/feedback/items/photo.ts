import type { FastifyPluginAsync } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { keepFlash } from '#platform/http/flash.ts';
import { acceptUploads, checkUpload } from '#platform/http/uploads.ts';
import { itemNumber } from './receive.ts';
import { itemIdOf, renderItem } from './routes.ts';
import type { FeedbackCardPhotosTable } from './tables.ts';

/** A phone's photo of a card fits; the database's check says the same. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
type PhotoType = FeedbackCardPhotosTable['media_type'];
const photoTypes: readonly PhotoType[] = ['image/jpeg', 'image/png', 'image/webp', 'image/heic'];
const extensions: Record<PhotoType, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/heic': 'heic',
};
/** The message of each problem with an upload (feedback:errors.<message>). */
const problems = { missing: 'photoMissing', tooLarge: 'photoLarge', type: 'photoType' } as const;

/**
 * A photo of a card from the suggestions box, kept with the item if staff want it (one per
 * card; another replaces it), and shown to those who may see the item. Audited both ways.
 */
export const cardPhotoRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { db, audit, feedbackItems: items } = services;
  await acceptUploads(app, { fileSize: MAX_PHOTO_BYTES, fields: 4, fieldSize: 1000, parts: 6 });

  app.post('/feedback/items/:itemId/photo', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const item = await items.itemFor(actor, itemIdOf(request), 'feedback.triage');
    if (item.channel !== 'card') throw new HttpError(404);
    const body = (request.body ?? {}) as { file?: unknown };
    const checked = await checkUpload(body.file, photoTypes);
    if (!checked.ok)
      return renderItem(services, request, reply, {
        form: 'photo',
        issues: [{ field: 'photo', message: `feedback:errors.${problems[checked.problem]}` }],
        values: {},
      });
    await db.transaction().execute(async (trx) => {
      const values = {
        media_type: checked.type,
        byte_size: checked.data.length,
        content: checked.data,
        added_by: actor.id,
      };
      await trx
        .insertInto('feedback_card_photos')
        .values({ item_id: item.id, ...values })
        .onConflict((oc) => oc.column('item_id').doUpdateSet(values))
        .execute();
      await audit.record(
        items.entry(actor, item, 'feedback.photo_added', { type: checked.type }),
        trx,
      );
    });
    keepFlash(request, 'photo');
    return reply.redirect(`/feedback/items/${item.id}`, 303);
  });

  app.get(
    '/feedback/items/:itemId/photo',
    { ...guarded, compress: false },
    async (request, reply) => {
      const actor = actorOf(request);
      const item = await items.itemFor(actor, itemIdOf(request));
      const photo = await db
        .selectFrom('feedback_card_photos')
        .select(['media_type', 'content'])
        .where('item_id', '=', item.id)
        .executeTakeFirst();
      if (!photo) throw new HttpError(404);
      await audit.record(items.entry(actor, item, 'feedback.photo_viewed'));
      return reply
        .headers({
          'content-type': photo.media_type,
          'content-disposition': `inline; filename="card-${itemNumber(item.number)}.${extensions[photo.media_type]}"`,
          'x-content-type-options': 'nosniff',
          'content-security-policy': "default-src 'none'; sandbox",
          'cache-control': 'private, no-store',
        })
        .send(photo.content);
    },
  );
};
