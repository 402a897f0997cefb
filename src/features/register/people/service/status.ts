import type { Actor } from '#platform/auth/sessions.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can } from '#platform/permissions/policy.ts';
import { invalid, ok, type Result } from '#platform/validation/index.ts';
import * as repository from '../repository.ts';
import type { StatusInput } from '../schema.ts';
import type { PeopleContext } from './context.ts';

/** A person's status, and the organisations they are connected to. */
export function statusCommands({ changing, record }: PeopleContext) {
  return {
    /** Active, paused (with an optional review date) or moved on; the history is kept. */
    async changePersonStatus(
      actor: Actor,
      id: string,
      input: StatusInput,
    ): Promise<Result<{ changed: boolean }>> {
      return changing(actor, id, async (trx, locked) => {
        const reviewDate = input.status === 'paused' ? input.reviewDate : null;
        await trx
          .updateTable('people')
          .set({ status: input.status, pause_review_date: reviewDate, updated_at: new Date() })
          .where('id', '=', id)
          .execute();
        await trx
          .insertInto('person_status_history')
          .values({
            person_id: id,
            status: input.status,
            pause_review_date: reviewDate,
            reason: input.reason,
            changed_by: actor.id,
          })
          .execute();
        await record(trx, actor, 'person.status_changed', locked, {
          from: locked.status,
          to: input.status,
          fields: ['status', ...(input.reviewDate ? ['pauseReviewDate'] : [])],
        });
        return ok({ changed: locked.status !== input.status });
      });
    },

    /** Connects the person to another organisation the actor may register people at. */
    async connectOrganisation(
      actor: Actor,
      id: string,
      organisationId: string,
    ): Promise<Result<{ connected: boolean }>> {
      return changing(actor, id, async (trx, locked) => {
        const organisation = await repository.findOrganisation(trx, organisationId);
        if (!organisation || organisation.archivedAt || !can(actor, 'person.manage', organisation))
          return invalid('organisationId', 'people:errors.organisationId.required');
        const inserted = await trx
          .insertInto('person_organisations')
          .values({ person_id: id, organisation_id: organisationId })
          .onConflict((oc) => oc.columns(['person_id', 'organisation_id']).doNothing())
          .returning('person_id')
          .executeTakeFirst();
        if (!inserted) return ok({ connected: false });
        await repository.refreshPersonScope(trx, id);
        await record(trx, actor, 'person.organisation_connected', locked, { organisationId });
        return ok({ connected: true });
      });
    },

    /** Removes a connection (never the organisation that registered the person). */
    async disconnectOrganisation(
      actor: Actor,
      id: string,
      organisationId: string,
    ): Promise<Result<{ disconnected: boolean }>> {
      return changing(actor, id, async (trx, locked) => {
        if (organisationId === locked.organisationId)
          return invalid('form', 'people:errors.organisation.owner');
        const organisation = await repository.findOrganisation(trx, organisationId);
        if (!organisation || !can(actor, 'person.manage', organisation)) throw new HttpError(403);
        const removed = await trx
          .deleteFrom('person_organisations')
          .where('person_id', '=', id)
          .where('organisation_id', '=', organisationId)
          .returning('person_id')
          .executeTakeFirst();
        if (!removed) return ok({ disconnected: false });
        await repository.refreshPersonScope(trx, id);
        await record(trx, actor, 'person.organisation_disconnected', locked, { organisationId });
        return ok({ disconnected: true });
      });
    },
  };
}
