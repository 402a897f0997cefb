import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { londonParts } from '#platform/time/london.ts';
import { failed, ok, type Issue, type Result } from '#platform/validation/index.ts';
import { organisationWhere } from '../authorise.ts';
import {
  claimToPay,
  floatsOf,
  markPaid,
  markReversed,
  openFloats,
  paymentOf,
  type ClaimToPay,
} from './repository.ts';
import type { FloatForm, PayForm, ReconcileForm } from './schema.ts';

export interface PaymentsDependencies {
  db: Database;
  audit: AuditLog;
  now?: () => Date;
}

const issue = (field: string, key: string): Issue => ({
  field,
  message: `payments:errors.${key}`,
});

/**
 * Paying approved claims (money.pay) and cash floats (issue 11 item 3). A claim is paid once: the
 * claim's status changes by a conditional update in the same transaction as the payment row.
 */
export function createPaymentsService(deps: PaymentsDependencies) {
  const { db, audit, now = () => new Date() } = deps;
  const today = () => londonParts(now()).date;

  const organisationFor = (actor: Actor, organisationId: string) =>
    organisationWhere(db, actor, organisationId, 'money.pay');

  /** An approved claim the actor may pay (404 if unseen, 409 if no longer approved). */
  async function claimFor(actor: Actor, claimId: string) {
    const claim = await claimToPay(db, claimId);
    if (!claim) throw new HttpError(404);
    await organisationFor(actor, claim.organisation_id);
    return claim;
  }

  /** What is paid: expenses always; the involvement payment as the approval decided. */
  function amountsOf(claim: ClaimToPay) {
    const outcome = claim.payment_outcome;
    const payment = outcome === 'declined' || outcome === 'time_credits' || outcome === 'charity';
    return { expensesPence: claim.expensesPence, paymentPence: payment ? 0 : claim.paymentPence };
  }

  return {
    today,

    async claimToPay(actor: Actor, claimId: string) {
      const claim = await claimFor(actor, claimId);
      return {
        claim,
        amounts: amountsOf(claim),
        floats: await openFloats(db, claim.organisation_id),
      };
    },

    /** Pays an approved claim. `conflict` when it was no longer approved (paid by someone else). */
    async payClaim(
      actor: Actor,
      claimId: string,
      form: PayForm,
    ): Promise<Result<string> | { ok: false; conflict: true }> {
      const claim = await claimFor(actor, claimId);
      if (claim.status !== 'approved' || claim.batch_id) return { ok: false, conflict: true };
      let floatId: string | null = null;
      if (form.method === 'cash') {
        const floats = await openFloats(db, claim.organisation_id);
        const chosen =
          floats.find((f) => f.id === form.floatId) ??
          (floats.length === 1 ? floats[0] : undefined);
        if (!chosen) return failed([issue('floatId', floats.length ? 'floatId' : 'noFloat')]);
        floatId = chosen.id;
      }
      if (form.paidOn > today()) return failed([issue('paidOn-day', 'paidOnFuture')]);
      const amounts = amountsOf(claim);
      const paid = await db.transaction().execute(async (trx) => {
        const done = await markPaid(trx, {
          claim,
          method: form.method,
          ...amounts,
          paidOn: form.paidOn,
          reference: form.reference,
          floatId,
          batchId: null,
          paidBy: actor.id,
        });
        if (!done) return false;
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'money.claim_paid',
            subjectType: 'money_claim',
            subjectId: claim.id,
            organisationId: claim.organisation_id,
            details: { number: claim.number, method: form.method, ...amounts, paidOn: form.paidOn },
          },
          trx,
        );
        return true;
      });
      return paid ? ok(claim.id) : { ok: false, conflict: true };
    },

    /** A paid claim to reverse (money.pay). */
    async claimToReverse(actor: Actor, claimId: string) {
      const claim = await claimFor(actor, claimId);
      const payment = claim.status === 'paid' ? await paymentOf(db, claim.id) : undefined;
      return { claim, payment };
    },

    /** Reverses a claim's payment: never edited, undone by a row of negative amounts. */
    async reversePayment(actor: Actor, claimId: string, reason: string) {
      const { claim, payment } = await this.claimToReverse(actor, claimId);
      if (!payment) return false;
      return db.transaction().execute(async (trx) => {
        if (!(await markReversed(trx, claim, payment, reason, today(), actor.id))) return false;
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'money.payment_reversed',
            subjectType: 'money_claim',
            subjectId: claim.id,
            organisationId: claim.organisation_id,
            details: {
              number: claim.number,
              method: payment.method,
              expensesPence: -payment.expenses_pence,
              paymentPence: -payment.payment_pence,
              reason,
            },
          },
          trx,
        );
        return true;
      });
    },

    async floats(actor: Actor, organisationId: string) {
      const organisation = await organisationFor(actor, organisationId);
      return { organisation, floats: await floatsOf(db, organisation.id) };
    },

    async openFloat(actor: Actor, organisationId: string, form: FloatForm) {
      const organisation = await organisationFor(actor, organisationId);
      await db.transaction().execute(async (trx) => {
        const made = await trx
          .insertInto('money_floats')
          .values({
            organisation_id: organisation.id,
            name: form.name,
            opened_on: today(),
            opened_by: actor.id,
            opening_pence: form.amountPence,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'money.float_opened',
            subjectType: 'money_float',
            subjectId: made.id,
            organisationId: organisation.id,
            details: { name: form.name, openingPence: form.amountPence },
          },
          trx,
        );
      });
    },

    /** An open float of the organisation, with what is expected in it. */
    async floatToReconcile(actor: Actor, organisationId: string, floatId: string) {
      const { organisation, floats } = await this.floats(actor, organisationId);
      const float = floats.find((f) => f.id === floatId && f.status === 'open');
      if (!float) throw new HttpError(404);
      return { organisation, float };
    },

    /** Adds cash to an open float. */
    async topUpFloat(actor: Actor, organisationId: string, floatId: string, amountPence: number) {
      const { organisation, float } = await this.floatToReconcile(actor, organisationId, floatId);
      await db.transaction().execute(async (trx) => {
        await trx
          .insertInto('money_float_top_ups')
          .values({ float_id: float.id, amount_pence: amountPence, added_by: actor.id })
          .execute();
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'money.float_topped_up',
            subjectType: 'money_float',
            subjectId: float.id,
            organisationId: organisation.id,
            details: { amountPence },
          },
          trx,
        );
      });
    },

    /** Closes a float: counted equal to expected, or a difference with a reason. */
    async reconcileFloat(
      actor: Actor,
      organisationId: string,
      floatId: string,
      form: ReconcileForm,
    ): Promise<Result<number>> {
      const { organisation, float } = await this.floatToReconcile(actor, organisationId, floatId);
      const difference = form.countedPence - float.expected;
      if (difference !== 0 && !form.reason) return failed([issue('reason', 'reason')]);
      await db.transaction().execute(async (trx) => {
        const closed = await trx
          .updateTable('money_floats')
          .set({
            status: 'closed',
            counted_pence: form.countedPence,
            difference_reason: difference === 0 ? null : form.reason,
            closed_at: now(),
            closed_by: actor.id,
          })
          .where('id', '=', float.id)
          .where('status', '=', 'open')
          .executeTakeFirst();
        if (Number(closed.numUpdatedRows) !== 1) throw new HttpError(409);
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'money.float_reconciled',
            subjectType: 'money_float',
            subjectId: float.id,
            organisationId: organisation.id,
            details: {
              expectedPence: float.expected,
              countedPence: form.countedPence,
              differencePence: difference,
              reason: difference === 0 ? null : form.reason,
            },
          },
          trx,
        );
      });
      return ok(difference);
    },
  };
}

export type PaymentsService = ReturnType<typeof createPaymentsService>;
