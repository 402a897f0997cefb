import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, scopeOf } from '#platform/permissions/policy.ts';
import { namesFor, organisationsInScope, viewerOf } from '#features/register';
import { londonParts } from '#platform/time/london.ts';
import { ratesInForce } from '../rates/repository.ts';
import { organisationWhere } from '../authorise.ts';
import { createAdvanceCommands } from './advances.ts';
import { createClaimCommands } from './commands.ts';
import { createEditCommands } from './edit.ts';
import { purposesFor } from './purposes.ts';
import { claimsPage, findClaim, type ClaimFilters } from './repository.ts';

export interface ClaimsDependencies {
  db: Database;
  audit: AuditLog;
}

/**
 * Expense claims for staff (issue 11 item 2): the claims of organisations in the actor's scope
 * (money.view), a person's name only where the actor may see them, every look at a named
 * person's claim audited.
 */
export function createClaimsService({ db, audit }: ClaimsDependencies) {
  return {
    ...createClaimCommands({ db, audit }),
    ...createAdvanceCommands({ db, audit }),
    ...createEditCommands({ db, audit }),

    /** One page of claims, filtered, with the names the actor may see; the organisations to filter by. */
    async listClaims(actor: Actor, filters: ClaimFilters, page: number) {
      const scope = scopeOf(actor, 'money.view');
      const [result, organisations] = await Promise.all([
        claimsPage(db, scope, filters, page),
        organisationsInScope(db, scope),
      ]);
      const names = await namesFor(
        db,
        viewerOf(actor),
        result.rows.map((r) => r.personId),
      );
      return {
        ...result,
        organisations,
        rows: result.rows.map(({ personId, ...row }) => ({ ...row, name: names.get(personId) })),
      };
    },

    /**
     * What the staff form needs: the organisation, the person's name, today's payment rates and
     * what the claim may be for (their meetings, involvement records and opportunities).
     */
    async draftForm(actor: Actor, organisationId: string, personId: string) {
      const organisation = await organisationWhere(db, actor, organisationId, 'money.claim');
      const name = (await namesFor(db, viewerOf(actor), [personId])).get(personId);
      if (name === undefined) throw new HttpError(404);
      const [rates, purposes] = await Promise.all([
        ratesInForce(db, organisation.id, londonParts(new Date()).date),
        purposesFor(db, personId, organisation.id),
      ]);
      return { organisation, name, paymentRates: rates?.paymentRates ?? [], purposes };
    },

    /** A claim (money.view at its organisation; 404 elsewhere); audited when the person is named. */
    async viewClaim(actor: Actor, claimId: string) {
      const claim = await findClaim(db, claimId);
      if (!claim) throw new HttpError(404);
      const organisation = await organisationWhere(db, actor, claim.organisationId, 'money.view');
      const name = (await namesFor(db, viewerOf(actor), [claim.personId])).get(claim.personId);
      if (name !== undefined)
        await audit.record({
          actorAccountId: actor.id,
          action: 'money.claim_viewed',
          subjectType: 'person',
          subjectId: claim.personId,
          organisationId: organisation.id,
          details: { claimId: claim.id },
        });
      return { claim, name, may: { claim: can(actor, 'money.claim', organisation) } };
    },
  };
}

export type ClaimsService = ReturnType<typeof createClaimsService>;
