import { sql, type Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { DB } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import type { Permission } from '#platform/permissions/policy.ts';
import { ok, type Result } from '#platform/validation/index.ts';
import { authoriseMeeting, findMeetingRow, mayAt, meetingAudit, staffAt } from '../access.ts';
import type { OutcomeKind } from '../tables.ts';

/**
 * What came of a meeting (issue 10 item 8): decisions and actions in plain words, both languages;
 * actions have an owner (a member of staff at the meeting's organisation or above) and a due date.
 */

type Db = Kysely<DB>;

export interface OutcomeInput {
  kind: OutcomeKind;
  textEn: string;
  textCy: string;
  ownerAccountId: string | null;
  dueOn: string | null;
}

export interface Outcome {
  id: string;
  kind: OutcomeKind;
  textEn: string;
  textCy: string;
  ownerAccountId: string | null;
  ownerName: string | null;
  dueOn: string | null;
  doneAt: Date | null;
}

/** The decisions and actions of a meeting, in the order they were recorded. */
export function outcomesOf(db: Db, meetingId: string): Promise<Outcome[]> {
  return db
    .selectFrom('meeting_outcomes as c')
    .leftJoin('accounts as a', 'a.id', 'c.owner_account_id')
    .select([
      'c.id',
      'c.kind',
      'c.text_en as textEn',
      'c.text_cy as textCy',
      'c.owner_account_id as ownerAccountId',
      'a.name as ownerName',
      'c.due_on as dueOn',
      'c.done_at as doneAt',
    ])
    .where('c.meeting_id', '=', meetingId)
    .orderBy('c.kind', 'desc')
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
}

export function createOutcomesService(deps: { db: Db; audit: AuditLog }) {
  const { db, audit } = deps;

  async function meetingFor(actor: Actor, meetingId: string, permission: Permission) {
    const meeting = authoriseMeeting(actor, await findMeetingRow(db, meetingId), permission);
    return { ...meeting, canManage: mayAt(actor, meeting, 'meeting.manage') };
  }

  /** Staff who may own an action: accounts with a role at the organisation or above it. */
  function possibleOwners(ancestors: string[]) {
    return staffAt(db, ancestors).orderBy('a.name').limit(500).execute();
  }

  async function outcomesPage(actor: Actor, meetingId: string) {
    const meeting = await meetingFor(actor, meetingId, 'meeting.view');
    const [outcomes, owners] = await Promise.all([
      outcomesOf(db, meeting.id),
      meeting.canManage ? possibleOwners(meeting.ancestors) : [],
    ]);
    return { meeting, outcomes, owners };
  }

  const record = meetingAudit(audit);

  async function addOutcome(actor: Actor, meetingId: string, input: OutcomeInput): Promise<Result> {
    const meeting = await meetingFor(actor, meetingId, 'meeting.manage');
    if (input.ownerAccountId) {
      const owners = await possibleOwners(meeting.ancestors);
      if (!owners.some((o) => o.id === input.ownerAccountId))
        return {
          ok: false,
          issues: [{ field: 'ownerAccountId', message: 'outcomes:errors.owner' }],
        };
    }
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .insertInto('meeting_outcomes')
        .values({
          meeting_id: meeting.id,
          kind: input.kind,
          text_en: input.textEn,
          text_cy: input.textCy,
          owner_account_id: input.kind === 'action' ? input.ownerAccountId : null,
          due_on: input.kind === 'action' ? input.dueOn : null,
          created_by: actor.id,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await record(trx, actor, 'meeting.outcome_added', meeting, {
        outcomeId: row.id,
        kind: input.kind,
      });
    });
    return ok(undefined);
  }

  /** Marks an action done (meeting.manage, or the action's owner), or not done again. */
  async function setActionDone(actor: Actor, meetingId: string, outcomeId: string, done: boolean) {
    const meeting = await meetingFor(actor, meetingId, 'meeting.view');
    await db.transaction().execute(async (trx) => {
      const action = await trx
        .selectFrom('meeting_outcomes')
        .select(['id', 'owner_account_id'])
        .where('id', '=', outcomeId)
        .where('meeting_id', '=', meeting.id)
        .where('kind', '=', 'action')
        .forUpdate()
        .executeTakeFirst();
      if (!action) throw new HttpError(404);
      if (!meeting.canManage && action.owner_account_id !== actor.id) throw new HttpError(403);
      await trx
        .updateTable('meeting_outcomes')
        .set(
          done
            ? { done_at: sql<Date>`now()`, done_by: actor.id }
            : { done_at: null, done_by: null },
        )
        .where('id', '=', outcomeId)
        .execute();
      await record(trx, actor, done ? 'meeting.action_done' : 'meeting.action_reopened', meeting, {
        outcomeId,
      });
    });
  }

  async function removeOutcome(actor: Actor, meetingId: string, outcomeId: string) {
    const meeting = await meetingFor(actor, meetingId, 'meeting.manage');
    await db.transaction().execute(async (trx) => {
      const row = await trx
        .deleteFrom('meeting_outcomes')
        .where('id', '=', outcomeId)
        .where('meeting_id', '=', meeting.id)
        .returning(['id', 'kind'])
        .executeTakeFirst();
      if (!row) throw new HttpError(404);
      await record(trx, actor, 'meeting.outcome_removed', meeting, { outcomeId, kind: row.kind });
    });
  }

  return { outcomesPage, addOutcome, setActionDone, removeOutcome };
}

export type OutcomesService = ReturnType<typeof createOutcomesService>;
