import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formErrors } from '#platform/validation/index.ts';
import { LANGUAGE_COOKIE } from '#app/app.ts';
import type { Services } from '#platform/modules/contract.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { field, rotateSession, setFlash, takeFlash, updateSessionData } from './http.ts';
import { rateLimits } from './limits.ts';
import { changePasswordSchema, codeSchema, languageSchema, validate } from './schema.ts';
import { formatSecret } from './totp.ts';

const view = (name: string) => `admin/accounts/views/${name}.njk`;
const ONE_YEAR_S = 365 * 24 * 3600;

/** The signed-in person's own account: details, roles, language, password and MFA. */
export function accountRoutes(app: FastifyInstance, services: Services) {
  const { accounts, sessions } = services;

  async function renderAccount(
    request: FastifyRequest,
    reply: FastifyReply,
    errors: Record<string, string> = {},
  ) {
    const actor = actorOf(request);
    const overview = await accounts.accountOverview(actor);
    return reply.render(view('account'), {
      pageTitle: request.t('accounts:account.title'),
      overview,
      ...formErrors(request.t, errors),
      ...(await takeFlash(request, sessions)),
    });
  }

  app.get('/account', guarded, async (request, reply) => renderAccount(request, reply));

  app.post('/account/language', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const parsed = validate(languageSchema, request.form);
    if (!parsed.ok) return renderAccount(request, reply, parsed.errors);
    await accounts.changeLanguage(actor, parsed.data.language);
    // the language switch's cookie follows the saved choice, so pages change at once
    reply.setCookie(LANGUAGE_COOKIE, parsed.data.language, {
      path: '/',
      secure: true,
      httpOnly: true,
      sameSite: 'lax',
      maxAge: ONE_YEAR_S,
    });
    request.lang = parsed.data.language;
    request.t = services.i18n.t(parsed.data.language);
    setFlash(request, 'accounts:account.language.saved');
    return reply.redirect('/account', 303);
  });

  const renderPassword = (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: Record<string, string> = {},
  ) =>
    reply.render(view('account-password'), {
      pageTitle: request.t('accounts:account.password.title'),
      ...formErrors(request.t, errors),
    });

  app.get('/account/password', guarded, async (request, reply) => renderPassword(request, reply));

  app.post(
    '/account/password',
    { ...guarded, config: { rateLimit: rateLimits.currentPassword } },
    async (request, reply) => {
      const actor = actorOf(request);
      const parsed = validate(changePasswordSchema(actor.email), request.form);
      if (!parsed.ok) return renderPassword(request, reply, parsed.errors);
      const result = await accounts.changePassword(
        actor,
        parsed.data.currentPassword,
        parsed.data.password,
      );
      if (result.outcome === 'wrong_password')
        return renderPassword(request, reply, {
          currentPassword: 'accounts:errors.currentPassword.wrong',
        });
      // every other session has ended; this browser continues in a new one
      await rotateSession(request, reply, sessions, { accountId: actor.id });
      setFlash(request, 'accounts:account.password.changed');
      return reply.redirect('/account', 303);
    },
  );

  async function renderSetUp(
    request: FastifyRequest,
    reply: FastifyReply,
    carried?: string,
    errors: Record<string, string> = {},
  ) {
    const actor = actorOf(request);
    const setUp = await accounts.mfaSetUpDetails(actor, carried);
    return reply.render(view('mfa-set-up'), {
      pageTitle: request.t('accounts:mfa.setUp.title'),
      required: request.session?.data.mfaSetupRequired === true,
      replacing: actor.mfaEnabled,
      qrCode: setUp.qrCode,
      secret: formatSecret(setUp.secret),
      encryptedSecret: setUp.encryptedSecret,
      ...formErrors(request.t, errors),
    });
  }

  app.get('/account/mfa/set-up', guarded, async (request, reply) => renderSetUp(request, reply));

  app.post(
    '/account/mfa/set-up',
    { ...guarded, config: { rateLimit: rateLimits.mfaCode } },
    async (request, reply) => {
      const actor = actorOf(request);
      const carried = field(request.form, 'secret');
      const parsed = validate(codeSchema, request.form);
      if (!parsed.ok) return renderSetUp(request, reply, carried, parsed.errors);
      const result = await accounts.confirmMfaSetUp(actor, carried, parsed.data.code);
      if (result.outcome === 'invalid')
        return renderSetUp(request, reply, carried, { code: 'accounts:errors.code.wrong' });
      await updateSessionData(request, sessions, ({ mfaSetupRequired: _done, ...rest }) => rest);
      setFlash(request, 'accounts:mfa.setUp.done');
      return reply.redirect('/account', 303);
    },
  );

  async function renderTurnOff(
    request: FastifyRequest,
    reply: FastifyReply,
    errors: Record<string, string> = {},
  ) {
    const overview = await accounts.accountOverview(actorOf(request));
    return reply.render(view('mfa-turn-off'), {
      pageTitle: request.t('accounts:mfa.turnOff.title'),
      required: overview.mfaRequired,
      enabled: overview.mfaEnabledAt !== null,
      ...formErrors(request.t, errors),
    });
  }

  app.get('/account/mfa/turn-off', guarded, async (request, reply) =>
    renderTurnOff(request, reply),
  );

  app.post(
    '/account/mfa/turn-off',
    { ...guarded, config: { rateLimit: rateLimits.currentPassword } },
    async (request, reply) => {
      const password = field(request.form, 'currentPassword');
      if (!password)
        return renderTurnOff(request, reply, {
          currentPassword: 'accounts:errors.currentPassword.required',
        });
      const result = await accounts.turnOffMfa(actorOf(request), password);
      if (result.outcome === 'wrong_password')
        return renderTurnOff(request, reply, {
          currentPassword: 'accounts:errors.currentPassword.wrong',
        });
      if (result.outcome === 'required') return renderTurnOff(request, reply);
      setFlash(request, 'accounts:mfa.turnOff.done');
      return reply.redirect('/account', 303);
    },
  );
}
