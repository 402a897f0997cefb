import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import type { FeedbackRecording } from './service.ts';
import {
  actorOf,
  authoriseAnywhere,
  guarded,
  personGuarded,
  personOf,
} from '#platform/http/guards.ts';
import { HttpError } from '#platform/http/errors.ts';
import { keepFlash, takeFlash } from '#platform/http/flash.ts';
import { choices, formErrors, type Form, type Issue } from '#platform/validation/index.ts';
import { formatDate } from '#platform/views/views.ts';
import { publishedOutcome } from '../items/present.ts';
import { itemNumber } from '../items/receive.ts';
import { feedbackKinds } from '../items/tables.ts';
import { MAX_BODY } from '../public/schema.ts';
import { parseRecorded, personQuery } from './schema.ts';
import { z } from 'zod';

const guid = z.guid();
import { portalChannels, staffChannels } from './service.ts';
import { local } from '#platform/i18n/i18n.ts';

const view = (name: string) => `feedback/recording/views/${name}.njk`;

/** Staff record feedback (`/feedback/new`); a person gives theirs in the portal (`/portal/feedback`). */
export const feedbackRecordingRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const recording: FeedbackRecording = services.feedbackRecording;

  /** The person chosen on the register (`?person=`, or the form's `person`), if any. */
  const chosenPerson = (request: FastifyRequest, values: Form) => {
    const fromForm = typeof values.person === 'string' ? values.person : '';
    const query = personQuery.safeParse(request.query);
    const id = fromForm || (query.success ? (query.data.person ?? '') : '');
    if (!id) return null;
    if (!guid.safeParse(id).success) throw new HttpError(404);
    return recording.personFor(actorOf(request), id);
  };

  const renderNew = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Form = {},
    issues?: Issue[],
  ) => {
    const actor = authoriseAnywhere(request, 'feedback.triage');
    const { t, lang } = request;
    const [inboxes, person] = await Promise.all([
      recording.inboxesFor(actor),
      chosenPerson(request, values),
    ]);
    const errors = formErrors(t, issues ?? []);
    if (issues) reply.code(400);
    const chosen = (field: string) => (typeof values[field] === 'string' ? values[field] : null);
    return reply.render(view('new'), {
      pageTitle: t('feedback:record.title'),
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      services: [
        { value: '', text: t('feedback:record.chooseService') },
        ...inboxes.map((o) => ({
          value: o.id,
          text: local(lang, o.nameEn, o.nameCy),
          selected: o.id === values.service,
        })),
      ],
      channels: choices(t, staffChannels, 'feedback:channels.', chosen('channel') ?? 'card'),
      kinds: choices(t, feedbackKinds, 'feedback:kindNames.', chosen('kind')),
      languages: choices(t, ['en', 'cy'], 'feedback:languages.', chosen('language') ?? lang),
      maxBody: MAX_BODY,
      person,
    });
  };

  app.get('/feedback/new', guarded, (request, reply) => renderNew(request, reply));

  // someone on the register it is for: found by name (posted: no name in an address)
  app.post('/feedback/new/person', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'feedback.triage');
    const name =
      typeof request.form.name === 'string' ? request.form.name.trim().slice(0, 100) : '';
    const found = name ? await recording.findPeople(actor, name) : [];
    return reply.render(view('find'), {
      pageTitle: request.t('feedback:record.findTitle'),
      name,
      found: found.map((p) => ({ href: `/feedback/new?person=${p.id}`, name: p.displayName })),
      errors: name ? {} : { name: { text: request.t('feedback:record.findName') } },
      errorList: name ? [] : [{ text: request.t('feedback:record.findName'), href: '#name' }],
    });
  });

  app.post('/feedback/new', guarded, async (request, reply) => {
    const parsed = parseRecorded(
      request.form,
      staffChannels,
      request.lang === 'cy' ? 'cy' : 'en',
      true,
    );
    if (!parsed.ok || !parsed.value.organisationId)
      return renderNew(
        request,
        reply,
        request.form,
        parsed.ok ? [{ field: 'service', message: 'feedback:errors.service' }] : parsed.issues,
      );
    const { organisationId, ...recorded } = parsed.value;
    const person = await chosenPerson(request, request.form);
    const item = await recording.recordForService(
      actorOf(request),
      organisationId,
      recorded,
      person?.id ?? null,
    );
    keepFlash(request, 'recorded');
    return reply.redirect(`/feedback/items/${item.id}`, 303);
  });

  const renderPortal = async (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Form = {},
    issues?: Issue[],
    flash?: string,
  ) => {
    const person = personOf(request);
    const { t, lang } = request;
    const [inbox, items] = await Promise.all([
      recording.inboxOfPerson(person),
      recording.ownItems(person),
    ]);
    const errors = formErrors(t, issues ?? []);
    if (issues) reply.code(400);
    const chosen = (field: string) => (typeof values[field] === 'string' ? values[field] : null);
    return reply.render(view('portal'), {
      pageTitle: t('feedback:portal.title'),
      flash: flash ? t(`feedback:portal.flash.${flash}`) : undefined,
      service: inbox ? local(lang, inbox.nameEn, inbox.nameCy) : null,
      values,
      errors: errors.fields,
      errorList: errors.errorList,
      channels: choices(
        t,
        portalChannels,
        'feedback:portal.channels.',
        chosen('channel') ?? 'portal',
        { hints: 'feedback:portal.channelHints.' },
      ),
      kinds: choices(t, feedbackKinds, 'feedback:kinds.', chosen('kind')),
      maxBody: MAX_BODY,
      items: items.map((i) => ({
        number: itemNumber(i.number),
        kind: t(`feedback:kindNames.${i.kind}`),
        received: formatDate(i.receivedAt, lang),
        status: t(`feedback:statuses.${i.status}`),
        outcome: publishedOutcome(request, i),
      })),
    });
  };

  app.get('/portal/feedback', personGuarded, async (request, reply) =>
    renderPortal(
      request,
      reply,
      {},
      undefined,
      await takeFlash<string>(services.sessions, request),
    ),
  );

  app.post('/portal/feedback', personGuarded, async (request, reply) => {
    const parsed = parseRecorded(
      { ...request.form, contact: '' },
      portalChannels,
      request.lang === 'cy' ? 'cy' : 'en',
    );
    if (!parsed.ok) return renderPortal(request, reply, request.form, parsed.issues);
    const recorded = { ...parsed.value, organisationId: undefined };
    if (!(await recording.inboxOfPerson(personOf(request)))) throw new HttpError(404);
    await recording.recordForPerson(personOf(request), recorded);
    keepFlash(request, 'sent');
    return reply.redirect('/portal/feedback', 303);
  });
};
