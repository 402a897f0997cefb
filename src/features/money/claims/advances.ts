import { sql } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { scopeInputs, type ScopeInputs } from '#platform/modules/attention.ts';
import type { AttentionProvider } from '#platform/modules/contract.ts';
import { londonParts } from '#platform/time/london.ts';
import { organisationWhere } from '../authorise.ts';
import { findClaim } from './repository.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

/**
 * Advances (WF 3.3: expenses offered beforehand, e.g. a bus ticket bought for the person): a
 * claim marked as an advance is paid before the day; after the day staff settle it by recording
 * what was actually spent. The difference — still owed to the person, or to be paid back — is
 * shown and audited; money.claim at the claim's organisation.
 */
export function createAdvanceCommands({ db, audit }: { db: Database; audit: AuditLog }) {
  /** A paid advance the actor may settle, with what was paid for expenses; 404 otherwise. */
  async function advanceFor(actor: Actor, claimId: string) {
    const claim = await findClaim(db, claimId);
    if (!claim?.isAdvance) throw new HttpError(404);
    await organisationWhere(db, actor, claim.organisationId, 'money.claim');
    const today = londonParts(new Date()).date;
    return {
      claim,
      settleable:
        claim.status === 'paid' && !claim.advanceReconciledAt && claim.occurredOn <= today,
    };
  }

  /** Records what was spent (pence); false when someone changed the claim first. */
  async function settleAdvance(actor: Actor, claimId: string, version: number, spentPence: number) {
    const { claim, settleable } = await advanceFor(actor, claimId);
    if (!settleable) return false;
    return db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('money_claims')
        .set((eb) => ({
          advance_spent_pence: spentPence,
          advance_reconciled_at: new Date(),
          advance_reconciled_by: actor.id,
          version: eb('version', '+', 1),
          updated_at: new Date(),
        }))
        .where('id', '=', claimId)
        .where('version', '=', version)
        .where('status', '=', 'paid')
        .where('advance_reconciled_at', 'is', null)
        .executeTakeFirst();
      if (done.numUpdatedRows === 0n) return false;
      await audit.record(
        {
          actorAccountId: actor.id,
          action: 'money.advance_settled',
          subjectType: 'person',
          subjectId: claim.personId,
          organisationId: claim.organisationId,
          details: {
            claimId,
            spentPence,
            advancedPence: claim.expensesPence,
            differencePence: spentPence - claim.expensesPence,
          },
        },
        trx,
      );
      return true;
    });
  }

  return { advanceFor, settleAdvance };
}

/**
 * "Advances to settle": paid advances whose day has passed, where the actor makes claims (the
 * partial index of advances not yet settled, `money_claims_advances_idx`).
 */
export const advancesToSettle: AttentionProvider<{ count: number }, ScopeInputs> = {
  name: 'money.advances_to_settle',
  inputs: (actor) => scopeInputs(actor, 'money.claim'),
  counts({ db }, { scope }) {
    return {
      count: db
        .selectFrom('money_claims as c')
        .innerJoin('organisations as o', 'o.id', 'c.organisation_id')
        .where(sql<boolean>`c.is_advance`)
        .where('c.status', '=', sql.lit('paid'))
        .where('c.advance_reconciled_at', 'is', null)
        .where(sql<boolean>`c.occurred_on < (now() at time zone 'Europe/London')::date`)
        .where(inSubtrees(scope))
        .select(sql<number>`count(*)::int`.as('count'))
        .$asScalar(),
    };
  },
  items: (row) => [
    { text: 'claims:advance.attention', count: row.count, href: '/money/claims?status=paid' },
  ],
};
