import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { finished } from 'node:stream/promises';
import type { Services } from '#platform/modules/contract.ts';
import { formErrors, type Issue } from '#platform/validation/index.ts';
import { one } from './forms.ts';
import { portalRecordRoutes } from './record-routes.ts';
import { parseCode, parseSignIn } from './schema.ts';
import { portalSession, type PendingCode } from './session.ts';
import { contactTaskRoutes } from './staff-routes.ts';

/** Per-address limits (@fastify/rate-limit); each person also gets at most 3 codes in 15 minutes. */
export const portalRateLimits = {
  requestCode: { max: 10, timeWindow: '15 minutes' },
  enterCode: { max: 10, timeWindow: '1 minute' },
} as const;

const view = (name: string) => `register/portal/views/${name}.njk`;

/**
 * The people's portal (/portal): a person on the register signs in with a one-time code sent
 * by text or e-mail, sees and changes their own preferences, availability, interests and
 * consent, downloads their data and asks to be paused or removed. Staff accounts are refused.
 */
export const portalRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { portal } = services;
  const session = portalSession(services.sessions);
  // codes still being sent go out before the app stops
  app.addHook('onClose', () => portal.settled());

  // Staff: calls and visits to make, and requests people made here.
  contactTaskRoutes(app, services);

  // ------------------------------------------------------------------ signing in

  async function renderSignIn(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { contact?: string; issues?: Issue[] } = {},
  ) {
    await request.ensureSession();
    return reply.render(view('sign-in'), {
      pageTitle: request.t('portal:signIn.title'),
      values: { contact: state.contact ?? '' },
      ...formErrors(request.t, state.issues ?? []),
      ...(await session.takeFlash(request)),
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
          issues: parsed.issues,
        });
      // The same answer, after the same work, whether or not anyone matched: the code is looked
      // for and sent once the answer has gone, and the next page never says which.
      const codeId = portal.requestCode(parsed.value, finished(reply.raw));
      await session.rotate(request, reply, {
        data: {
          portalCode: {
            id: codeId,
            channel: parsed.value.channel,
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
    issues: Issue[] = [],
  ) =>
    reply.render(view('sign-in-code'), {
      pageTitle: request.t('portal:code.title'),
      channel: pending.channel,
      ...formErrors(request.t, issues),
    });
  const wrongCode = (message: string): Issue[] => [{ field: 'code', message }];

  app.get('/portal/sign-in/code', async (request, reply) => {
    const pending = session.pendingCode(request);
    if (!pending) return reply.redirect('/portal/sign-in', 303);
    return renderCode(request, reply, pending);
  });

  app.post(
    '/portal/sign-in/code',
    { config: { rateLimit: portalRateLimits.enterCode } },
    async (request, reply) => {
      const pending = session.pendingCode(request);
      if (!pending) {
        session.setFlash(request, 'portal:code.expired');
        return reply.redirect('/portal/sign-in', 303);
      }
      const parsed = parseCode(request.form);
      if (!parsed.ok) return renderCode(request, reply, pending, parsed.issues);
      const result = await portal.checkCode(pending.id, parsed.value);
      switch (result.outcome) {
        case 'signed_in':
          await session.rotate(request, reply, { personId: result.personId });
          return reply.redirect('/portal', 303);
        case 'wrong':
          return renderCode(request, reply, pending, wrongCode('portal:errors.code.wrong'));
        case 'expired':
          return renderCode(request, reply, pending, wrongCode('portal:errors.code.expired'));
        case 'used':
          return renderCode(request, reply, pending, wrongCode('portal:errors.code.used'));
        case 'too_many':
          return renderCode(request, reply, pending, wrongCode('portal:errors.code.tooMany'));
      }
    },
  );

  app.post('/portal/sign-out', async (request, reply) => {
    if (request.person && !request.actor) await portal.recordSignOut(request.person);
    request.person = null;
    await session.rotate(request, reply);
    session.setFlash(request, 'portal:signOut.done');
    return reply.redirect('/portal/sign-in', 303);
  });

  // ------------------------------------------------------------------ the person's pages
  portalRecordRoutes(app, services, session);
};
