import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import { invalid, ok, type Result } from '#platform/validation/index.ts';
import { namesFor, viewerOf } from '#features/register';
import { checkBenefits, type BenefitCheck } from '../benefits/check.ts';
import { paymentChoiceOf } from '../choices/repository.ts';
import type { PaymentOutcome } from '../claims/tables.ts';
import { findScheme } from '../credits/repository.ts';
import { awardCreditsForInvolvement } from '../credits/ledger.ts';
import { offsetOf, PAGE_SIZE, pageCountOf } from '../paging.ts';
import type { Form } from '#platform/validation/index.ts';
import * as repository from './repository.ts';
import { parseDecision, type Decision } from './schema.ts';
import { organisationWhere } from '../authorise.ts';

export interface ApprovalDependencies {
  db: Database;
  audit: AuditLog;
}

/** Thrown inside a transaction when the claim changed under us: the page says so (409). */
export class ClaimChanged extends Error {}
class Refused extends Error {
  readonly result: Result<never>;
  constructor(result: Result<never>) {
    super('refused');
    this.result = result;
  }
}

/** The default choice from how the person wants to be paid. */
function defaultDecision(
  choice: Awaited<ReturnType<typeof paymentChoiceOf>>,
  paymentPence: number,
): Decision {
  const none = { lowerAmountPence: null, charityName: null };
  switch (choice?.method) {
    case 'decline':
      return { outcome: 'declined', ...none };
    case 'time_credits':
      return { outcome: 'time_credits', ...none };
    case 'charity':
      return { outcome: 'charity', lowerAmountPence: null, charityName: choice.charityName };
    case 'lower_amount': {
      const share = choice.lowerSharePercent;
      const pence =
        choice.lowerAmountPence ??
        (share === null ? null : Math.floor((paymentPence * share) / 100));
      return { outcome: 'lower_amount', lowerAmountPence: pence, charityName: null };
    }
    default:
      return { outcome: 'paid', ...none };
  }
}

/** What is due for the payment line(s) after the choice. */
function dueFor(outcome: PaymentOutcome, decision: Decision, paymentPence: number) {
  if (outcome === 'lower_amount') return decision.lowerAmountPence ?? 0;
  if (outcome === 'declined' || outcome === 'time_credits') return 0;
  return paymentPence;
}

/**
 * Approving or returning claims (issue 11 items 3 and 5): money.approve at the claim's
 * organisation. The benefit check is shown for a claim with an involvement payment; the status
 * change is conditional on status and version, so two staff acting at once act once.
 */
export function createApprovalService({ db, audit }: ApprovalDependencies) {
  async function claimFor(actor: Actor, claimId: string) {
    const claim = await repository.findClaim(db, claimId);
    if (!claim) throw new HttpError(404);
    const organisation = await organisationWhere(db, actor, claim.organisationId, 'money.approve');
    return { claim, organisation };
  }

  return {
    /** The claim, its lines and totals, the benefit check and the default choice (read audited). */
    async viewClaim(actor: Actor, claimId: string) {
      const { claim, organisation } = await claimFor(actor, claimId);
      const lines = await repository.linesOf(db, claim.id);
      const expensesPence = lines
        .filter((l) => l.category === 'expense')
        .reduce((sum, l) => sum + l.amountPence, 0);
      const paymentPence = lines
        .filter((l) => l.category === 'payment')
        .reduce((sum, l) => sum + l.amountPence, 0);
      const hasPayment = lines.some((l) => l.category === 'payment');
      const [names, choice, check, scheme] = await Promise.all([
        namesFor(db, viewerOf(actor), [claim.personId]),
        paymentChoiceOf(db, claim.personId),
        hasPayment
          ? checkBenefits(db, {
              personId: claim.personId,
              day: claim.occurredOn,
              proposedPence: paymentPence,
              excludeClaimId: claim.id,
            })
          : Promise.resolve(null),
        findScheme(db, claim.organisationId),
      ]);
      const name = names.get(claim.personId) ?? null;
      if (name !== null)
        await audit.record({
          actorAccountId: actor.id,
          action: 'person.viewed',
          subjectType: 'person',
          subjectId: claim.personId,
          organisationId: claim.organisationId,
          details: { section: 'claim', claimId: claim.id },
        });
      return {
        claim,
        organisation,
        name,
        lines,
        expensesPence,
        paymentPence,
        hasPayment,
        check,
        decision: defaultDecision(choice, paymentPence),
        creditsPossible: !!claim.involvementRecordId && !!scheme?.enabled,
      };
    },

    /** Approves the claim with the choice made; a 409 (ClaimChanged) when it changed meanwhile. */
    async approve(actor: Actor, claimId: string, version: number, form: Form) {
      const found = await this.viewClaim(actor, claimId);
      const { claim, paymentPence, check } = found;
      const parsed = parseDecision(form, found.hasPayment, paymentPence);
      if (!parsed.ok) return parsed as Result;
      const decision = parsed.value;
      if (claim.status !== 'submitted' || claim.version !== version) throw new ClaimChanged();
      const outcome = found.hasPayment ? decision.outcome : null;
      if (outcome === 'time_credits' && !found.creditsPossible)
        return invalid<undefined>('outcome', 'approval:errors.noCredits');
      const duePence = outcome ? dueFor(outcome, decision, paymentPence) : null;
      const warning = check && { ...check, outcome, duePence };
      try {
        await db.transaction().execute(async (trx) => {
          const done = await repository.approveClaim(
            trx,
            claim,
            { outcome, duePence, charityName: decision.charityName, warning },
            actor.id,
          );
          if (!done) throw new ClaimChanged();
          if (outcome === 'time_credits') {
            const awarded = await awardCreditsForInvolvement(trx, audit, {
              involvementRecordId: claim.involvementRecordId!,
              recordedBy: actor.id,
              organisationId: claim.organisationId,
            });
            if (!awarded.ok) throw new Refused(awarded);
          }
          await audit.record(
            {
              actorAccountId: actor.id,
              action: 'money.claim_approved',
              subjectType: 'person',
              subjectId: claim.personId,
              organisationId: claim.organisationId,
              details: {
                claimId: claim.id,
                number: claim.number,
                outcome,
                duePence,
                expensesPence: found.expensesPence,
                limitsCrossed: check?.crossed.map((c) => c.code) ?? [],
              },
            },
            trx,
          );
        });
      } catch (error) {
        if (error instanceof Refused) return error.result as Result;
        throw error;
      }
      return ok(undefined);
    },

    /** Returns the claim with a reason (audited); a 409 when it changed meanwhile. */
    async returnClaim(actor: Actor, claimId: string, version: number, reason: string) {
      const { claim } = await claimFor(actor, claimId);
      if (claim.status !== 'submitted' || claim.version !== version) throw new ClaimChanged();
      await db.transaction().execute(async (trx) => {
        if (!(await repository.returnClaim(trx, claim, reason, actor.id))) throw new ClaimChanged();
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'money.claim_returned',
            subjectType: 'person',
            subjectId: claim.personId,
            organisationId: claim.organisationId,
            details: { claimId: claim.id, number: claim.number, reason },
          },
          trx,
        );
      });
    },

    /** Submitted claims in the actor's scope, oldest first, with names they may see. */
    async queue(actor: Actor, page: number) {
      const scope = scopeOf(actor, 'money.approve');
      if (scope !== null && scope.length === 0) throw new HttpError(403);
      const result = await repository.submittedPage(db, scope, PAGE_SIZE, offsetOf(page));
      const names = await namesFor(
        db,
        viewerOf(actor),
        result.rows.map((r) => r.personId),
      );
      return {
        rows: result.rows.map((r) => ({ ...r, name: names.get(r.personId) ?? null })),
        total: result.total,
        page,
        pageCount: pageCountOf(result.total),
      };
    },
  };
}

export type ApprovalService = ReturnType<typeof createApprovalService>;
export type { BenefitCheck };
