import type { Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { DB } from '#platform/db/schema.ts';
import { invalid, ok, type Result } from '#platform/validation/index.ts';
import { findInvolvementHours } from '#features/involvement';
import { creditsForHours } from './credits.ts';
import {
  findScheme,
  insertEntry,
  openAccount,
  type Account,
  type NewEntry,
  type Scheme,
} from './repository.ts';

/**
 * Writing to the ledger: every change is one entry in the caller's transaction, audited there.
 * The database moves the balance and refuses one that would go under the scheme's minimum; the
 * checks here only give the person a clear message first.
 */
type Trx = Kysely<DB>;

/** Who made an entry: a member of staff, or the person in the portal. */
export interface Recorder {
  accountId: string | null;
  via: 'staff' | 'portal';
}

/** True when a database error is the ledger refusing the write (a CHECK or trigger). */
export function isRefusal(error: unknown) {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23514' || code === '23505';
}

/** May this amount come out of the account, given the scheme's minimum? */
export const canTake = (account: Pick<Account, 'balance'>, scheme: Scheme, amount: number) =>
  account.balance - amount >= scheme.minBalance;

/** Appends an entry to the person's account (opened if need be) and audits it. */
export async function postEntry(
  trx: Trx,
  audit: AuditLog,
  recorder: Recorder,
  entry: Omit<NewEntry, 'accountId' | 'recordedBy' | 'recordedVia'>,
  details: Record<string, unknown> = {},
) {
  const account = await openAccount(trx, entry.organisationId, entry.personId);
  const written = await insertEntry(trx, {
    ...entry,
    accountId: account.id,
    recordedBy: recorder.accountId,
    recordedVia: recorder.via,
  });
  await audit.record(
    {
      actorAccountId: recorder.accountId,
      action: `money.credits_${entry.kind}`,
      subjectType: 'person',
      subjectId: entry.personId,
      organisationId: entry.organisationId,
      details: { entryId: written.id, amount: entry.amount, via: recorder.via, ...details },
    },
    trx,
  );
  return { ...written, account };
}

/**
 * Awards time credits for one involvement record, in the caller's transaction (a claim where
 * the person chose time credits instead of money calls this). Credits are the record's hours
 * times the scheme's credits per hour, at the scheme of the record's organisation; once per
 * record. The caller has checked the actor may do this at the record's organisation (and may
 * pass it, so that a record elsewhere is refused).
 */
export async function awardCreditsForInvolvement(
  trx: Trx,
  audit: AuditLog,
  input: {
    involvementRecordId: string;
    recordedBy: string | null;
    /** Only a record at this organisation (the one the actor was authorised at). */
    organisationId?: string;
  },
): Promise<Result<{ entryId: string; amount: number; personId: string }>> {
  const record = await findInvolvementHours(trx, input.involvementRecordId);
  if (!record || (input.organisationId && record.organisationId !== input.organisationId))
    return invalid('involvementRecordId', 'credits:errors.noRecord');
  const scheme = await findScheme(trx, record.organisationId);
  if (!scheme?.enabled) return invalid('involvementRecordId', 'credits:errors.noScheme');
  await openAccount(trx, scheme.organisationId, record.personId);
  // the account is locked: a second award of the same record waits, then finds the first
  const earned = await trx
    .selectFrom('credit_entries')
    .select('id')
    .where('kind', '=', 'earned')
    .where('involvement_record_id', '=', record.id)
    .executeTakeFirst();
  if (earned) return invalid('involvementRecordId', 'credits:errors.alreadyAwarded');
  const amount = creditsForHours(record.hoursHundredths, scheme.creditsPerHour);
  if (amount <= 0) return invalid('involvementRecordId', 'credits:errors.noHours');
  const written = await postEntry(
    trx,
    audit,
    { accountId: input.recordedBy, via: 'staff' },
    {
      personId: record.personId,
      organisationId: scheme.organisationId,
      kind: 'earned',
      amount,
      involvementRecordId: record.id,
      occurredOn: record.tookPartOn,
    },
    { involvementRecordId: record.id },
  );
  return ok({ entryId: written.id, amount, personId: record.personId });
}
