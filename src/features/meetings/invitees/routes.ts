import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import { z } from 'zod';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Services } from '#platform/modules/contract.ts';
import { flashMessages } from '#platform/http/flash.ts';
import { actorOf, guarded } from '#platform/http/guards.ts';
import { pageHref, pagination } from '#platform/http/pagination.ts';
import { idOf, parsedOr404 } from '#platform/http/params.ts';
import { formatDate } from '#platform/views/views.ts';
import { meetingHeading } from '../heading.ts';
import { formErrors, type Form, type Issue, type Result } from '#platform/validation/index.ts';
import { inviteeRoles } from '../tables.ts';
import {
  confirmedOf,
  parseGuest,
  parsePeople,
  parseRole,
  parseSearch,
  parseStaff,
} from './schema.ts';
import type { Shown } from './service.ts';

const view = (name: string) => `meetings/invitees/views/${name}.njk`;
const inviteeParams = z.object({ id: z.guid(), inviteeId: z.guid() });
const listQuery = z.object({ page: z.coerce.number().int().min(1).max(10_000).default(1) });

type Refused = { issues: Issue[]; form: Form };
/** The add page's three forms. */
type AddForm = 'people' | 'staff' | 'guest';

/** A name to show, or "a person at <organisation>" for someone the viewer may not see. */
function nameOf(t: TFunction, lang: string, shown: Shown) {
  if (shown.name) return shown.name;
  const organisation = lang === 'cy' ? shown.organisationNameCy : shown.organisationNameEn;
  return organisation ? t('invitees:personAt', { organisation }) : t('invitees:someone');
}

/** Who is invited to a meeting: the list, adding people, staff and guests, roles, removing. */
export const inviteesRoutes: FastifyPluginAsync<{ services: Services }> = async (
  app,
  { services },
) => {
  const { invitees, sessions } = services;
  const flashes = flashMessages(sessions);
  const base = (meetingId: string) => `/meetings/${meetingId}/invitees`;

  app.get('/meetings/:id/invitees', guarded, async (request, reply) => {
    const meetingId = idOf(request);
    const { page } = parsedOr404(listQuery, request.query);
    const { t, lang } = request;
    const list = await invitees.inviteesPage(actorOf(request), meetingId, page);
    const { meeting } = list;
    return reply.render(view('list'), {
      pageTitle: t('invitees:title'),
      meeting: {
        ...meetingHeading(lang, meeting),
        canManage: meeting.canManage,
        cancelled: meeting.status === 'cancelled',
        closedTo: meeting.closedTo,
      },
      total: list.total,
      invitees: list.invitees.map((i) => ({
        id: i.id,
        name: nameOf(t, lang, i),
        from: t(`invitees:from.${i.from}`),
        email: i.guestEmail,
        role: t(`meetings:inviteeRoles.${i.role}`),
        backupFor: i.backupFor ? nameOf(t, lang, i.backupFor) : null,
        reply: i.reply
          ? `${t(`meetings:replies.${i.reply}`)}${i.replyChannel ? ` (${t(`meetings:replyChannels.${i.replyChannel}`)})` : ''}`
          : t('invitees:noReply'),
        invited: i.invitedAt
          ? t('invitees:invitedOn', { date: formatDate(i.invitedAt, lang) })
          : t('invitees:notInvited'),
        attendance: i.attendance ? t(`meetings:attendances.${i.attendance}`) : null,
      })),
      pagination: pagination(
        t,
        pageHref(base(meetingId), {}),
        list.page,
        list.pageCount,
        'invitees:pagination',
      ),
      ...(await flashes.take(request)),
    });
  });

  /** The add page: a search (and its results), a member of staff, a guest. */
  async function renderAdd(
    request: FastifyRequest,
    reply: FastifyReply,
    meetingId: string,
    options: { q?: string; refused?: Refused & { which?: AddForm } } = {},
  ) {
    const { t, lang } = request;
    const actor = actorOf(request);
    const { meeting, staff } = await invitees.addPage(actor, meetingId);
    const q = options.q ?? '';
    const found = q ? await invitees.findPeople(actor, meetingId, q) : null;
    const which = options.refused?.which ?? 'people';
    const errors = formErrors(t, options.refused?.issues ?? [], {
      personIds: 'people',
      confirmGroup: `confirmGroup-${which}`,
    });
    const form = options.refused?.form ?? {};
    const ticked = new Set(
      Array.isArray(form.personIds) ? form.personIds : form.personIds ? [form.personIds] : [],
    );
    return reply.code(options.refused ? 400 : 200).render(view('add'), {
      refusedForm: options.refused ? which : null,
      pageTitle: t('invitees:add.title'),
      meeting: {
        ...meetingHeading(lang, meeting),
        closedTo: meeting.closedTo,
        cancelled: meeting.status === 'cancelled',
      },
      group: meeting.closedTo
        ? {
            label: t(`meetings:closedGroups.${meeting.closedTo}`),
            explain: t(`invitees:group.explain.${meeting.closedTo}`),
          }
        : null,
      q,
      searched: found !== null,
      people: (found?.people ?? []).map((p) => {
        const organisation = lang === 'cy' ? p.organisationNameCy : p.organisationNameEn;
        const blocked = p.invited
          ? t('invitees:add.alreadyInvited')
          : !p.active
            ? t('invitees:add.notActive')
            : p.fit === 'out'
              ? t('invitees:add.notInGroup')
              : null;
        const unsure = !blocked && p.fit === 'unknown' ? t('invitees:add.unsure') : null;
        return {
          value: p.id,
          text: p.name,
          hint: {
            text: [organisation, t(`people:kinds.${p.kind}`), blocked ?? unsure ?? '']
              .filter(Boolean)
              .join(' · '),
          },
          checked: ticked.has(p.id),
          disabled: blocked !== null,
        };
      }),
      staff: [
        { value: '', text: t('invitees:add.chooseStaff') },
        ...staff.map((s) => ({ value: s.id, text: s.name, selected: form.accountId === s.id })),
      ],
      form,
      errors: errors.fields,
      errorList: errors.errorList,
    });
  }

  app.get('/meetings/:id/invitees/add', guarded, (request, reply) =>
    renderAdd(request, reply, idOf(request)),
  );

  // a search is posted, so the name looked for stays out of addresses and logs
  app.post('/meetings/:id/invitees/find', guarded, async (request, reply) => {
    const meetingId = idOf(request);
    const form: Form = request.form;
    const parsed = parseSearch(form);
    if (!parsed.ok) return renderAdd(request, reply, meetingId, { refused: { ...parsed, form } });
    return renderAdd(request, reply, meetingId, { q: parsed.value });
  });

  /** After a change: the list with a message, or the add page again with what was wrong. */
  async function answer(
    request: FastifyRequest,
    reply: FastifyReply,
    meetingId: string,
    result: Result<{ added: number }>,
    form: Form,
    which: AddForm,
  ) {
    if (!result.ok) {
      const q = which === 'people' && typeof form.q === 'string' ? form.q : '';
      return renderAdd(request, reply, meetingId, {
        q,
        refused: { issues: result.issues, form, which },
      });
    }
    const message = { key: 'invitees:added', values: { count: result.value.added } };
    return reply.redirect(await flashes.redirectUrl(request, base(meetingId), message), 303);
  }

  /** An add form's handler: parse it, invite (a closed group only when confirmed), answer. */
  const adding =
    <T>(
      which: AddForm,
      parse: (form: Form) => Result<T>,
      invite: (
        actor: Actor,
        meetingId: string,
        value: T,
        confirmed: boolean,
      ) => Promise<Result<{ added: number }>>,
    ) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const meetingId = idOf(request);
      const form: Form = request.form;
      const parsed = parse(form);
      const result = parsed.ok
        ? await invite(actorOf(request), meetingId, parsed.value, confirmedOf(form))
        : parsed;
      return answer(request, reply, meetingId, result, form, which);
    };

  app.post(
    '/meetings/:id/invitees/people',
    guarded,
    adding('people', parsePeople, invitees.invitePeople),
  );
  app.post(
    '/meetings/:id/invitees/staff',
    guarded,
    adding('staff', parseStaff, invitees.inviteStaff),
  );
  app.post(
    '/meetings/:id/invitees/guest',
    guarded,
    adding('guest', parseGuest, invitees.inviteGuest),
  );

  async function renderRole(
    request: FastifyRequest,
    reply: FastifyReply,
    meetingId: string,
    inviteeId: string,
    refused?: Refused,
  ) {
    const { t, lang } = request;
    const page = await invitees.rolePage(actorOf(request), meetingId, inviteeId);
    const errors = formErrors(t, refused?.issues ?? [], { role: 'role', backupFor: 'backupFor' });
    const form = refused?.form ?? {};
    const role = typeof form.role === 'string' ? form.role : page.invitee.role;
    const backupFor =
      typeof form.backupFor === 'string' ? form.backupFor : (page.invitee.backupFor ?? '');
    return reply.code(refused ? 400 : 200).render(view('role'), {
      pageTitle: t('invitees:role.title', { name: nameOf(t, lang, page.invitee) }),
      meeting: meetingHeading(lang, page.meeting),
      inviteeId,
      roles: inviteeRoles.map((r) => ({
        value: r,
        text: t(`meetings:inviteeRoles.${r}`),
        hint: { text: t(`invitees:role.hints.${r}`) },
        checked: role === r,
      })),
      representatives: page.representatives.map((r) => ({
        value: r.id,
        text: nameOf(t, lang, r),
        hint: r.hasBackup ? { text: t('invitees:role.hasBackup') } : undefined,
        checked: backupFor === r.id,
        disabled: r.hasBackup,
      })),
      errors: errors.fields,
      errorList: errors.errorList,
    });
  }

  app.get('/meetings/:id/invitees/:inviteeId/role', guarded, (request, reply) => {
    const { id, inviteeId } = parsedOr404(inviteeParams, request.params);
    return renderRole(request, reply, id, inviteeId);
  });

  app.post('/meetings/:id/invitees/:inviteeId/role', guarded, async (request, reply) => {
    const { id, inviteeId } = parsedOr404(inviteeParams, request.params);
    const form: Form = request.form;
    const parsed = parseRole(form);
    const result = parsed.ok
      ? await invitees.setInviteeRole(actorOf(request), id, inviteeId, parsed.value)
      : parsed;
    if (!result.ok)
      return renderRole(request, reply, id, inviteeId, { issues: result.issues, form });
    return reply.redirect(
      await flashes.redirectUrl(request, base(id), { key: 'invitees:roleSet' }),
      303,
    );
  });

  async function renderRemove(
    request: FastifyRequest,
    reply: FastifyReply,
    meetingId: string,
    inviteeId: string,
    refused?: Issue[],
  ) {
    const { t, lang } = request;
    const page = await invitees.removePage(actorOf(request), meetingId, inviteeId);
    const problem = refused?.[0]?.message ?? page.problem;
    return reply.code(refused ? 409 : 200).render(view('remove'), {
      pageTitle: t('invitees:remove.title', { name: nameOf(t, lang, page.invitee) }),
      meeting: meetingHeading(lang, page.meeting),
      inviteeId,
      problem: problem ? t(problem) : null,
      errorList: refused ? formErrors(t, refused).errorList : undefined,
    });
  }

  app.get('/meetings/:id/invitees/:inviteeId/remove', guarded, (request, reply) => {
    const { id, inviteeId } = parsedOr404(inviteeParams, request.params);
    return renderRemove(request, reply, id, inviteeId);
  });

  app.post('/meetings/:id/invitees/:inviteeId/remove', guarded, async (request, reply) => {
    const { id, inviteeId } = parsedOr404(inviteeParams, request.params);
    const result = await invitees.removeInvitee(actorOf(request), id, inviteeId);
    if (!result.ok) return renderRemove(request, reply, id, inviteeId, result.issues);
    return reply.redirect(
      await flashes.redirectUrl(request, base(id), { key: 'invitees:removed' }),
      303,
    );
  });
};
