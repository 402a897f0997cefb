import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#platform/modules/contract.ts';
import { personOf, personGuarded } from '#platform/http/guards.ts';
import { formErrors, issuesOf, type Issue } from '#platform/validation/index.ts';
import { activities, formats, personChannels, venueNeeds } from '../tables.ts';
import { liveConsents, type PersonView } from '../people/service.ts';
import {
  contactSection,
  interestsSection,
  parseAvailability,
  skills,
  type Form,
} from '../people/schema.ts';
import {
  PORTAL_WORDING_VERSION,
  availabilityAsSent,
  availabilityOf,
  contactFormOf,
  many,
  one,
  portalPurposes,
  type AvailabilityValues,
} from './forms.ts';
import { consentChange, languageForm, requestForm, validate } from './schema.ts';
import type { PortalSession } from './session.ts';

const view = (name: string) => `register/portal/views/${name}.njk`;

/**
 * The signed-in person's own pages: home, language, how to contact me, availability, interests,
 * consent, asking to be paused or removed, and my data. Changes to the record go through the
 * people service with the person as the one acting.
 */
export function portalRecordRoutes(
  app: FastifyInstance,
  services: Services,
  session: PortalSession,
) {
  const { people, portal, rights } = services;
  const who = (request: FastifyRequest) => ({ personId: personOf(request).id });

  const load = (request: FastifyRequest, section: string) =>
    people.findPersonForActor(who(request), personOf(request).id, { section });

  app.get('/portal', personGuarded, async (request, reply) => {
    const person = await load(request, 'portal');
    const live = liveConsents(person);
    return reply.render(view('home'), {
      pageTitle: request.t('portal:home.title'),
      person,
      consented: portalPurposes.filter((p) => live.has(p)),
      requests: await portal.openRequests(person.id),
      links: services.modules.portalLinks.filter((link) => link.visible?.(request.person!) ?? true),
      ...(await session.takeFlash(request)),
    });
  });

  // Language: changing it changes the record (every message from then on) and this page at once.
  const renderLanguage = (
    request: FastifyRequest,
    reply: FastifyReply,
    person: PersonView,
    issues: Issue[] = [],
  ) =>
    reply.render(view('language'), {
      pageTitle: request.t('portal:language.title'),
      current: person.preferredLanguage,
      ...formErrors(request.t, issues),
    });

  app.get('/portal/language', personGuarded, async (request, reply) =>
    renderLanguage(request, reply, await load(request, 'contact')),
  );

  app.post('/portal/language', personGuarded, async (request, reply) => {
    const person = await load(request, 'contact');
    const parsed = validate(languageForm, request.form);
    if (!parsed.ok) return renderLanguage(request, reply, person, parsed.issues);
    await portal.changeLanguage(personOf(request), parsed.value.language);
    session.setFlash(request, 'portal:language.saved');
    // ?lang= switches this browser too (and is remembered), so the next page is in it.
    return reply.redirect(`/portal?lang=${parsed.value.language}`, 303);
  });

  // How to contact me: formats, channels in order, safe-contact rules.
  const renderPreferences = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Form,
    issues: Issue[] = [],
  ) =>
    reply.render(view('preferences'), {
      pageTitle: request.t('portal:preferences.title'),
      values: {
        ...values,
        formats: many(values, 'formats'),
        safe: many(values, 'safe'),
      },
      formatOptions: formats,
      channelOptions: personChannels,
      ...formErrors(request.t, issues),
    });

  app.get('/portal/preferences', personGuarded, async (request, reply) =>
    renderPreferences(request, reply, contactFormOf(await load(request, 'contact'))),
  );

  app.post('/portal/preferences', personGuarded, async (request, reply) => {
    const person = await load(request, 'contact');
    const form = request.form;
    const values: Form = {
      ...contactFormOf(person),
      formats: many(form, 'formats'),
      interpreterLanguage: one(form, 'interpreterLanguage'),
      channel1: one(form, 'channel1'),
      channel2: one(form, 'channel2'),
      channel3: one(form, 'channel3'),
      safe: many(form, 'safe'),
      quietFrom: one(form, 'quietFrom'),
      quietTo: one(form, 'quietTo'),
    };
    const next = contactSection.safeParse(values);
    if (!next.success) return renderPreferences(request, reply, values, issuesOf(next.error));
    await people.updatePersonSection(who(request), person.id, 'contact', next.data);
    session.setFlash(request, 'portal:preferences.saved');
    return reply.redirect('/portal', 303);
  });

  // When I cannot take part, and what helps me to.
  const renderAvailability = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: AvailabilityValues,
    issues: Issue[] = [],
  ) =>
    reply.render(view('availability'), {
      pageTitle: request.t('portal:availability.title'),
      values,
      venueNeeds: venueNeeds.map((need) => ({
        value: need,
        text: request.t(`people:venueNeeds.${need}`),
        checked: values.venueNeeds.includes(need),
      })),
      ...formErrors(request.t, issues),
    });

  app.get('/portal/availability', personGuarded, async (request, reply) =>
    renderAvailability(request, reply, availabilityOf(await load(request, 'availability'))),
  );

  app.post('/portal/availability', personGuarded, async (request, reply) => {
    const person = personOf(request);
    const parsed = parseAvailability(request.form);
    if (!parsed.ok)
      return renderAvailability(request, reply, availabilityAsSent(request.form), parsed.issues);
    await people.updatePersonSection(who(request), person.id, 'availability', parsed.value);
    session.setFlash(request, 'portal:availability.saved');
    return reply.redirect('/portal', 303);
  });

  // What I would like to do.
  const renderInterests = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: { willingActivities: string[]; skills: string[]; interests: string },
    issues: Issue[] = [],
  ) =>
    reply.render(view('interests'), {
      pageTitle: request.t('portal:interests.title'),
      values,
      activityOptions: activities,
      skillOptions: skills,
      ...formErrors(request.t, issues),
    });

  app.get('/portal/interests', personGuarded, async (request, reply) => {
    const person = await load(request, 'interests');
    return renderInterests(request, reply, {
      willingActivities: person.willingActivities,
      skills: person.skills,
      interests: person.interests ?? '',
    });
  });

  app.post('/portal/interests', personGuarded, async (request, reply) => {
    const person = await load(request, 'interests');
    const form = request.form;
    // Training and the commitment group are recorded by staff: kept as they are.
    const next = interestsSection.safeParse({
      willingActivities: many(form, 'willingActivities'),
      skills: many(form, 'skills'),
      interests: one(form, 'interests'),
      trainingCompleted: person.trainingCompleted,
      orientation: person.orientation ?? '',
      commitmentGroup: person.commitmentGroup ?? '',
    });
    if (!next.success)
      return renderInterests(
        request,
        reply,
        {
          willingActivities: many(form, 'willingActivities'),
          skills: many(form, 'skills'),
          interests: one(form, 'interests'),
        },
        issuesOf(next.error),
      );
    await people.updatePersonSection(who(request), person.id, 'interests', next.data);
    session.setFlash(request, 'portal:interests.saved');
    return reply.redirect('/portal', 303);
  });

  // Consent: each purpose, given or not, with a button to change it.
  app.get('/portal/consent', personGuarded, async (request, reply) => {
    const person = await load(request, 'consent');
    const live = liveConsents(person);
    return reply.render(view('consent'), {
      pageTitle: request.t('portal:consent.title'),
      purposes: portalPurposes.map((purpose) => ({ purpose, given: live.has(purpose) })),
      ...(await session.takeFlash(request)),
    });
  });

  app.post('/portal/consent', personGuarded, async (request, reply) => {
    const parsed = validate(consentChange, request.form);
    if (!parsed.ok) return reply.redirect('/portal/consent', 303);
    const { purpose, change } = parsed.value;
    const person = personOf(request);
    if (change === 'withdraw') {
      // Takes effect everywhere at once: withdrawing contact stops every queued message.
      await people.withdrawConsent(who(request), person.id, purpose, 'portal');
    } else {
      await people.recordConsent(who(request), person.id, {
        purposes: [purpose],
        method: 'portal',
        wordingVersion: PORTAL_WORDING_VERSION,
      });
    }
    session.setFlash(request, `portal:consent.${change === 'give' ? 'given' : 'withdrawn'}`);
    return reply.redirect('/portal/consent', 303);
  });

  // Ask to be paused or removed.
  const renderRequest = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: { kind: string; note: string },
    issues: Issue[] = [],
  ) =>
    reply.render(view('request'), {
      pageTitle: request.t('portal:request.title'),
      values,
      ...formErrors(request.t, issues),
    });

  app.get('/portal/request', personGuarded, async (request, reply) =>
    renderRequest(request, reply, { kind: '', note: '' }),
  );

  app.post('/portal/request', personGuarded, async (request, reply) => {
    const parsed = validate(requestForm, request.form);
    if (!parsed.ok)
      return renderRequest(
        request,
        reply,
        { kind: one(request.form, 'kind'), note: one(request.form, 'note') },
        parsed.issues,
      );
    const person = personOf(request);
    await portal.requestChange(person, parsed.value.kind, parsed.value.note);
    if (parsed.value.kind === 'remove') {
      // Someone leaving is not contacted about opportunities while staff act on the request.
      await people.withdrawConsent(who(request), person.id, 'contact', 'portal');
    }
    session.setFlash(request, `portal:request.${parsed.value.kind}Sent`);
    return reply.redirect('/portal', 303);
  });

  // My data: everything Cyd holds about me (the subject access export), as a file.
  app.get('/portal/my-data', personGuarded, async (request, reply) => {
    const person = personOf(request);
    const format = (request.query as Record<string, unknown>).format;
    if (format === 'json') {
      const data = await rights.exportOf(person.id);
      await portal.recordDataDownloaded(person);
      return reply
        .header('content-disposition', 'attachment; filename="my-data-cyd.json"')
        .type('application/json; charset=utf-8')
        .send(JSON.stringify(data, null, 2));
    }
    return reply.render(view('my-data'), { pageTitle: request.t('portal:myData.title') });
  });
}
