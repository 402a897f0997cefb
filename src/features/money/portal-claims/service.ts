import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import type { Services } from '#platform/modules/contract.ts';
import { londonParts } from '#platform/time/london.ts';
import { invalid, type Result } from '#platform/validation/index.ts';
import { createClaimCommands, type Transition } from '../claims/commands.ts';
import type { LineInput } from '../claims/lines.ts';
import { purposeOf, purposesFor, type Purposes } from '../claims/purposes.ts';
import { claimsPage, findClaim } from '../claims/repository.ts';

export interface PortalClaimsDependencies {
  db: Database;
  audit: AuditLog;
  /** The register's way of finding a person for whoever asks (here: the person themselves). */
  findPerson: Services['people']['findPersonForActor'];
  now?: () => Date;
}

export interface OwnDraft {
  organisationId: string;
  occurredOn: string;
  lines: LineInput[];
  /** What it is for, as the form names it ('' for none): see claims/purposes.ts. */
  purpose: string;
}

/**
 * Expense claims made by the person in the portal (issue 11 item 2): their own claims only (any
 * other claim is a 404), at organisations they are connected to, expenses only (involvement
 * payments are added by staff, who know the role and the rate), priced by the same rules as
 * staff claims. Every change is audited against the person, with no account.
 */
export function createPortalClaimsService(deps: PortalClaimsDependencies) {
  const { db, audit, findPerson, now = () => new Date() } = deps;
  const commands = createClaimCommands({ db, audit });
  const today = () => londonParts(now()).date;

  /** The person's own claim, or a 404. */
  async function ownClaim(personId: string, claimId: string) {
    const claim = await findClaim(db, claimId);
    if (!claim || claim.personId !== personId) throw new HttpError(404);
    return claim;
  }

  return {
    today,
    ownClaim,

    /** One page of the person's claims, newest day first. */
    ownClaims(personId: string, page: number) {
      return claimsPage(db, null, { personId }, page);
    },

    /** The organisations the person is connected to (read through the register, audited). */
    async organisationsOf(personId: string) {
      const person = await findPerson({ personId }, personId, { section: 'claims' });
      return person.organisations;
    },

    /**
     * What the person's claims may be for: their meetings, involvement records and opportunities
     * at each of their organisations (usually one or two), together.
     */
    async purposesOf(personId: string, organisationIds: string[]): Promise<Purposes> {
      const each = await Promise.all(organisationIds.map((id) => purposesFor(db, personId, id)));
      const unique = <T extends { id?: string; inviteeId?: string }>(rows: T[]) => [
        ...new Map(rows.map((r) => [r.inviteeId ?? r.id, r])).values(),
      ];
      return {
        meetings: unique(each.flatMap((p) => p.meetings)),
        records: unique(each.flatMap((p) => p.records)),
        opportunities: unique(each.flatMap((p) => p.opportunities)),
      };
    },

    /** Saves the person's claim as a draft; the issues when something is wrong. */
    async makeClaim(personId: string, draft: OwnDraft): Promise<Result<string>> {
      const organisations = await this.organisationsOf(personId);
      if (!organisations.some((o) => o.id === draft.organisationId))
        return invalid('organisationId', 'portalClaims:errors.organisation');
      if (draft.occurredOn > today()) return invalid('occurredOn', 'portalClaims:errors.future');
      // only what they took part in at the organisation they chose
      const purpose = purposeOf(
        draft.purpose,
        await purposesFor(db, personId, draft.organisationId),
      );
      if (!purpose) return invalid('for', 'portalClaims:errors.purpose');
      return commands.saveDraft(
        {
          organisationId: draft.organisationId,
          occurredOn: draft.occurredOn,
          lines: draft.lines,
          ...purpose,
          personId,
        },
        { accountId: null, via: 'portal' },
      );
    },

    /** Sends or withdraws the person's own claim; false when it changed since it was read. */
    async changeOwnClaim(personId: string, claimId: string, version: number, change: Transition) {
      const claim = await ownClaim(personId, claimId);
      return commands.changeClaim(
        { id: claim.id, organisationId: claim.organisationId, personId },
        version,
        change,
        null,
      );
    },
  };
}

export type PortalClaimsService = ReturnType<typeof createPortalClaimsService>;
