import type { Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { DB } from '#platform/db/schema.ts';
import { invalid, ok, type Result } from '#platform/validation/index.ts';
import { canTake, postEntry, type Recorder } from './ledger.ts';
import { findEntry, findOffer, openAccount, type Scheme } from './repository.ts';

/**
 * The ledger's commands, shared by staff pages and the portal: spend on an offer, transfer to
 * another person, donate to the community pot, adjust, reverse. Each runs in the caller's
 * transaction, checks the scheme's rules and the balance, writes entries and audits them.
 */
type Trx = Kysely<DB>;

export interface Move {
  trx: Trx;
  audit: AuditLog;
  recorder: Recorder;
  scheme: Scheme;
  personId: string;
}

const notEnough = (field: string) => invalid<string>(field, 'credits:errors.notEnough');

export async function spendOnOffer(move: Move, offerId: string): Promise<Result<string>> {
  const { trx, scheme, personId } = move;
  if (!scheme.enabled) return invalid('offerId', 'credits:errors.schemeOff');
  const offer = await findOffer(trx, scheme.organisationId, offerId);
  if (!offer || offer.retired) return invalid('offerId', 'credits:errors.offer');
  const account = await openAccount(trx, scheme.organisationId, personId);
  if (!canTake(account, scheme, offer.cost)) return notEnough('offerId');
  const entry = await postEntry(trx, move.audit, move.recorder, {
    personId,
    organisationId: scheme.organisationId,
    kind: 'spent',
    amount: -offer.cost,
    offerId: offer.id,
  });
  return ok(entry.id);
}

export async function donateCredits(
  move: Move,
  amount: number,
  reason: string | null,
): Promise<Result<string>> {
  const { trx, scheme, personId } = move;
  if (!scheme.enabled || !scheme.donationsAllowed)
    return invalid('amount', 'credits:errors.noDonations');
  const account = await openAccount(trx, scheme.organisationId, personId);
  if (!canTake(account, scheme, amount)) return notEnough('amount');
  const entry = await postEntry(trx, move.audit, move.recorder, {
    personId,
    organisationId: scheme.organisationId,
    kind: 'donated',
    amount: -amount,
    reason,
  });
  return ok(entry.id);
}

export async function transferCredits(
  move: Move,
  input: { toPersonId: string; amount: number; reason: string | null },
): Promise<Result<string>> {
  const { trx, scheme, personId } = move;
  if (!scheme.enabled || !scheme.transfersAllowed)
    return invalid('amount', 'credits:errors.noTransfers');
  if (input.toPersonId === personId) return invalid('toPersonId', 'credits:errors.toPerson');
  // lock both accounts in one order, so two opposite transfers cannot deadlock
  const [first, second] = [personId, input.toPersonId].sort();
  await openAccount(trx, scheme.organisationId, first!);
  await openAccount(trx, scheme.organisationId, second!);
  const account = await openAccount(trx, scheme.organisationId, personId);
  if (!canTake(account, scheme, input.amount)) return notEnough('amount');
  const base = { organisationId: scheme.organisationId, reason: input.reason };
  const out = await postEntry(trx, move.audit, move.recorder, {
    ...base,
    personId,
    kind: 'transfer_out',
    amount: -input.amount,
  });
  await postEntry(trx, move.audit, move.recorder, {
    ...base,
    personId: input.toPersonId,
    kind: 'transfer_in',
    amount: input.amount,
    counterpartEntryId: out.id,
  });
  return ok(out.id);
}

/** A correction by staff, up or down, with its reason (the balance's minimum still holds). */
export async function adjustCredits(
  move: Move,
  amount: number,
  reason: string,
): Promise<Result<string>> {
  const { trx, scheme, personId } = move;
  const account = await openAccount(trx, scheme.organisationId, personId);
  if (amount < 0 && !canTake(account, scheme, -amount)) return notEnough('amount');
  const entry = await postEntry(trx, move.audit, move.recorder, {
    personId,
    organisationId: scheme.organisationId,
    kind: 'adjustment',
    amount,
    reason,
  });
  return ok(entry.id);
}

/** Entries that a reversal may undo (the two sides of a transfer are put right by a transfer back). */
export const reversible = (kind: string) =>
  kind === 'earned' || kind === 'spent' || kind === 'donated' || kind === 'adjustment';

/** Undoes one entry in full with a new entry (entries are never changed). */
export async function reverseEntry(
  move: Move,
  entryId: string,
  reason: string,
): Promise<Result<string>> {
  const { trx, scheme, personId } = move;
  const account = await openAccount(trx, scheme.organisationId, personId);
  const entry = await findEntry(trx, scheme.organisationId, entryId);
  if (!entry || entry.personId !== personId || !reversible(entry.kind))
    return invalid('form', 'credits:errors.notReversible');
  if (entry.reversedBy) return invalid('form', 'credits:errors.alreadyReversed');
  if (entry.amount > 0 && !canTake(account, scheme, entry.amount)) return notEnough('form');
  const written = await postEntry(
    trx,
    move.audit,
    move.recorder,
    {
      personId,
      organisationId: scheme.organisationId,
      kind: 'reversal',
      amount: -entry.amount,
      reversesEntryId: entry.id,
      reason,
    },
    { reversesEntryId: entry.id },
  );
  return ok(written.id);
}
