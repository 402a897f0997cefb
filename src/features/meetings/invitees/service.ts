import type { Kysely } from 'kysely';
import { appendAuditBatch } from '#platform/audit/audit-batch.ts';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { DB } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import type { Permission } from '#platform/permissions/policy.ts';
import { londonParts } from '#platform/time/london.ts';
import { failed, invalid, ok, type Result } from '#platform/validation/index.ts';
import { invitationFacts, searchPeople, viewerOf, type InvitationFacts } from '#features/register';
import { authoriseMeeting, mayAt, meetingAudit } from '../access.ts';
import type { InviteeRole } from '../tables.ts';
import * as repository from './repository.ts';
import type { MeetingForInvitees } from './repository.ts';
import { outsiderFits, personFits, type GroupFit } from './rules.ts';

/**
 * Who is invited to a meeting (issue 10 item 1): people from the register, staff and external
 * guests; their roles (a representative may have one back-up, offered the place when they send
 * apologies); closed groups. Names of people come from the register, and only those the viewer
 * may see; every page that shows them is audited, and so is every change (ids and roles only).
 */

type Db = Kysely<DB>;

export const PAGE_SIZE = 100;
/** The most people one search shows (and one form adds). */
export const FOUND_LIMIT = 50;

/** Where an invitee comes from. */
export type InviteeFrom = 'register' | 'staff' | 'guest';

/** How a page shows someone: a name, or (a person the viewer may not see) their organisation. */
export interface Shown {
  name: string | null;
  organisationNameEn: string | null;
  organisationNameCy: string | null;
}

const hidden: Shown = { name: null, organisationNameEn: null, organisationNameCy: null };

function shownOf(
  facts: ReadonlyMap<string, InvitationFacts>,
  who: { personId: string | null; accountName: string | null; guestName: string | null },
): Shown {
  if (!who.personId) return { ...hidden, name: who.accountName ?? who.guestName };
  const person = facts.get(who.personId);
  if (!person) return hidden; // erased
  return {
    name: person.displayName,
    organisationNameEn: person.visible ? null : person.organisationNameEn,
    organisationNameCy: person.visible ? null : person.organisationNameCy,
  };
}

const fromOf = (i: { personId: string | null; accountId: string | null }): InviteeFrom =>
  i.personId ? 'register' : i.accountId ? 'staff' : 'guest';

export interface GuestInput {
  guestName: string;
  guestEmail: string;
}

export interface RoleInput {
  role: InviteeRole;
  backupFor: string | null;
}

export function createInviteesService(deps: { db: Db; audit: AuditLog; keys: KeyRing }) {
  const { db, audit, keys } = deps;
  const record = meetingAudit(audit);

  async function meetingFor(actor: Actor, meetingId: string, permission: Permission) {
    const meeting = authoriseMeeting(
      actor,
      await repository.findMeeting(db, meetingId),
      permission,
    );
    return { ...meeting, canManage: mayAt(actor, meeting, 'meeting.manage') };
  }

  const dayOf = (meeting: MeetingForInvitees) => londonParts(meeting.startsAt).date;

  const factsFor = (actor: Actor, meeting: MeetingForInvitees, personIds: readonly string[]) =>
    invitationFacts(db, keys, viewerOf(actor), [...new Set(personIds)], dayOf(meeting));

  /** Records that the actor was shown these people's names (those visible), in one statement. */
  async function auditShown(
    actor: Actor,
    meeting: MeetingForInvitees,
    facts: ReadonlyMap<string, InvitationFacts>,
    action: string,
  ) {
    const seen = [...facts.values()].filter((f) => f.visible);
    if (!seen.length) return;
    await db.transaction().execute((trx) =>
      appendAuditBatch(
        trx,
        seen.map((f) => ({
          actorAccountId: actor.id,
          action,
          subjectType: 'person',
          subjectId: f.personId,
          organisationId: meeting.organisationId,
          details: { meetingId: meeting.id },
        })),
      ),
    );
  }

  /** One page of the invitee list (a fixed number of queries however many are invited). */
  async function inviteesPage(actor: Actor, meetingId: string, page: number) {
    const meeting = await meetingFor(actor, meetingId, 'meeting.view');
    const rows = await repository.listInvitees(db, meeting.id, {
      limit: PAGE_SIZE,
      offset: (page - 1) * PAGE_SIZE,
    });
    if (!rows.length && page > 1) throw new HttpError(404); // past the last page
    const personIds = rows.flatMap((r) => [r.personId, r.backupForPersonId]);
    const facts = await factsFor(
      actor,
      meeting,
      personIds.filter((id): id is string => id !== null),
    );
    await auditShown(actor, meeting, facts, 'meeting.invitees_viewed');
    const total = rows[0]?.total ?? 0;
    return {
      meeting,
      total,
      page,
      pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)),
      invitees: rows.map((r) => ({
        id: r.id,
        from: fromOf(r),
        ...shownOf(facts, r),
        // e-mail addresses are for those who manage the meeting
        guestEmail: meeting.canManage ? r.guestEmail : null,
        role: r.role,
        backupFor: r.backupFor
          ? shownOf(facts, {
              personId: r.backupForPersonId,
              accountName: r.backupForAccountName,
              guestName: r.backupForGuestName,
            })
          : null,
        reply: r.reply,
        replyChannel: r.replyChannel,
        invitedAt: r.invitedAt,
        attendance: r.attendance,
      })),
    };
  }

  /** The add page: staff who may be invited (the meeting's organisation and above). */
  async function addPage(actor: Actor, meetingId: string) {
    const meeting = await meetingFor(actor, meetingId, 'meeting.manage');
    const staff = await repository.invitableStaff(db, meeting.id, meeting.ancestors);
    return { meeting, staff };
  }

  /** People from the register the actor may see, by name, and whether each may be invited. */
  async function findPeople(actor: Actor, meetingId: string, name: string) {
    const meeting = await meetingFor(actor, meetingId, 'meeting.manage');
    const found = (
      await searchPeople(db, viewerOf(actor), { name }, { limit: FOUND_LIMIT, offset: 0 })
    ).rows;
    const ids = found.map((p) => p.id);
    const [facts, invited] = await Promise.all([
      factsFor(actor, meeting, ids),
      repository.alreadyInvited(db, meeting.id, ids),
    ]);
    await auditShown(actor, meeting, facts, 'meeting.invitee_search');
    return {
      meeting,
      people: found.map((p) => {
        const f = facts.get(p.id);
        const fit: GroupFit = f ? personFits(meeting.closedTo, f) : 'out';
        return {
          id: p.id,
          name: p.displayName,
          organisationNameEn: p.organisationNameEn,
          organisationNameCy: p.organisationNameCy,
          kind: p.kind,
          invited: invited.has(p.id),
          active: p.status === 'active',
          fit,
        };
      }),
    };
  }

  /**
   * Invites people from the register as members: each must be someone the actor may see, active,
   * not invited yet and (a closed group) in the group, or confirmed by the actor where Cyd cannot
   * tell. Nobody is added unless all may be.
   */
  async function invitePeople(
    actor: Actor,
    meetingId: string,
    personIds: readonly string[],
    confirmed: boolean,
  ): Promise<Result<{ added: number }>> {
    const meeting = await meetingFor(actor, meetingId, 'meeting.manage');
    if (meeting.status === 'cancelled') return invalid('form', 'invitees:errors.cancelled');
    const ids = [...new Set(personIds)];
    if (!ids.length) return invalid('personIds', 'invitees:errors.nobodyChosen');
    if (ids.length > FOUND_LIMIT) throw new HttpError(400);
    const facts = await factsFor(actor, meeting, ids);
    // someone the actor may not see is refused as if they did not exist
    if (ids.some((id) => !facts.get(id)?.visible)) throw new HttpError(404);
    const issues = [];
    const people = ids.map((id) => facts.get(id)!);
    if (people.some((p) => p.status !== 'active'))
      issues.push({ field: 'personIds', message: 'invitees:errors.notActive' });
    const fits = people.map((p) => personFits(meeting.closedTo, p));
    if (fits.includes('out'))
      issues.push({
        field: 'personIds',
        message: `invitees:errors.notInGroup.${meeting.closedTo}`,
      });
    const unsure = fits.includes('unknown');
    if (unsure && !confirmed)
      issues.push({ field: 'confirmGroup', message: 'invitees:errors.confirmGroup' });
    if (issues.length) return failed(issues);
    return db.transaction().execute(async (trx) => {
      const invited = await repository.alreadyInvited(trx, meeting.id, ids);
      if (invited.size) return invalid<{ added: number }>('personIds', 'invitees:errors.duplicate');
      const added = await repository.insertInvitees(
        trx,
        meeting.id,
        actor.id,
        ids.map((personId) => ({ personId })),
      );
      for (const row of added)
        await record(trx, actor, 'meeting.invitee_added', meeting, {
          inviteeId: row.id,
          role: row.role,
          from: 'register',
          ...(unsure ? { groupConfirmed: meeting.closedTo } : {}),
        });
      return ok({ added: added.length });
    });
  }

  /** Adds one invitee who is not on the register (staff or a guest), once. */
  async function inviteOutsider(
    actor: Actor,
    meeting: MeetingForInvitees,
    invitee: repository.NewInvitee,
    confirmed: boolean,
    field: string,
  ): Promise<Result<{ added: number }>> {
    if (meeting.status === 'cancelled') return invalid('form', 'invitees:errors.cancelled');
    const unsure = outsiderFits(meeting.closedTo) === 'unknown';
    if (unsure && !confirmed) return invalid('confirmGroup', 'invitees:errors.confirmGroup');
    return db.transaction().execute(async (trx) => {
      const [row] = await repository.insertInvitees(trx, meeting.id, actor.id, [invitee]);
      if (!row) return invalid<{ added: number }>(field, 'invitees:errors.duplicate');
      await record(trx, actor, 'meeting.invitee_added', meeting, {
        inviteeId: row.id,
        role: row.role,
        from: invitee.accountId ? 'staff' : 'guest',
        ...(unsure ? { groupConfirmed: meeting.closedTo } : {}),
      });
      return ok({ added: 1 });
    });
  }

  /** Invites a member of staff of the meeting's organisation or an organisation above it. */
  async function inviteStaff(
    actor: Actor,
    meetingId: string,
    accountId: string,
    confirmed: boolean,
  ) {
    const meeting = await meetingFor(actor, meetingId, 'meeting.manage');
    const staff = await repository.invitableStaff(db, meeting.id, meeting.ancestors);
    if (!staff.some((s) => s.id === accountId))
      return invalid('accountId', 'invitees:errors.staff');
    return inviteOutsider(actor, meeting, { accountId }, confirmed, 'accountId');
  }

  /** Invites an external guest by name and e-mail (one invitation per address). */
  async function inviteGuest(
    actor: Actor,
    meetingId: string,
    input: GuestInput,
    confirmed: boolean,
  ) {
    const meeting = await meetingFor(actor, meetingId, 'meeting.manage');
    return inviteOutsider(actor, meeting, input, confirmed, 'guestEmail');
  }

  /** One invitee to change or remove, named as far as the actor may see (audited). */
  async function inviteeFor(actor: Actor, meetingId: string, inviteeId: string) {
    const meeting = await meetingFor(actor, meetingId, 'meeting.manage');
    const invitee = await repository.findInvitee(db, meeting.id, inviteeId);
    if (!invitee) throw new HttpError(404);
    return { meeting, invitee };
  }

  /** The role page: the invitee and the representatives a back-up could stand in for. */
  async function rolePage(actor: Actor, meetingId: string, inviteeId: string) {
    const { meeting, invitee } = await inviteeFor(actor, meetingId, inviteeId);
    const reps = (await repository.representatives(db, meeting.id, invitee.id)).filter(
      (r) => r.id !== invitee.id,
    );
    const facts = await factsFor(
      actor,
      meeting,
      [invitee.personId, ...reps.map((r) => r.personId)].filter((id): id is string => id !== null),
    );
    await auditShown(actor, meeting, facts, 'meeting.invitee_viewed');
    return {
      meeting,
      invitee: { ...invitee, from: fromOf(invitee), ...shownOf(facts, invitee) },
      representatives: reps.map((r) => ({
        id: r.id,
        hasBackup: r.hasBackup,
        ...shownOf(facts, r),
      })),
    };
  }

  /**
   * Sets an invitee's role. A back-up stands in for a representative of the same meeting who has
   * no other back-up; a representative with a back-up stays one until the back-up is changed.
   */
  async function setInviteeRole(
    actor: Actor,
    meetingId: string,
    inviteeId: string,
    input: RoleInput,
  ): Promise<Result> {
    const meeting = await meetingFor(actor, meetingId, 'meeting.manage');
    return db.transaction().execute(async (trx) => {
      const invitee = await repository.findInvitee(trx, meeting.id, inviteeId, true);
      if (!invitee) throw new HttpError(404);
      const backupFor = input.role === 'backup' ? input.backupFor : null;
      if (input.role === 'backup') {
        if (!backupFor) return invalid('backupFor', 'invitees:errors.backupFor');
        const representative =
          backupFor === invitee.id
            ? undefined
            : await repository.findInvitee(trx, meeting.id, backupFor, true);
        if (representative?.role !== 'representative')
          return invalid('backupFor', 'invitees:errors.notRepresentative');
        if ((await repository.backupsOf(trx, backupFor, invitee.id)).length)
          return invalid('backupFor', 'invitees:errors.hasBackupAlready');
      }
      if (
        invitee.role === 'representative' &&
        input.role !== 'representative' &&
        (await repository.backupsOf(trx, invitee.id, null)).length
      )
        return invalid('role', 'invitees:errors.representativeHasBackup');
      if (invitee.role === input.role && invitee.backupFor === backupFor) return ok(undefined);
      await repository.setRole(trx, invitee.id, input.role, backupFor);
      await record(trx, actor, 'meeting.invitee_role_set', meeting, {
        inviteeId: invitee.id,
        role: input.role,
        backupFor,
      });
      return ok(undefined);
    });
  }

  /** Why an invitee may not be taken off the list, if they may not. */
  async function removalProblem(
    executor: Db,
    invitee: { id: string; role: InviteeRole; reply: unknown; attendance: unknown },
  ) {
    if (invitee.attendance) return 'invitees:errors.removeAttended';
    if (invitee.reply) return 'invitees:errors.removeReplied';
    if (
      invitee.role === 'representative' &&
      (await repository.backupsOf(executor, invitee.id, null)).length
    )
      return 'invitees:errors.representativeHasBackup';
    return null;
  }

  /** The confirm page for removing an invitee (with the reason it is refused, if it is). */
  async function removePage(actor: Actor, meetingId: string, inviteeId: string) {
    const { meeting, invitee } = await inviteeFor(actor, meetingId, inviteeId);
    const facts = await factsFor(actor, meeting, invitee.personId ? [invitee.personId] : []);
    await auditShown(actor, meeting, facts, 'meeting.invitee_viewed');
    return {
      meeting,
      invitee: { ...invitee, from: fromOf(invitee), ...shownOf(facts, invitee) },
      problem: await removalProblem(db, invitee),
    };
  }

  /**
   * Takes someone off the list, unless they have replied, their attendance is recorded or (a
   * representative) someone backs them up.
   */
  async function removeInvitee(
    actor: Actor,
    meetingId: string,
    inviteeId: string,
  ): Promise<Result> {
    const meeting = await meetingFor(actor, meetingId, 'meeting.manage');
    return db.transaction().execute(async (trx) => {
      const invitee = await repository.findInvitee(trx, meeting.id, inviteeId, true);
      if (!invitee) throw new HttpError(404);
      const problem = await removalProblem(trx, invitee);
      if (problem) return invalid('form', problem);
      await repository.deleteInvitee(trx, invitee.id);
      await record(trx, actor, 'meeting.invitee_removed', meeting, {
        inviteeId: invitee.id,
        role: invitee.role,
      });
      return ok(undefined);
    });
  }

  return {
    inviteesPage,
    addPage,
    findPeople,
    invitePeople,
    inviteStaff,
    inviteGuest,
    rolePage,
    setInviteeRole,
    removePage,
    removeInvitee,
  };
}

export type InviteesService = ReturnType<typeof createInviteesService>;
