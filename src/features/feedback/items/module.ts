import { navigationLink, type Module } from '#platform/modules/contract.ts';
import { createFeedbackLoop, TELL_JOB } from '../loop/service.ts';
import { ESCALATE_JOB, escalateOverdue } from '../loop/escalate.ts';
import { tellCommissioner } from '../loop/service.ts';
import { feedbackActionsRoutes } from './actions.ts';
import { cardPhotoRoutes } from './photo.ts';
import { feedbackWaiting } from './attention.ts';
import { itemsMatrix } from './authz.ts';
import {
  complaintsInTime,
  feedbackFigures,
  feedbackInPlace,
  outcomesPublished,
} from './insight.ts';
import { itemNumber } from './receive.ts';
import { feedbackItemsRoutes } from './routes.ts';
import { feedbackDemo } from './seed-demo.ts';
import { feedbackNational } from './seed-national.ts';
import { createFeedbackItems } from './service.ts';

/** The service inbox, triage and the loop to a published outcome (issue 12 items 2, 3 and 5). */
export const feedbackItemsModule: Module = {
  name: 'feedback/items',
  services: ({ db, audit, notifier, config, i18n, jobs }) => {
    const feedbackItems = createFeedbackItems({
      db,
      audit,
      async alertLead(item, leadId) {
        const lead = await db
          .selectFrom('accounts')
          .select(['email', 'language'])
          .where('id', '=', leadId)
          .where('disabled_at', 'is', null)
          .executeTakeFirst();
        if (!lead) return;
        await notifier.send(
          {
            channel: 'email',
            address: lead.email,
            language: lead.language,
            organisationId: item.organisation_id,
          },
          {
            template: 'feedbackSafeguarding',
            personalisation: {
              number: itemNumber(item.number),
              link: `${config.publicUrl}/feedback/items/${item.id}`,
            },
            reference: `feedback-safeguarding-${item.id}`,
          },
        );
      },
    });
    const feedbackLoop = createFeedbackLoop({
      db,
      audit,
      items: feedbackItems,
      jobs,
      notifier,
      i18n,
      keys: config.encryptionKey,
      publicUrl: config.publicUrl,
      contact: { db, config, i18n, jobs },
    });
    return { feedbackItems, feedbackLoop };
  },
  routes: [feedbackItemsRoutes, feedbackActionsRoutes, cardPhotoRoutes],
  navigation: [navigationLink('/feedback', 'feedback:navigation', 'feedback.view')],
  attention: [feedbackWaiting],
  seeds: { demo: feedbackDemo, national: feedbackNational },
  matrix: itemsMatrix,
  evidence: [feedbackInPlace, outcomesPublished, complaintsInTime],
  figures: feedbackFigures,
  jobs: ({ db, audit, notifier, i18n, config, feedbackLoop }) => [
    {
      // queued when an outcome is published to someone who left contact details
      name: TELL_JOB,
      handler: (data: { itemId: string }) => feedbackLoop.tellContact(data.itemId),
    },
    {
      name: ESCALATE_JOB,
      async handler() {
        const escalated = await escalateOverdue({ db, audit }, new Date());
        for (const item of escalated)
          await tellCommissioner({ db, notifier, i18n, publicUrl: config.publicUrl }, item);
        return { escalated: escalated.length };
      },
      schedule: '7 * * * *',
    },
  ],
};
