import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { choices, formErrors } from '#platform/validation/index.ts';
import type { Services } from '#platform/modules/contract.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import { roles } from '#platform/db/schema.ts';
import { forbidden, notFound } from '#platform/http/errors.ts';
import { actorOf, authorise, authoriseAnywhere, guarded } from '#platform/http/guards.ts';
import { canAnywhere } from '#platform/permissions/policy.ts';
import { field, setFlash, takeFlash, updateSessionData } from './http.ts';
import {
  inviteSchema,
  isUuid,
  membershipSchema,
  PAGE_SIZE,
  staffFiltersSchema,
  statuses,
  validate,
  type InviteInput,
} from './schema.ts';

const view = (name: string) => `admin/accounts/views/${name}.njk`;
const INVITE_DRAFT = 'inviteDraft';

type Params = { Params: { accountId: string } };

/** Staff management: the list, invitations (with check your answers) and staff records. */
export function staffRoutes(app: FastifyInstance, services: Services) {
  const { accounts, sessions } = services;

  const organisationOptions = async (
    request: FastifyRequest,
    actor: Actor,
    permission: 'staff.view' | 'staff.manage',
    selected: string | undefined,
  ) => {
    const organisations = await accounts.organisationsFor(actor, permission, request.lang);
    return organisations.map((o) => ({
      value: o.id,
      text: request.lang === 'cy' ? o.name_cy : o.name_en,
      selected: o.id === selected,
    }));
  };
  const roleOptions = (request: FastifyRequest, selected: string | undefined) =>
    choices(request.t, roles, 'accounts:roles.', selected, { select: true });

  // ---------------------------------------------------------------- the list

  app.get('/staff', guarded, async (request, reply) => {
    const actor = actorOf(request);
    const filters = staffFiltersSchema.parse(request.query ?? {});
    const { rows, total } = await accounts.listStaff(actor, filters);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const pageLink = (page: number) => {
      const query = new URLSearchParams();
      if (filters.q) query.set('q', filters.q);
      if (filters.organisation) query.set('organisation', filters.organisation);
      if (filters.role) query.set('role', filters.role);
      if (filters.status) query.set('status', filters.status);
      if (page > 1) query.set('page', String(page));
      const text = query.toString();
      return text ? `/staff?${text}` : '/staff';
    };
    return reply.render(view('staff-list'), {
      pageTitle: request.t('accounts:staff.list.title'),
      filters,
      staff: rows.map((row) => ({ ...row, status: statusOf(row) })),
      total,
      filtered: Boolean(filters.q || filters.organisation || filters.role || filters.status),
      canInvite: canAnywhere(actor, 'staff.manage'),
      organisations: [
        { value: '', text: request.t('accounts:staff.list.anyOrganisation') },
        ...(await organisationOptions(request, actor, 'staff.view', filters.organisation)),
      ],
      roleOptions: [
        { value: '', text: request.t('accounts:staff.list.anyRole') },
        ...roleOptions(request, filters.role),
      ],
      statusOptions: [
        { value: '', text: request.t('accounts:staff.list.anyStatus') },
        ...choices(request.t, statuses, 'accounts:status.', filters.status, { select: true }),
      ],
      pagination: {
        previous: filters.page > 1 ? { href: pageLink(filters.page - 1) } : undefined,
        next: filters.page < pages ? { href: pageLink(filters.page + 1) } : undefined,
        items: paginationItems(filters.page, pages).map((n) =>
          n === null
            ? { ellipsis: true }
            : { number: n, href: pageLink(n), current: n === filters.page },
        ),
      },
      page: filters.page,
      pages,
    });
  });

  // ---------------------------------------------------------------- invitations

  async function renderInvite(
    request: FastifyRequest,
    reply: FastifyReply,
    values: Partial<Record<keyof InviteInput, string>>,
    errors: Record<string, string> = {},
  ) {
    const actor = actorOf(request);
    return reply.render(view('staff-invite'), {
      pageTitle: request.t('accounts:staff.invite.title'),
      values,
      organisations: [
        { value: '', text: request.t('accounts:staff.invite.chooseOrganisation') },
        ...(await organisationOptions(request, actor, 'staff.manage', values.organisationId)),
      ],
      roleOptions: choices(request.t, roles, 'accounts:roles.', values.role, {
        hints: 'accounts:roleHints.',
      }),
      ...formErrors(request.t, errors),
    });
  }

  /** Checks the organisation chosen (404 if the actor cannot see it, 403 if it cannot invite there). */
  async function authoriseInviteAt(request: FastifyRequest, organisationId: string) {
    const organisation = isUuid(organisationId)
      ? await accounts.findOrganisation(organisationId)
      : undefined;
    if (!organisation) throw notFound();
    authorise(request, 'staff.manage', organisation);
    return organisation;
  }

  app.get('/staff/invite', guarded, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const draft = request.session?.data[INVITE_DRAFT] as InviteInput | undefined;
    const preselected = typeof query.organisation === 'string' ? query.organisation : undefined;
    if (preselected) await authoriseInviteAt(request, preselected);
    authoriseAnywhere(request, 'staff.manage');
    const values = query.change && draft ? draft : { organisationId: preselected, language: 'en' };
    return renderInvite(request, reply, values);
  });

  app.post('/staff/invite', guarded, async (request, reply) => {
    // an organisation the actor cannot see is 404 before anything else
    const chosen = field(request.form, 'organisationId');
    if (isUuid(chosen)) await authoriseInviteAt(request, chosen);
    authoriseAnywhere(request, 'staff.manage');
    const values = Object.fromEntries(
      ['name', 'email', 'organisationId', 'role', 'language'].map((k) => [
        k,
        field(request.form, k),
      ]),
    );
    const parsed = validate(inviteSchema, request.form);
    if (!parsed.ok) return renderInvite(request, reply, values, parsed.errors);
    await updateSessionData(request, sessions, (data) => ({
      ...data,
      [INVITE_DRAFT]: parsed.data,
    }));
    return reply.redirect('/staff/invite/check', 303);
  });

  app.get('/staff/invite/check', guarded, async (request, reply) => {
    authoriseAnywhere(request, 'staff.manage');
    const draft = request.session?.data[INVITE_DRAFT] as InviteInput | undefined;
    if (!draft) return reply.redirect('/staff/invite', 303);
    const organisation = await authoriseInviteAt(request, draft.organisationId);
    return reply.render(view('staff-invite-check'), {
      pageTitle: request.t('accounts:staff.check.title'),
      draft,
      organisationName: request.lang === 'cy' ? organisation.name_cy : organisation.name_en,
    });
  });

  app.post('/staff/invite/check', guarded, async (request, reply) => {
    const actor = authoriseAnywhere(request, 'staff.manage');
    const draft = request.session?.data[INVITE_DRAFT] as InviteInput | undefined;
    // already sent (a second click) or never started: nothing more to do
    if (!draft) return reply.redirect('/staff', 303);
    await authoriseInviteAt(request, draft.organisationId);
    await updateSessionData(request, sessions, ({ [INVITE_DRAFT]: _sent, ...rest }) => rest);
    const result = await accounts.inviteStaff(actor, draft);
    if (result.outcome === 'account_disabled') {
      await updateSessionData(request, sessions, (data) => ({ ...data, [INVITE_DRAFT]: draft }));
      return renderInvite(request, reply, draft, {
        email: 'accounts:errors.email.disabledAccount',
      });
    }
    const flash = {
      invited: 'accounts:staff.invite.sent',
      role_added: 'accounts:staff.invite.roleAdded',
      already_has_role: 'accounts:staff.invite.alreadyHasRole',
    }[result.outcome];
    const emailFailed = 'emailSent' in result && result.emailSent === false;
    setFlash(
      request,
      emailFailed ? 'accounts:staff.invite.notSent' : flash,
      result.outcome === 'already_has_role' || emailFailed ? 'important' : 'success',
    );
    return reply.redirect(`/staff/${result.accountId}`, 303);
  });

  // ---------------------------------------------------------------- staff records

  const accountIdOf = (request: FastifyRequest<Params>) => {
    if (!isUuid(request.params.accountId)) throw notFound();
    return request.params.accountId;
  };

  async function renderRecord(
    request: FastifyRequest<Params>,
    reply: FastifyReply,
    state: { values?: Record<string, string>; errors?: Record<string, string> } = {},
  ) {
    const actor = actorOf(request);
    const staff = await accounts.viewStaffRecord(actor, accountIdOf(request));
    const pickable = await organisationOptions(
      request,
      actor,
      'staff.manage',
      state.values?.organisationId,
    );
    return reply.render(view('staff-record'), {
      pageTitle: staff.name,
      staff,
      status: statusOf(staff),
      isSelf: staff.id === actor.id,
      canInvite: staff.visible.some((m) => staff.canManageAt(m.organisationId)),
      memberships: staff.visible.map((m) => ({
        ...m,
        organisationName: request.lang === 'cy' ? m.nameCy : m.nameEn,
        canRemove: staff.canManageAt(m.organisationId),
      })),
      addRole: pickable.length
        ? {
            organisations: [
              { value: '', text: request.t('accounts:staff.invite.chooseOrganisation') },
              ...pickable,
            ],
            roles: [
              { value: '', text: request.t('accounts:staff.record.chooseRole') },
              ...roleOptions(request, state.values?.role),
            ],
          }
        : null,
      ...formErrors(request.t, state.errors ?? {}),
      ...(await takeFlash(request, sessions)),
    });
  }

  app.get<Params>('/staff/:accountId', guarded, async (request, reply) =>
    renderRecord(request, reply),
  );

  app.post<Params>('/staff/:accountId/roles', guarded, async (request, reply) => {
    const accountId = accountIdOf(request);
    const parsed = validate(membershipSchema, request.form);
    if (!parsed.ok)
      return renderRecord(request, reply, {
        values: {
          organisationId: field(request.form, 'organisationId'),
          role: field(request.form, 'role'),
        },
        errors: parsed.errors,
      });
    const result = await accounts.grantRole(
      actorOf(request),
      accountId,
      parsed.data.organisationId,
      parsed.data.role,
    );
    setFlash(
      request,
      result.outcome === 'granted'
        ? 'accounts:staff.record.roleGranted'
        : 'accounts:staff.invite.alreadyHasRole',
      result.outcome === 'granted' ? 'success' : 'important',
    );
    return reply.redirect(`/staff/${accountId}`, 303);
  });

  app.post<Params>('/staff/:accountId/roles/remove', guarded, async (request, reply) => {
    const accountId = accountIdOf(request);
    const parsed = validate(membershipSchema, request.form);
    if (!parsed.ok) throw notFound();
    const actor = actorOf(request);
    const result = await accounts.revokeRole(
      actor,
      accountId,
      parsed.data.organisationId,
      parsed.data.role,
    );
    if (result.outcome === 'last_admin_role') {
      setFlash(request, 'accounts:staff.record.lastAdminRole', 'important');
      return reply.redirect(`/staff/${accountId}`, 303);
    }
    setFlash(request, 'accounts:staff.record.roleRevoked');
    // the person may now be outside the actor's organisations
    return reply.redirect(result.stillVisible ? `/staff/${accountId}` : '/staff', 303);
  });

  // Account-level actions: a confirmation page (GET), then the change (POST).
  const actions = {
    disable: {
      run: (actor: Actor, id: string) => accounts.setAccountDisabled(actor, id, true),
      done: 'accounts:staff.disable.done',
    },
    enable: {
      run: (actor: Actor, id: string) => accounts.setAccountDisabled(actor, id, false),
      done: 'accounts:staff.enable.done',
    },
    'mfa/reset': {
      run: (actor: Actor, id: string) => accounts.resetMfa(actor, id),
      done: 'accounts:staff.mfaReset.done',
    },
  } as const;

  for (const [path, action] of Object.entries(actions)) {
    const name = path === 'mfa/reset' ? 'mfaReset' : path;
    app.get<Params>(`/staff/:accountId/${path}`, guarded, async (request, reply) => {
      const actor = actorOf(request);
      const staff = await accounts.viewStaffRecord(actor, accountIdOf(request));
      if (!staff.canManageAccount && staff.id !== actor.id) throw forbidden();
      return reply.render(view('staff-confirm'), {
        pageTitle: request.t(`accounts:staff.${name}.title`, { name: staff.name }),
        action: name,
        path,
        staff,
        isSelf: staff.id === actor.id,
        allowed: staff.canManageAccount && staff.id !== actor.id,
      });
    });
    app.post<Params>(`/staff/:accountId/${path}`, guarded, async (request, reply) => {
      const accountId = accountIdOf(request);
      const result = await action.run(actorOf(request), accountId);
      if (result.outcome === 'self') setFlash(request, `accounts:staff.${name}.self`, 'important');
      else if (result.outcome === 'unchanged')
        setFlash(request, `accounts:staff.${name}.unchanged`, 'important');
      else setFlash(request, action.done);
      return reply.redirect(`/staff/${accountId}`, 303);
    });
  }

  app.post<Params>('/staff/:accountId/invitation', guarded, async (request, reply) => {
    const accountId = accountIdOf(request);
    const result = await accounts.resendInvitation(actorOf(request), accountId);
    setFlash(
      request,
      {
        sent: 'accounts:staff.resend.done',
        not_sent: 'accounts:staff.invite.notSent',
        unchanged: 'accounts:staff.resend.unchanged',
      }[result.outcome],
      result.outcome === 'sent' ? 'success' : 'important',
    );
    return reply.redirect(`/staff/${accountId}`, 303);
  });
}

/** What the staff pages show as the account's state. */
export function statusOf(account: {
  disabled_at: Date | null;
  locked_until: Date | null;
  has_password: boolean;
}) {
  if (account.disabled_at) return 'disabled';
  if (account.locked_until && account.locked_until > new Date()) return 'locked';
  return account.has_password ? 'active' : 'invited';
}

/** Page numbers to link: the first, the last, and two either side of the current one. */
export function paginationItems(current: number, pages: number): (number | null)[] {
  const items: (number | null)[] = [];
  for (let n = 1; n <= pages; n += 1) {
    if (n === 1 || n === pages || Math.abs(n - current) <= 1) items.push(n);
    else if (items.at(-1) !== null) items.push(null);
  }
  return items;
}
