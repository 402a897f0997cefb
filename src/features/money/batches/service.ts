import { namesFor, viewerOf } from '#features/register';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, scopeOf } from '#platform/permissions/policy.ts';
import { londonParts } from '#platform/time/london.ts';
import { personReference } from '../exports/cells.ts';
import { organisationWhere } from '../authorise.ts';
import {
  batchClaims,
  batchesPage,
  batchNumber,
  cancelBatch,
  findBatch,
  gatherBatch,
  sendBatch,
  waitingByOrganisation,
} from './repository.ts';

export interface BatchesDependencies {
  db: Database;
  audit: AuditLog;
  now?: () => Date;
}

/**
 * Bank transfer batches (issue 11 item 3), money.pay: approved claims of people who chose bank
 * transfer are gathered into a batch at their organisation, downloaded for the bank or finance
 * (people by reference, names only with money.names), then marked sent, which pays every claim
 * in it once. An open batch can be cancelled (its claims wait again). Every step is audited.
 */
export function createBatchesService({ db, audit, now = () => new Date() }: BatchesDependencies) {
  const today = () => londonParts(now()).date;

  async function batchFor(actor: Actor, batchId: string) {
    const batch = await findBatch(db, batchId);
    if (!batch) throw new HttpError(404);
    const organisation = await organisationWhere(db, actor, batch.organisationId, 'money.pay');
    return { batch, organisation };
  }

  return {
    today,

    /** The batches where the actor pays, and the organisations with claims waiting. */
    async listBatches(actor: Actor, page: number) {
      const scope = scopeOf(actor, 'money.pay');
      const [batches, waiting] = await Promise.all([
        batchesPage(db, scope, page),
        waitingByOrganisation(db, scope),
      ]);
      return { ...batches, waiting };
    },

    /** Gathers the claims waiting at an organisation: the new batch, or undefined when none. */
    async startBatch(actor: Actor, organisationId: string) {
      const organisation = await organisationWhere(db, actor, organisationId, 'money.pay');
      return db.transaction().execute(async (trx) => {
        const batch = await gatherBatch(trx, organisation.id, actor.id);
        if (!batch.claims) {
          await trx.deleteFrom('money_payment_batches').where('id', '=', batch.id).execute();
          return undefined;
        }
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'money.batch_started',
            subjectType: 'money_batch',
            subjectId: batch.id,
            organisationId: organisation.id,
            details: { number: batchNumber(batch.number), claims: batch.claims },
          },
          trx,
        );
        return batch.id;
      });
    },

    /** A batch with its claims, each with a reference and the name where the actor may see it. */
    async viewBatch(actor: Actor, batchId: string) {
      const { batch, organisation } = await batchFor(actor, batchId);
      const claims = await batchClaims(db, batch.id);
      const names = await namesFor(
        db,
        viewerOf(actor),
        claims.map((c) => c.personId),
      );
      return {
        batch,
        mayName: can(actor, 'money.names', organisation),
        claims: claims.map((c) => ({
          ...c,
          reference: personReference(c.personId),
          name: names.get(c.personId),
        })),
      };
    },

    /** The batch for the bank or finance (audited: who downloaded which batch, with names?). */
    async exportBatch(actor: Actor, batchId: string) {
      const viewed = await this.viewBatch(actor, batchId);
      await audit.record({
        actorAccountId: actor.id,
        action: 'money.batch_exported',
        subjectType: 'money_batch',
        subjectId: viewed.batch.id,
        organisationId: viewed.batch.organisationId,
        details: { number: batchNumber(viewed.batch.number), names: viewed.mayName },
      });
      return viewed;
    },

    /** Marks an open batch sent: every claim in it paid once. False when no longer open. */
    async sendBatch(actor: Actor, batchId: string, paidOn: string) {
      const { batch } = await batchFor(actor, batchId);
      return db.transaction().execute(async (trx) => {
        const paid = await sendBatch(trx, batch, paidOn, actor.id);
        if (!paid) return false;
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'money.batch_sent',
            subjectType: 'money_batch',
            subjectId: batch.id,
            organisationId: batch.organisationId,
            details: {
              number: batchNumber(batch.number),
              claims: paid.length,
              paidOn,
              expensesPence: paid.reduce((s, p) => s + p.expensesPence, 0),
              paymentPence: paid.reduce((s, p) => s + p.paymentPence, 0),
            },
          },
          trx,
        );
        for (const p of paid)
          await audit.record(
            {
              actorAccountId: actor.id,
              action: 'money.claim_paid',
              subjectType: 'money_claim',
              subjectId: p.claimId,
              organisationId: batch.organisationId,
              details: {
                method: 'bank_transfer',
                batch: batchNumber(batch.number),
                expensesPence: p.expensesPence,
                paymentPence: p.paymentPence,
                paidOn,
              },
            },
            trx,
          );
        return true;
      });
    },

    /** Cancels an open batch (its claims wait again). False when no longer open. */
    async cancelBatch(actor: Actor, batchId: string) {
      const { batch } = await batchFor(actor, batchId);
      return db.transaction().execute(async (trx) => {
        if (!(await cancelBatch(trx, batch.id))) return false;
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'money.batch_cancelled',
            subjectType: 'money_batch',
            subjectId: batch.id,
            organisationId: batch.organisationId,
            details: { number: batchNumber(batch.number) },
          },
          trx,
        );
        return true;
      });
    },
  };
}

export type BatchesService = ReturnType<typeof createBatchesService>;
