import { sql, type Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import { scopeOf } from '#platform/permissions/policy.ts';

/**
 * Contact tasks: what staff must do by hand for people on the register. Messages the
 * safe-contact function could not send itself (the person wants a phone call or a visit:
 * status 'blocked', reason 'needs_person'), and requests people made from the portal to be
 * paused or removed. Holders of person.manage see those of people in their organisations.
 */
export const TASKS_PAGE_SIZE = 25;

const inScope = (scope: readonly string[] | null) =>
  scope === null
    ? sql<boolean>`true`
    : sql<boolean>`${sql.ref('p.scope_ids')} && ${sql.val(scope)}::uuid[]`;

export function createContactTasks(deps: { db: Database; audit: AuditLog }) {
  const { db, audit } = deps;

  const messages = (executor: Kysely<DB>, scope: readonly string[] | null) =>
    executor
      .selectFrom('person_messages as m')
      .innerJoin('people as p', 'p.id', 'm.person_id')
      .where('m.status', '=', sql.lit('blocked'))
      .where('m.reason', '=', sql.lit('needs_person'))
      .where('p.erased_at', 'is', null)
      .where(inScope(scope));

  const requests = (executor: Kysely<DB>, scope: readonly string[] | null) =>
    executor
      .selectFrom('person_requests as r')
      .innerJoin('people as p', 'p.id', 'r.person_id')
      .where('r.resolved_at', 'is', null)
      .where('p.erased_at', 'is', null)
      .where(inScope(scope));

  return {
    /** One page of each list, oldest first (the longest waiting at the top). */
    async list(actor: Actor, page: number) {
      const scope = scopeOf(actor, 'person.manage');
      const offset = (page - 1) * TASKS_PAGE_SIZE;
      const [calls, callCount, asks, askCount] = await Promise.all([
        messages(db, scope)
          .select([
            'm.id',
            'm.person_id',
            'm.channel',
            'm.template',
            'm.created_at',
            'p.display_name',
            'p.no_voicemail',
            'p.preferred_language',
          ])
          .orderBy('m.created_at')
          .limit(TASKS_PAGE_SIZE)
          .offset(offset)
          .execute(),
        messages(db, scope)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow(),
        requests(db, scope)
          .select([
            'r.id',
            'r.person_id',
            'r.kind',
            'r.note',
            'r.created_at',
            'p.display_name',
            'p.status',
          ])
          .orderBy('r.created_at')
          .limit(TASKS_PAGE_SIZE)
          .offset(offset)
          .execute(),
        requests(db, scope)
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow(),
      ]);
      const total = Math.max(Number(callCount.n), Number(askCount.n));
      return {
        calls,
        asks,
        callCount: Number(callCount.n),
        askCount: Number(askCount.n),
        page,
        pageCount: Math.max(1, Math.ceil(total / TASKS_PAGE_SIZE)),
      };
    },

    /**
     * How many calls, visits and requests wait at the organisations of `scope` (where the actor
     * manages people's records; null: everywhere), as one value for the home page to count.
     */
    waiting(scope: readonly string[] | null) {
      const counted = sql<number>`count(*)::int`.as('n');
      return sql<number>`${messages(db, scope).select(counted).$asScalar()}
        + ${requests(db, scope).select(counted).$asScalar()}`;
    },

    /**
     * Marks a task done: the call or visit happened (the message counts as sent by a member of
     * staff), or the request was dealt with. Someone the actor cannot manage answers 404.
     */
    async complete(actor: Actor, kind: 'message' | 'request', id: string) {
      const scope = scopeOf(actor, 'person.manage');
      await db.transaction().execute(async (trx) => {
        const found =
          kind === 'message'
            ? await messages(trx, scope)
                .select(['m.id', 'p.id as person_id', 'p.organisation_id'])
                .where('m.id', '=', id)
                .forUpdate()
                .executeTakeFirst()
            : await requests(trx, scope)
                .select(['r.id', 'p.id as person_id', 'p.organisation_id'])
                .where('r.id', '=', id)
                .forUpdate()
                .executeTakeFirst();
        if (!found) throw new HttpError(404);
        if (kind === 'message')
          await trx
            .updateTable('person_messages')
            .set({ status: 'sent', sent_at: new Date(), reason: 'by_worker' })
            .where('id', '=', id)
            .execute();
        else
          await trx
            .updateTable('person_requests')
            .set({ resolved_at: new Date(), resolved_by: actor.id })
            .where('id', '=', id)
            .execute();
        await audit.record(
          {
            actorAccountId: actor.id,
            action: kind === 'message' ? 'contact.task_done' : 'contact.request_resolved',
            subjectType: 'person',
            subjectId: found.person_id,
            organisationId: found.organisation_id,
            details: { [kind === 'message' ? 'messageId' : 'requestId']: id },
          },
          trx,
        );
      });
    },
  };
}

export type ContactTasks = ReturnType<typeof createContactTasks>;
