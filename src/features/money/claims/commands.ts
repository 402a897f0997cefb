import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { failed, invalid, ok, type Result } from '#platform/validation/index.ts';
import { canSeePerson, viewerOf } from '#features/register';
import { ratesInForce } from '../rates/repository.ts';
import { organisationWhere } from '../authorise.ts';
import { priceLines, type LineInput } from './lines.ts';
import { insertLines } from './repository.ts';
import type { ClaimStatus } from './tables.ts';

/** What a claim is for, and its day and lines. */
export interface DraftInput {
  organisationId: string;
  personId: string;
  occurredOn: string;
  meetingInviteeId?: string;
  involvementRecordId?: string;
  opportunityId?: string;
  isAdvance?: boolean;
  lines: LineInput[];
}

/** A unique index refused the row (one claim per attendance or involvement record). */
const duplicate = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';

/**
 * Writes a claim (`write`, its transaction); a second claim for the same attendance or
 * involvement record, refused by a unique index, is an issue on what the claim is `for`.
 */
export async function writeOnce<T>(write: () => Promise<T>): Promise<Result<T>> {
  try {
    return ok(await write());
  } catch (error) {
    if (duplicate(error)) return invalid('for', 'claims:errors.duplicate');
    throw error;
  }
}

/** Which statuses each change is allowed from, and the status it moves to. */
export const transitions = {
  submit: { from: ['draft', 'returned'], to: 'submitted' },
  withdraw: { from: ['draft', 'returned', 'submitted'], to: 'withdrawn' },
} as const satisfies Record<string, { from: readonly ClaimStatus[]; to: ClaimStatus }>;
export type Transition = keyof typeof transitions;

/**
 * Making and moving claims on a person's behalf (money.claim at the organisation). The rates
 * in force on the claim's day are fixed on it (rate_version_id) and copied onto its lines, so
 * rates changed later never alter it. Every change is audited.
 */
export function createClaimCommands({ db, audit }: { db: Database; audit: AuditLog }) {
  /** A draft claim, priced by the rates of its day; one per attendance or involvement record. */
  async function createDraft(actor: Actor, input: DraftInput): Promise<Result<string>> {
    await organisationWhere(db, actor, input.organisationId, 'money.claim');
    if (!(await canSeePerson(db, viewerOf(actor), input.personId))) throw new HttpError(404);
    return saveDraft(input, { accountId: actor.id, via: 'staff' });
  }

  /**
   * Saves a draft claim for whoever the caller has authorised: staff on the person's behalf, or
   * the person themselves in the portal (`accountId` null). Audited against the person.
   */
  async function saveDraft(
    input: DraftInput,
    by: { accountId: string | null; via: 'staff' | 'portal' },
  ): Promise<Result<string>> {
    const rates = await ratesInForce(db, input.organisationId, input.occurredOn);
    if (!rates) return invalid('occurredOn', 'claims:errors.noRates');
    const priced = priceLines(rates, input.lines);
    if (!priced.ok) return failed(priced.issues);
    return writeOnce(() =>
      db.transaction().execute(async (trx) => {
        const claim = await trx
          .insertInto('money_claims')
          .values({
            organisation_id: input.organisationId,
            person_id: input.personId,
            occurred_on: input.occurredOn,
            meeting_invitee_id: input.meetingInviteeId ?? null,
            involvement_record_id: input.involvementRecordId ?? null,
            opportunity_id: input.opportunityId ?? null,
            is_advance: input.isAdvance ?? false,
            rate_version_id: rates.id,
            made_via: by.via,
            created_by: by.accountId,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await insertLines(trx, claim.id, priced.value);
        await audit.record(
          {
            actorAccountId: by.accountId,
            action: 'money.claim_created',
            subjectType: 'person',
            subjectId: input.personId,
            organisationId: input.organisationId,
            details: { claimId: claim.id, lines: priced.value.length, via: by.via },
          },
          trx,
        );
        return claim.id;
      }),
    );
  }

  /** A claim's organisation and person, once the actor may claim there (404: no such claim). */
  async function claimToMove(actor: Actor, claimId: string) {
    const claim = await db
      .selectFrom('money_claims')
      .select(['organisation_id', 'person_id'])
      .where('id', '=', claimId)
      .executeTakeFirst();
    if (!claim) throw new HttpError(404);
    const organisation = await organisationWhere(db, actor, claim.organisation_id, 'money.claim');
    return { organisationId: organisation.id, personId: claim.person_id };
  }

  /**
   * Submits or withdraws a claim if it is still in a status that allows it and nobody has
   * changed it since `version` was read: false when someone has (the caller shows a 409).
   */
  async function moveClaim(
    actor: Actor,
    claimId: string,
    version: number,
    change: Transition,
  ): Promise<boolean> {
    const claim = await claimToMove(actor, claimId);
    return changeClaim({ id: claimId, ...claim }, version, change, actor.id);
  }

  /**
   * Moves a claim the caller has authorised (staff, or the person in the portal with
   * `accountId` null) if it is still in a status that allows it at `version`; false otherwise.
   */
  async function changeClaim(
    claim: { id: string; organisationId: string; personId: string },
    version: number,
    change: Transition,
    accountId: string | null,
  ): Promise<boolean> {
    const { from, to } = transitions[change];
    return db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('money_claims')
        .set((eb) => ({
          status: to,
          version: eb('version', '+', 1),
          updated_at: new Date(),
          ...(to === 'submitted' ? { submitted_at: new Date() } : {}),
        }))
        .where('id', '=', claim.id)
        .where('version', '=', version)
        .where('status', 'in', [...from])
        .executeTakeFirst();
      if (moved.numUpdatedRows === 0n) return false;
      await audit.record(
        {
          actorAccountId: accountId,
          action: change === 'submit' ? 'money.claim_submitted' : 'money.claim_withdrawn',
          subjectType: 'person',
          subjectId: claim.personId,
          organisationId: claim.organisationId,
          details: { claimId: claim.id, byPerson: accountId === null },
        },
        trx,
      );
      return true;
    });
  }

  /** Marks a line's receipt as seen by staff (paper receipts); false when none was needed. */
  async function markReceiptSeen(actor: Actor, claimId: string, lineId: string) {
    const claim = await claimToMove(actor, claimId);
    return db.transaction().execute(async (trx) => {
      const seen = await trx
        .updateTable('money_claim_lines')
        .set({ receipt: 'seen_by_staff', receipt_seen_by: actor.id })
        .where('id', '=', lineId)
        .where('claim_id', '=', claimId)
        .where('receipt', 'in', ['needed', 'uploaded'])
        .executeTakeFirst();
      if (seen.numUpdatedRows === 0n) return false;
      await audit.record(
        {
          actorAccountId: actor.id,
          action: 'money.claim_receipt_seen',
          subjectType: 'person',
          subjectId: claim.personId,
          organisationId: claim.organisationId,
          details: { claimId, lineId },
        },
        trx,
      );
      return true;
    });
  }

  return { createDraft, saveDraft, moveClaim, changeClaim, markReceiptSeen };
}
