import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { failed, invalid, type Result } from '#platform/validation/index.ts';
import { namesFor, viewerOf } from '#features/register';
import { ratesInForce, rateVersion } from '../rates/repository.ts';
import { organisationWhere } from '../authorise.ts';
import { writeOnce } from './commands.ts';
import { priceLines, type LineInput, type PricedLine } from './lines.ts';
import { purposesFor, purposeValue, type Purpose } from './purposes.ts';
import { findClaim, type ClaimLine } from './repository.ts';

/** The highest line position the table allows (money_claim_lines_position_check). */
const LINE_LIMIT = 50;

/** Statuses in which staff may still change a claim's day and lines. */
export const changeable = ['draft', 'returned'] as const;

export interface ChangeInput extends Purpose {
  occurredOn: string;
  isAdvance: boolean;
  lines: LineInput[];
}

/** A line kept as it was when it is priced the same (its receipt stays with it). */
const sameLine = (old: ClaimLine, line: PricedLine) =>
  old.kind === line.kind &&
  old.amountPence === line.amount_pence &&
  (old.miles ?? null) === (line.miles ?? null) &&
  (old.vehicle ?? null) === (line.vehicle ?? null) &&
  (old.unitsHundredths ?? null) === (line.units_hundredths ?? null) &&
  (old.paymentActivityEn ?? null) === (line.payment_activity_en ?? null) &&
  (old.reason ?? null) === (line.reason ?? null);

/**
 * Changing a draft or returned claim on the person's behalf (money.claim at its organisation):
 * its purpose, day, advance and lines. The claim keeps the rates fixed on it unless its day
 * moves (then the rates in force on the new day apply). Lines priced as before are kept with
 * their receipts; the others are replaced. Only at the version read: someone else's change in
 * between gives `ok(false)` (the caller shows a 409). Audited with what changed.
 */
export function createEditCommands({ db, audit }: { db: Database; audit: AuditLog }) {
  async function claimToChange(actor: Actor, claimId: string) {
    const claim = await findClaim(db, claimId);
    if (!claim) throw new HttpError(404);
    await organisationWhere(db, actor, claim.organisationId, 'money.claim');
    return claim;
  }

  /** What the form to change a claim needs (undefined when it can no longer be changed). */
  async function changeForm(actor: Actor, claimId: string) {
    const claim = await claimToChange(actor, claimId);
    const [names, rates, purposes] = await Promise.all([
      namesFor(db, viewerOf(actor), [claim.personId]),
      rateVersion(db, claim.rateVersionId),
      purposesFor(db, claim.personId, claim.organisationId),
    ]);
    const name = names.get(claim.personId);
    if (name === undefined) throw new HttpError(404);
    return {
      claim,
      name,
      changeable: (changeable as readonly string[]).includes(claim.status),
      paymentRates: rates?.paymentRates ?? [],
      purposes,
      keptPurpose: purposeValue(claim),
    };
  }

  async function changeDraft(
    actor: Actor,
    claimId: string,
    version: number,
    input: ChangeInput,
  ): Promise<Result<boolean>> {
    const claim = await claimToChange(actor, claimId);
    const rates =
      input.occurredOn === claim.occurredOn
        ? await rateVersion(db, claim.rateVersionId)
        : await ratesInForce(db, claim.organisationId, input.occurredOn);
    if (!rates) return invalid('occurredOn', 'claims:errors.noRates');
    const priced = priceLines(rates, input.lines);
    if (!priced.ok) return failed(priced.issues);
    return writeOnce(() =>
      db.transaction().execute(async (trx) => {
        const moved = await trx
          .updateTable('money_claims')
          .set((eb) => ({
            occurred_on: input.occurredOn,
            is_advance: input.isAdvance,
            rate_version_id: rates.id,
            meeting_invitee_id: input.meetingInviteeId ?? null,
            involvement_record_id: input.involvementRecordId ?? null,
            opportunity_id: input.opportunityId ?? null,
            version: eb('version', '+', 1),
            updated_at: new Date(),
          }))
          .where('id', '=', claim.id)
          .where('version', '=', version)
          .where('status', 'in', [...changeable])
          .executeTakeFirst();
        if (moved.numUpdatedRows === 0n) return false;
        // keep each old line priced the same as a new one (first match), replace the rest
        const kept = new Map<number, string>();
        const free = [...claim.lines];
        priced.value.forEach((line, i) => {
          const at = free.findIndex((old) => sameLine(old, line));
          if (at >= 0) kept.set(i, free.splice(at, 1)[0]!.id);
        });
        const removed = free.filter((l) => l.receipt === 'uploaded').length;
        if (free.length)
          await trx
            .deleteFrom('money_claim_lines')
            .where(
              'id',
              'in',
              free.map((l) => l.id),
            )
            .execute();
        // out of the way of the (claim, position) key (kept lines first, in the order they
        // will have), then into place
        let spare = LINE_LIMIT;
        for (const id of kept.values())
          await trx
            .updateTable('money_claim_lines')
            .set({ position: (spare -= 1) })
            .where('id', '=', id)
            .execute();
        for (const [i, id] of kept)
          await trx
            .updateTable('money_claim_lines')
            .set({ position: i + 1 })
            .where('id', '=', id)
            .execute();
        const added = priced.value.flatMap((l, i) =>
          kept.has(i) ? [] : [{ ...l, claim_id: claim.id, position: i + 1 }],
        );
        if (added.length) await trx.insertInto('money_claim_lines').values(added).execute();
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'money.claim_changed',
            subjectType: 'person',
            subjectId: claim.personId,
            organisationId: claim.organisationId,
            details: {
              claimId: claim.id,
              lines: priced.value.length,
              linesKept: kept.size,
              receiptsRemoved: removed,
              ratesChanged: rates.id !== claim.rateVersionId,
            },
          },
          trx,
        );
        return true;
      }),
    );
  }

  return { changeForm, changeDraft };
}
