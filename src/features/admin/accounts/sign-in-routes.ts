import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { formErrors } from '#platform/validation/index.ts';
import type { Services } from '#platform/modules/contract.ts';
import { field, looksLikeToken, rotateSession, setFlash, takeFlash } from './http.ts';
import { rateLimits } from './limits.ts';
import {
  codeSchema,
  forgotPasswordSchema,
  newPasswordSchema,
  signInSchema,
  validate,
} from './schema.ts';

/** How long the second step of sign-in may take before the password must be given again. */
const PENDING_MFA_MS = 10 * 60_000;

const view = (name: string) => `admin/accounts/views/${name}.njk`;

/**
 * Routes for visitors who are not signed in: sign in (with the MFA step), sign out,
 * accepting an invitation, and resetting a forgotten password.
 */
export function signInRoutes(app: FastifyInstance, services: Services) {
  const { accounts, sessions } = services;

  /** Where a signed-in person goes first. */
  const landing = (mfaSetupRequired: boolean) =>
    mfaSetupRequired ? '/account/mfa/set-up' : '/dashboard';

  async function renderSignIn(
    request: FastifyRequest,
    reply: FastifyReply,
    state: { email?: string; errors?: Record<string, string> } = {},
  ) {
    await request.ensureSession();
    return reply.render(view('sign-in'), {
      pageTitle: request.t('accounts:signIn.title'),
      values: { email: state.email ?? '' },
      ...formErrors(request.t, state.errors ?? {}),
      ...(await takeFlash(request, sessions)),
    });
  }

  app.get('/sign-in', async (request, reply) => {
    if (request.actor) return reply.redirect('/dashboard', 303);
    return renderSignIn(request, reply);
  });

  app.post('/sign-in', { config: { rateLimit: rateLimits.signIn } }, async (request, reply) => {
    const email = field(request.form, 'email');
    const parsed = validate(signInSchema, request.form);
    if (!parsed.ok) return renderSignIn(request, reply, { email, errors: parsed.errors });
    const result = await accounts.signIn(parsed.data.email, parsed.data.password, request.ip);
    switch (result.outcome) {
      case 'invalid':
        return renderSignIn(request, reply, {
          email,
          errors: { email: 'accounts:signIn.invalid' },
        });
      case 'throttled':
        // the same page and status whether or not the address has an account
        reply.code(429);
        return renderSignIn(request, reply, {
          email,
          errors: { email: 'accounts:signIn.throttled' },
        });
      case 'locked':
        return renderSignIn(request, reply, { email, errors: { email: 'accounts:signIn.locked' } });
      case 'disabled':
        return renderSignIn(request, reply, {
          email,
          errors: { email: 'accounts:signIn.disabled' },
        });
      case 'mfa':
        await rotateSession(request, reply, sessions, {
          pendingAccountId: result.accountId,
          data: { pendingSince: Date.now() },
        });
        return reply.redirect('/sign-in/mfa', 303);
      case 'signed_in':
        await rotateSession(request, reply, sessions, {
          accountId: result.accountId,
          data: result.mfaSetupRequired ? { mfaSetupRequired: true } : {},
        });
        return reply.redirect(landing(result.mfaSetupRequired), 303);
    }
  });

  /** The account waiting for its code, if the password step was recent. */
  function pendingAccount(request: FastifyRequest) {
    const session = request.session;
    const since = Number(session?.data.pendingSince ?? 0);
    if (!session?.pendingAccountId || Date.now() - since > PENDING_MFA_MS) return null;
    return session.pendingAccountId;
  }

  async function backToSignIn(request: FastifyRequest, reply: FastifyReply, notice: string) {
    await rotateSession(request, reply, sessions);
    setFlash(request, notice, 'important');
    return reply.redirect('/sign-in', 303);
  }

  const renderCode = (
    request: FastifyRequest,
    reply: FastifyReply,
    errors: Record<string, string> = {},
  ) =>
    reply.render(view('sign-in-mfa'), {
      pageTitle: request.t('accounts:mfa.signIn.title'),
      ...formErrors(request.t, errors),
    });

  app.get('/sign-in/mfa', async (request, reply) => {
    if (request.actor) return reply.redirect('/dashboard', 303);
    if (!pendingAccount(request)) {
      if (request.session?.pendingAccountId)
        return backToSignIn(request, reply, 'accounts:mfa.signIn.expired');
      return reply.redirect('/sign-in', 303);
    }
    return renderCode(request, reply);
  });

  app.post(
    '/sign-in/mfa',
    { config: { rateLimit: rateLimits.mfaCode } },
    async (request, reply) => {
      const accountId = pendingAccount(request);
      if (!accountId) {
        if (request.session?.pendingAccountId)
          return backToSignIn(request, reply, 'accounts:mfa.signIn.expired');
        return reply.redirect('/sign-in', 303);
      }
      const parsed = validate(codeSchema, request.form);
      if (!parsed.ok) return renderCode(request, reply, parsed.errors);
      const result = await accounts.verifySecondFactor(accountId, parsed.data.code, request.ip);
      switch (result.outcome) {
        case 'signed_in':
          await rotateSession(request, reply, sessions, { accountId });
          return reply.redirect('/dashboard', 303);
        case 'invalid':
          return renderCode(request, reply, { code: 'accounts:errors.code.wrong' });
        case 'reused':
          return renderCode(request, reply, { code: 'accounts:errors.code.reused' });
        case 'locked':
          return backToSignIn(request, reply, 'accounts:signIn.locked');
        case 'gone':
          return backToSignIn(request, reply, 'accounts:mfa.signIn.expired');
      }
    },
  );

  // The layout's sign-out button posts here. A new, empty session carries the message.
  app.post('/sign-out', async (request, reply) => {
    if (request.actor) await accounts.recordSignOut(request.actor.id);
    request.actor = null;
    await rotateSession(request, reply, sessions);
    setFlash(request, 'accounts:signOut.done', 'important');
    return reply.redirect('/sign-in', 303);
  });

  // ---------------------------------------------------------------- one-time links

  const linkInvalid = (
    request: FastifyRequest,
    reply: FastifyReply,
    kind: 'invitation' | 'reset',
  ) =>
    reply.code(404).render(view('link-invalid'), {
      pageTitle: request.t(`accounts:linkInvalid.${kind}.title`),
      kind,
    });

  /** The invitation or password reset a link's token is for (none for what cannot be a token). */
  const invitationOf = async (token: string) =>
    looksLikeToken(token) ? accounts.findInvitation(token) : undefined;
  const resetOf = async (token: string) =>
    looksLikeToken(token) ? accounts.findPasswordReset(token) : undefined;

  function renderSetPassword(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: 'invitation' | 'reset',
    account: { email: string; name: string },
    errors: Record<string, string> = {},
  ) {
    return reply.render(view('set-password'), {
      pageTitle: request.t(`accounts:setPassword.${kind}.title`),
      kind,
      person: account,
      action: request.url.split('?')[0],
      ...formErrors(request.t, errors),
    });
  }

  app.get<{ Params: { token: string } }>('/invitations/:token', async (request, reply) => {
    const { token } = request.params;
    const invitation = await invitationOf(token);
    if (!invitation) return linkInvalid(request, reply, 'invitation');
    await request.ensureSession();
    return renderSetPassword(request, reply, 'invitation', invitation);
  });

  app.post<{ Params: { token: string } }>(
    '/invitations/:token',
    { config: { rateLimit: rateLimits.linkForm } },
    async (request, reply) => {
      const { token } = request.params;
      const invitation = await invitationOf(token);
      if (!invitation) return linkInvalid(request, reply, 'invitation');
      const parsed = validate(newPasswordSchema(invitation.email), request.form);
      if (!parsed.ok)
        return renderSetPassword(request, reply, 'invitation', invitation, parsed.errors);
      const result = await accounts.acceptInvitation(token, parsed.data.password, request.ip);
      if (result.outcome === 'invalid_link') return linkInvalid(request, reply, 'invitation');
      await rotateSession(request, reply, sessions, {
        accountId: result.accountId,
        data: result.mfaSetupRequired ? { mfaSetupRequired: true } : {},
      });
      setFlash(request, 'accounts:setPassword.invitation.done');
      return reply.redirect(landing(result.mfaSetupRequired), 303);
    },
  );

  const renderForgot = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: { email?: string; errors?: Record<string, string> } = {},
  ) => {
    await request.ensureSession();
    return reply.render(view('password-forgot'), {
      pageTitle: request.t('accounts:forgot.title'),
      values: { email: state.email ?? '' },
      ...formErrors(request.t, state.errors ?? {}),
    });
  };

  app.get('/password/forgot', async (request, reply) => renderForgot(request, reply));

  app.post(
    '/password/forgot',
    { config: { rateLimit: rateLimits.passwordResetRequest } },
    async (request, reply) => {
      const parsed = validate(forgotPasswordSchema, request.form);
      if (!parsed.ok)
        return renderForgot(request, reply, {
          email: field(request.form, 'email'),
          errors: parsed.errors,
        });
      await accounts.requestPasswordReset(parsed.data.email);
      return reply.render(view('password-forgot-sent'), {
        pageTitle: request.t('accounts:forgot.sent.title'),
      });
    },
  );

  app.get<{ Params: { token: string } }>('/password/reset/:token', async (request, reply) => {
    const { token } = request.params;
    const reset = await resetOf(token);
    if (!reset) return linkInvalid(request, reply, 'reset');
    await request.ensureSession();
    return renderSetPassword(request, reply, 'reset', reset);
  });

  app.post<{ Params: { token: string } }>(
    '/password/reset/:token',
    { config: { rateLimit: rateLimits.linkForm } },
    async (request, reply) => {
      const { token } = request.params;
      const reset = await resetOf(token);
      if (!reset) return linkInvalid(request, reply, 'reset');
      const parsed = validate(newPasswordSchema(reset.email), request.form);
      if (!parsed.ok) return renderSetPassword(request, reply, 'reset', reset, parsed.errors);
      const result = await accounts.resetPassword(token, parsed.data.password, request.ip);
      if (result.outcome === 'invalid_link') return linkInvalid(request, reply, 'reset');
      // every session of the account has ended (this browser's too, if it was signed in)
      await rotateSession(request, reply, sessions);
      setFlash(request, 'accounts:setPassword.reset.done', 'important');
      return reply.redirect('/sign-in', 303);
    },
  );
}
