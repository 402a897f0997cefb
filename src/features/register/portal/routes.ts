import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '#app/services.ts';
import type { Session } from '#platform/auth/sessions.ts';
import { activities, formats, personChannels } from '../tables.ts';
import { personOf, requirePerson } from '#platform/http/guards.ts';
import { setSessionCookie } from '#platform/http/session-cookie.ts';
import { liveConsents, type PersonView } from '../people/service.ts';
import {
  contactSection,
  interestsSection,
  parseAvailability,
  skills,
  type Form,
} from '../people/schema.ts';
import { CODE_LIFETIME_MS } from './service.ts';
import { contactTaskRoutes } from './staff-routes.ts';
import {
  consentChange,
  languageForm,
  parseCode,
  parseSignIn,
  requestForm,
  validate,
  type FieldErrors,
} from './schema.ts';

/** Per-address limits (@fastify/rate-limit); each person also gets at most 3 codes in 15 minutes. */
export const portalRateLimits = {
  requestCode: { max: 10, timeWindow: '15 minutes' },
  enterCode: { max: 10, timeWindow: '1 minute' },
} as const;

/** Consent a person can give or withdraw here; leaving the register is a request (/portal/request). */
const portalPurposes = [
  'contact',
  'share_deidentified',
  'share_identified',
  'equality',
  'media',
] as const;
/** The wording people agree to on the portal's consent page (locales: portal:consent.purposes). */
export const PORTAL_WORDING_VERSION = 'portal-2026-1';

const view = (name: string) => `register/portal/views/${name}.njk`;

interface PendingCode {
  id: string | null;
  channel: 'sms' | 'email';
  since: number;
}

/** Field errors as the GOV.UK macros want them: inline messages and the error summary. */
function errorsForView(request: FastifyRequest, errors: FieldErrors) {
  const inline: Record<string, { text: string }> = {};
  const errorList: { text: string; href: string }[] = [];
  for (const [name, key] of Object.entries(errors)) {
    const text = request.t(key);
    inline[name] = { text };
    errorList.push({ text, href: `#${name}` });
  }
  return { errors: inline, errorList };
}

const issuesToErrors = (issues: { path?: PropertyKey[]; field?: string; message: string }[]) => {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const name = issue.field ?? String(issue.path?.[0] ?? 'form');
    errors[name] ??= issue.message;
  }
  return errors;
};

/** The record's contact section as the people feature's form has it, to change one part. */
function contactFormOf(person: PersonView): Form {
  return {
    preferredLanguage: person.preferredLanguage,
    speaksWelsh: person.speaksWelsh ? 'yes' : 'no',
    formats: person.formats,
    interpreterLanguage: person.interpreterLanguage ?? '',
    phone: person.phone ?? '',
    email: person.email ?? '',
    addressLines: person.address?.lines ?? '',
    postcode: person.address?.postcode ?? '',
    channel1: person.channels[0] ?? '',
    channel2: person.channels[1] ?? '',
    channel3: person.channels[2] ?? '',
    safe: [
      ...(person.noVoicemail ? ['noVoicemail'] : []),
      ...(person.plainEnvelope ? ['plainEnvelope'] : []),
      ...(person.noContactViaFamily ? ['noContactViaFamily'] : []),
    ],
    quietFrom: person.quietFrom ?? '',
    quietTo: person.quietTo ?? '',
  };
}

const one = (form: Form, name: string) => {
  const value = form[name];
  return typeof value === 'string' ? value : '';
};
const many = (form: Form, name: string) => ([] as string[]).concat(form[name] ?? []);

/**
 * The people's portal (/portal): a person on the register signs in with a one-time code sent
 * by text or e-mail, sees and changes their own preferences, availability, interests and
 * consent, downloads their data and asks to be paused or removed. Staff accounts are refused.
 */
export const portalRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { sessions, people, portal, rights } = services;
  const guarded = { preHandler: requirePerson };
  const who = (request: FastifyRequest) => ({ personId: personOf(request).id });

  // Staff: calls and visits to make, and requests people made here.
  contactTaskRoutes(app, services);

  /** A new session (new id, new CSRF token) at every change of who is signed in. */
  async function rotate(
    request: FastifyRequest,
    reply: FastifyReply,
    fields: { personId?: string; data?: Record<string, unknown> } = {},
  ): Promise<Session> {
    if (request.session) await sessions.destroy(request.session.id);
    const session = await sessions.create(fields);
    setSessionCookie(reply, session);
    request.session = session;
    return session;
  }

  /** A one-off message for the next page, kept in the session. */
  async function setFlash(request: FastifyRequest, key: string) {
    const session = await request.ensureSession();
    session.data = { ...session.data, portalFlash: key };
    await sessions.saveData(session.id, session.data);
  }

  async function takeFlash(request: FastifyRequest) {
    const session = request.session;
    const key = session?.data.portalFlash;
    if (!session || typeof key !== 'string') return {};
    const rest = { ...session.data };
    delete rest.portalFlash;
    session.data = rest;
    await sessions.saveData(session.id, rest);
    return { flash: request.t(key) };
  }

  const pendingCode = (request: FastifyRequest) => {
    const pending = request.session?.data.portalCode as PendingCode | undefined;
    if (!pending || Date.now() - pending.since > CODE_LIFETIME_MS) return null;
    return pending;
  };

  const load = (request: FastifyRequest, section: string) =>
    people.findPersonForActor(who(request), personOf(request).id, { section });

  // ------------------------------------------------------------------ signing in

  async function renderSignIn(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { contact?: string; errors?: FieldErrors } = {},
  ) {
    await request.ensureSession();
    return reply.render(view('sign-in'), {
      pageTitle: request.t('portal:signIn.title'),
      values: { contact: state.contact ?? '' },
      ...errorsForView(request, state.errors ?? {}),
      ...(await takeFlash(request)),
    });
  }

  app.get('/portal/sign-in', async (request, reply) => {
    if (request.person && !request.actor) return reply.redirect('/portal', 303);
    return renderSignIn(request, reply);
  });

  app.post(
    '/portal/sign-in',
    { config: { rateLimit: portalRateLimits.requestCode } },
    async (request, reply) => {
      const parsed = parseSignIn(request.form);
      if (!parsed.ok)
        return renderSignIn(request, reply, {
          contact: one(request.form, 'contact'),
          errors: parsed.errors,
        });
      const codeId = await portal.requestCode(parsed.data);
      // The same answer whether or not anyone matched: the next page never says which.
      await rotate(request, reply, {
        data: {
          portalCode: {
            id: codeId,
            channel: parsed.data.channel,
            since: Date.now(),
          } satisfies PendingCode,
        },
      });
      return reply.redirect('/portal/sign-in/code', 303);
    },
  );

  const renderCode = (
    request: FastifyRequest,
    reply: FastifyReply,
    pending: PendingCode,
    errors: FieldErrors = {},
  ) =>
    reply.render(view('sign-in-code'), {
      pageTitle: request.t('portal:code.title'),
      channel: pending.channel,
      ...errorsForView(request, errors),
    });

  app.get('/portal/sign-in/code', async (request, reply) => {
    const pending = pendingCode(request);
    if (!pending) return reply.redirect('/portal/sign-in', 303);
    return renderCode(request, reply, pending);
  });

  app.post(
    '/portal/sign-in/code',
    { config: { rateLimit: portalRateLimits.enterCode } },
    async (request, reply) => {
      const pending = pendingCode(request);
      if (!pending) {
        await setFlash(request, 'portal:code.expired');
        return reply.redirect('/portal/sign-in', 303);
      }
      const parsed = parseCode(request.form);
      if (!parsed.ok) return renderCode(request, reply, pending, parsed.errors);
      const result = await portal.checkCode(pending.id, parsed.data);
      switch (result.outcome) {
        case 'signed_in':
          await rotate(request, reply, { personId: result.personId });
          return reply.redirect('/portal', 303);
        case 'wrong':
          return renderCode(request, reply, pending, { code: 'portal:errors.code.wrong' });
        case 'expired':
          return renderCode(request, reply, pending, { code: 'portal:errors.code.expired' });
        case 'used':
          return renderCode(request, reply, pending, { code: 'portal:errors.code.used' });
        case 'too_many':
          return renderCode(request, reply, pending, { code: 'portal:errors.code.tooMany' });
      }
    },
  );

  app.post('/portal/sign-out', async (request, reply) => {
    if (request.person && !request.actor) await portal.recordSignOut(request.person);
    request.person = null;
    await rotate(request, reply);
    await setFlash(request, 'portal:signOut.done');
    return reply.redirect('/portal/sign-in', 303);
  });

  // ------------------------------------------------------------------ the person's pages

  app.get('/portal', guarded, async (request, reply) => {
    const person = await load(request, 'portal');
    const live = liveConsents(person);
    return reply.render(view('home'), {
      pageTitle: request.t('portal:home.title'),
      person,
      consented: portalPurposes.filter((p) => live.has(p)),
      requests: await portal.openRequests(person.id),
      links: services.modules.portalLinks.filter((link) => link.visible?.(request.person!) ?? true),
      ...(await takeFlash(request)),
    });
  });

  // Language: changing it changes the record (every message from then on) and this page at once.
  const renderLanguage = (
    request: FastifyRequest,
    reply: FastifyReply,
    person: PersonView,
    errors: FieldErrors = {},
  ) =>
    reply.render(view('language'), {
      pageTitle: request.t('portal:language.title'),
      current: person.preferredLanguage,
      ...errorsForView(request, errors),
    });

  app.get('/portal/language', guarded, async (request, reply) =>
    renderLanguage(request, reply, await load(request, 'contact')),
  );

  app.post('/portal/language', guarded, async (request, reply) => {
    const person = await load(request, 'contact');
    const parsed = validate(languageForm, request.form);
    if (!parsed.ok) return renderLanguage(request, reply, person, parsed.errors);
    await portal.changeLanguage(personOf(request), parsed.data.language);
    await setFlash(request, 'portal:language.saved');
    // ?lang= switches this browser too (and is remembered), so the next page is in it.
    return reply.redirect(`/portal?lang=${parsed.data.language}`, 303);
  });

  // How to contact me: formats, channels in order, safe-contact rules.
  const renderPreferences = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: Form,
    errors: FieldErrors = {},
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
      ...errorsForView(request, errors),
    });

  app.get('/portal/preferences', guarded, async (request, reply) =>
    renderPreferences(request, reply, contactFormOf(await load(request, 'contact'))),
  );

  app.post('/portal/preferences', guarded, async (request, reply) => {
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
    if (!next.success)
      return renderPreferences(request, reply, values, issuesToErrors(next.error.issues));
    await people.updatePersonSection(who(request), person.id, 'contact', next.data);
    await setFlash(request, 'portal:preferences.saved');
    return reply.redirect('/portal', 303);
  });

  // When I cannot take part, and what helps me to.
  const renderAvailability = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: {
      travelLimit: string;
      accessNeeds: string;
      supportNeeded: string;
      times: { weekday: string; startsAt: string; endsAt: string; reason: string }[];
      dates: { date: string; reason: string }[];
    },
    errors: FieldErrors = {},
  ) =>
    reply.render(view('availability'), {
      pageTitle: request.t('portal:availability.title'),
      values,
      ...errorsForView(request, errors),
    });

  const blankTime = { weekday: '', startsAt: '', endsAt: '', reason: '' };
  const blankDate = { date: '', reason: '' };

  app.get('/portal/availability', guarded, async (request, reply) => {
    const person = await load(request, 'availability');
    return renderAvailability(request, reply, {
      travelLimit: person.travelLimit ?? '',
      accessNeeds: person.accessNeeds ?? '',
      supportNeeded: person.supportNeeded ?? '',
      times: [
        ...person.unavailableTimes.map((t) => ({
          weekday: t.weekday === null ? '' : String(t.weekday),
          startsAt: t.startsAt.slice(0, 5),
          endsAt: t.endsAt.slice(0, 5),
          reason: t.reason ?? '',
        })),
        blankTime,
      ],
      dates: [
        ...person.unavailableDates.map((d) => ({ date: d.date, reason: d.reason ?? '' })),
        blankDate,
      ],
    });
  });

  app.post('/portal/availability', guarded, async (request, reply) => {
    const person = personOf(request);
    const parsed = parseAvailability(request.form);
    if (!parsed.ok) {
      const form = request.form;
      const rows = (prefix: string, fields: string[]) =>
        [
          ...new Set(
            Object.keys(form)
              .map((name) => new RegExp(`^${prefix}-(\\d{1,2})-`).exec(name)?.[1])
              .filter((n): n is string => n !== undefined),
          ),
        ]
          .sort((a, b) => Number(a) - Number(b))
          .map((n) => Object.fromEntries(fields.map((f) => [f, one(form, `${prefix}-${n}-${f}`)])));
      return renderAvailability(
        request,
        reply,
        {
          travelLimit: one(form, 'travelLimit'),
          accessNeeds: one(form, 'accessNeeds'),
          supportNeeded: one(form, 'supportNeeded'),
          times: rows('time', ['weekday', 'startsAt', 'endsAt', 'reason']) as never,
          dates: rows('date', ['date', 'reason']) as never,
        },
        issuesToErrors(parsed.issues),
      );
    }
    await people.updatePersonSection(who(request), person.id, 'availability', parsed.value);
    await setFlash(request, 'portal:availability.saved');
    return reply.redirect('/portal', 303);
  });

  // What I would like to do.
  const renderInterests = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: { willingActivities: string[]; skills: string[]; interests: string },
    errors: FieldErrors = {},
  ) =>
    reply.render(view('interests'), {
      pageTitle: request.t('portal:interests.title'),
      values,
      activityOptions: activities,
      skillOptions: skills,
      ...errorsForView(request, errors),
    });

  app.get('/portal/interests', guarded, async (request, reply) => {
    const person = await load(request, 'interests');
    return renderInterests(request, reply, {
      willingActivities: person.willingActivities,
      skills: person.skills,
      interests: person.interests ?? '',
    });
  });

  app.post('/portal/interests', guarded, async (request, reply) => {
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
        issuesToErrors(next.error.issues),
      );
    await people.updatePersonSection(who(request), person.id, 'interests', next.data);
    await setFlash(request, 'portal:interests.saved');
    return reply.redirect('/portal', 303);
  });

  // Consent: each purpose, given or not, with a button to change it.
  app.get('/portal/consent', guarded, async (request, reply) => {
    const person = await load(request, 'consent');
    const live = liveConsents(person);
    return reply.render(view('consent'), {
      pageTitle: request.t('portal:consent.title'),
      purposes: portalPurposes.map((purpose) => ({ purpose, given: live.has(purpose) })),
      ...(await takeFlash(request)),
    });
  });

  app.post('/portal/consent', guarded, async (request, reply) => {
    const parsed = validate(consentChange, request.form);
    if (!parsed.ok) return reply.redirect('/portal/consent', 303);
    const { purpose, change } = parsed.data;
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
    await setFlash(request, `portal:consent.${change === 'give' ? 'given' : 'withdrawn'}`);
    return reply.redirect('/portal/consent', 303);
  });

  // Ask to be paused or removed.
  const renderRequest = (
    request: FastifyRequest,
    reply: FastifyReply,
    values: { kind: string; note: string },
    errors: FieldErrors = {},
  ) =>
    reply.render(view('request'), {
      pageTitle: request.t('portal:request.title'),
      values,
      ...errorsForView(request, errors),
    });

  app.get('/portal/request', guarded, async (request, reply) =>
    renderRequest(request, reply, { kind: '', note: '' }),
  );

  app.post('/portal/request', guarded, async (request, reply) => {
    const parsed = validate(requestForm, request.form);
    if (!parsed.ok)
      return renderRequest(
        request,
        reply,
        { kind: one(request.form, 'kind'), note: one(request.form, 'note') },
        parsed.errors,
      );
    const person = personOf(request);
    await portal.requestChange(person, parsed.data.kind, parsed.data.note);
    if (parsed.data.kind === 'remove') {
      // Someone leaving is not contacted about opportunities while staff act on the request.
      await people.withdrawConsent(who(request), person.id, 'contact', 'portal');
    }
    await setFlash(request, `portal:request.${parsed.data.kind}Sent`);
    return reply.redirect('/portal', 303);
  });

  // My data: everything Cyd holds about me (the subject access export), as a file.
  app.get('/portal/my-data', guarded, async (request, reply) => {
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
};
