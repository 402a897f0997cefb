import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, scopeOf, type Permission } from '#platform/permissions/policy.ts';
import { invalid, type Result } from '#platform/validation/index.ts';
import { latestInvolvementHours } from '#features/involvement';
import { canSeePerson, namesFor, viewerOf } from '#features/register';
import { offsetOf, PAGE_SIZE, pageCountOf } from '../paging.ts';
import type { OfferInput, SchemeInput } from './repository.ts';
import {
  adjustCredits,
  donateCredits,
  reverseEntry,
  reversible,
  spendOnOffer,
  transferCredits,
  type Move,
} from './commands.ts';
import { awardCreditsForInvolvement, isRefusal } from './ledger.ts';
import * as repository from './repository.ts';
import { organisationWhere } from '../authorise.ts';

/** How many of an organisation's latest involvement records are looked at for credits waiting. */
const WAITING_LOOKED_AT = 60;

export interface CreditsDependencies {
  db: Database;
  audit: AuditLog;
}

type Command = (move: Move) => Promise<Result<string>>;

/**
 * Time credits for staff (issue 11 item 7): the scheme and offers (money.rates), the people's
 * ledgers (money.view; each read audited), awarding, spending, transferring and donating on a
 * person's behalf (money.claim), adjustments and reversals (money.approve).
 */
export function createCreditsService({ db, audit }: CreditsDependencies) {
  async function schemeAt(organisationId: string) {
    const scheme = await repository.findScheme(db, organisationId);
    if (!scheme) throw new HttpError(404);
    return scheme;
  }

  /** The organisation, its scheme and the person (visible to the actor), or 404. */
  async function personAt(actor: Actor, organisationId: string, personId: string, p: Permission) {
    const organisation = await organisationWhere(db, actor, organisationId, p);
    const scheme = await schemeAt(organisation.id);
    const names = await namesFor(db, viewerOf(actor), [personId]);
    const name = names.get(personId);
    if (name === undefined) throw new HttpError(404);
    return { organisation, scheme, name };
  }

  /** Runs a ledger command for a person in one transaction; the database's refusal is an issue. */
  async function run(
    actor: Actor,
    organisationId: string,
    personId: string,
    permission: Permission,
    command: Command,
  ): Promise<Result<string>> {
    const { scheme } = await personAt(actor, organisationId, personId, permission);
    return runRefusable(
      db,
      (trx) =>
        command({ trx, audit, recorder: { accountId: actor.id, via: 'staff' }, scheme, personId }),
      () => invalid('form', 'credits:errors.refused'),
    );
  }

  return {
    async listOrganisations(actor: Actor, page: number) {
      const scope = scopeOf(actor, 'money.view');
      const result = await repository.organisationsPage(db, scope, PAGE_SIZE, offsetOf(page));
      return { ...result, page, pageCount: pageCountOf(result.total) };
    },

    /** The scheme, its offers, a page of people with balances and involvement waiting for credits. */
    async viewScheme(actor: Actor, organisationId: string, page: number) {
      const organisation = await organisationWhere(db, actor, organisationId, 'money.view');
      const scheme = await repository.findScheme(db, organisation.id);
      const may = {
        rates: can(actor, 'money.rates', organisation),
        claim: can(actor, 'money.claim', organisation),
      };
      if (!scheme) return { organisation, scheme, may, offers: [], people: null, waiting: [] };
      const [offers, accounts, donated, latest] = await Promise.all([
        repository.offersOf(db, organisation.id),
        repository.accountsPage(db, organisation.id, PAGE_SIZE, offsetOf(page)),
        repository.donatedTotal(db, organisation.id),
        may.claim && scheme.enabled
          ? latestInvolvementHours(db, {
              organisationId: organisation.id,
              limit: WAITING_LOOKED_AT,
            })
          : Promise.resolve([]),
      ]);
      const awarded = await repository.awardedRecords(
        db,
        latest.map((r) => r.id),
      );
      const names = await namesFor(
        db,
        viewerOf(actor),
        accounts.rows.map((a) => a.personId),
      );
      return {
        organisation,
        scheme,
        may,
        offers,
        donated,
        people: {
          rows: accounts.rows.map((a) => ({ ...a, name: names.get(a.personId) ?? null })),
          page,
          pageCount: pageCountOf(accounts.total),
          total: accounts.total,
        },
        waiting: latest.filter((r) => !awarded.has(r.id)).slice(0, 10),
      };
    },

    async schemeForm(actor: Actor, organisationId: string) {
      const organisation = await organisationWhere(db, actor, organisationId, 'money.rates');
      const scheme = await repository.findScheme(db, organisation.id);
      return { organisation, scheme: scheme ?? repository.defaultScheme, exists: !!scheme };
    },

    /** Sets up or changes the scheme (audited). Refused if a balance is under the new minimum. */
    async saveScheme(actor: Actor, organisationId: string, input: SchemeInput) {
      const organisation = await organisationWhere(db, actor, organisationId, 'money.rates');
      try {
        await db.transaction().execute(async (trx) => {
          await repository.saveScheme(trx, organisation.id, input, actor.id);
          await audit.record(
            {
              actorAccountId: actor.id,
              action: 'money.credits_scheme_set',
              subjectType: 'organisation',
              subjectId: organisation.id,
              organisationId: organisation.id,
              details: { ...input },
            },
            trx,
          );
        });
      } catch (error) {
        if (isRefusal(error))
          return invalid<undefined>('minBalance', 'credits:errors.underMinimum');
        throw error;
      }
      return { ok: true as const, value: undefined };
    },

    async offerForm(actor: Actor, organisationId: string, offerId: string | null) {
      const organisation = await organisationWhere(db, actor, organisationId, 'money.rates');
      await schemeAt(organisation.id);
      const offer = offerId ? await repository.findOffer(db, organisation.id, offerId) : null;
      if (offer === undefined) throw new HttpError(404);
      return { organisation, offer };
    },

    /** Adds an offer, or changes or retires one (audited). */
    async saveOffer(
      actor: Actor,
      organisationId: string,
      offerId: string | null,
      input: OfferInput,
    ) {
      const { organisation } = await this.offerForm(actor, organisationId, offerId);
      return db.transaction().execute(async (trx) => {
        const id = offerId ?? (await repository.insertOffer(trx, organisation.id, input, actor.id));
        if (offerId) await repository.updateOffer(trx, organisation.id, offerId, input);
        await audit.record(
          {
            actorAccountId: actor.id,
            action: offerId ? 'money.credits_offer_changed' : 'money.credits_offer_added',
            subjectType: 'organisation',
            subjectId: organisation.id,
            organisationId: organisation.id,
            details: { offerId: id, cost: input.cost, retired: input.retired },
          },
          trx,
        );
        return id;
      });
    },

    /** A person's ledger in the scheme (an audited read of their record). */
    async viewLedger(actor: Actor, organisationId: string, personId: string, page: number) {
      const { organisation, scheme, name } = await personAt(
        actor,
        organisationId,
        personId,
        'money.view',
      );
      return db.transaction().execute(async (trx) => {
        const account = await repository.findAccount(trx, organisation.id, personId);
        const entries = account
          ? await repository.entriesPage(trx, { accountId: account.id }, PAGE_SIZE, offsetOf(page))
          : { rows: [], total: 0 };
        const others = entries.rows.flatMap((e) =>
          e.counterpartPersonId ? [e.counterpartPersonId] : [],
        );
        const counterparts = await namesFor(trx, viewerOf(actor), others);
        const may = {
          claim: can(actor, 'money.claim', organisation),
          approve: can(actor, 'money.approve', organisation),
        };
        const latest =
          may.claim && scheme.enabled
            ? await latestInvolvementHours(trx, {
                organisationId: organisation.id,
                personId,
                limit: 20,
              })
            : [];
        const awarded = await repository.awardedRecords(
          trx,
          latest.map((r) => r.id),
        );
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'money.credits_viewed',
            subjectType: 'person',
            subjectId: personId,
            organisationId: organisation.id,
            details: { page },
          },
          trx,
        );
        return {
          organisation,
          scheme,
          name,
          balance: account?.balance ?? 0,
          may,
          entries: entries.rows.map((e) => ({
            ...e,
            counterpartName: e.counterpartPersonId
              ? (counterparts.get(e.counterpartPersonId) ?? null)
              : null,
            reversible: may.approve && reversible(e.kind) && !e.reversedBy,
          })),
          page,
          pageCount: pageCountOf(entries.total),
          waiting: latest.filter((r) => !awarded.has(r.id)),
        };
      });
    },

    /** What a form to move a person's credits needs: balance, offers, people to transfer to. */
    async moveForm(actor: Actor, organisationId: string, personId: string, permission: Permission) {
      const { organisation, scheme, name } = await personAt(
        actor,
        organisationId,
        personId,
        permission,
      );
      const [account, offers, holders] = await Promise.all([
        repository.findAccount(db, organisation.id, personId),
        repository.offersOf(db, organisation.id, true),
        repository.otherHolders(db, organisation.id, personId),
      ]);
      const names = await namesFor(db, viewerOf(actor), holders);
      const recipients = [...names].map(([id, text]) => ({ id, name: text }));
      recipients.sort((a, b) => a.name.localeCompare(b.name));
      return { organisation, scheme, name, balance: account?.balance ?? 0, offers, recipients };
    },

    /** Awards credits for an involvement record at the organisation (audited; once per record). */
    async award(
      actor: Actor,
      organisationId: string,
      involvementRecordId: string,
    ): Promise<Result<{ entryId: string; amount: number; personId: string }>> {
      const organisation = await organisationWhere(db, actor, organisationId, 'money.claim');
      return runRefusable(
        db,
        (trx) =>
          awardCreditsForInvolvement(trx, audit, {
            involvementRecordId,
            recordedBy: actor.id,
            organisationId: organisation.id,
          }),
        () => invalid('involvementRecordId', 'credits:errors.alreadyAwarded'),
      );
    },

    spend: (actor: Actor, organisationId: string, personId: string, offerId: string) =>
      run(actor, organisationId, personId, 'money.claim', (move) => spendOnOffer(move, offerId)),

    transfer: (
      actor: Actor,
      organisationId: string,
      personId: string,
      input: { toPersonId: string; amount: number; reason: string | null },
    ) =>
      run(actor, organisationId, personId, 'money.claim', async (move) => {
        if (!(await canSeePerson(move.trx, viewerOf(actor), input.toPersonId)))
          return invalid('toPersonId', 'credits:errors.toPerson');
        return transferCredits(move, input);
      }),

    donate: (
      actor: Actor,
      organisationId: string,
      personId: string,
      input: { amount: number; reason: string | null },
    ) =>
      run(actor, organisationId, personId, 'money.claim', (move) =>
        donateCredits(move, input.amount, input.reason),
      ),

    adjust: (
      actor: Actor,
      organisationId: string,
      personId: string,
      input: { amount: number; reason: string },
    ) =>
      run(actor, organisationId, personId, 'money.approve', (move) =>
        adjustCredits(move, input.amount, input.reason),
      ),

    /** The entry to confirm reversing (money.approve), or 404. */
    async entryToReverse(actor: Actor, organisationId: string, personId: string, entryId: string) {
      const found = await personAt(actor, organisationId, personId, 'money.approve');
      const entry = await repository.findEntry(db, found.organisation.id, entryId);
      if (!entry || entry.personId !== personId) throw new HttpError(404);
      return { ...found, entry };
    },

    reverse: (
      actor: Actor,
      organisationId: string,
      personId: string,
      entryId: string,
      reason: string,
    ) =>
      run(actor, organisationId, personId, 'money.approve', (move) =>
        reverseEntry(move, entryId, reason),
      ),
  };
}

/** A command's refusal, thrown to roll its transaction back and caught to return it. */
export class Refused<T> extends Error {
  readonly result: Result<T>;
  constructor(result: Result<T>) {
    super('refused');
    this.result = result;
  }
}

/**
 * Runs a ledger command in one transaction: the command's refusal rolls it back and is returned;
 * the database's refusal (`isRefusal`: a balance or once-only rule) is returned as `refused()`.
 */
export async function runRefusable<T>(
  db: Database,
  command: (trx: Database) => Promise<Result<T>>,
  refused: () => Result<T>,
): Promise<Result<T>> {
  try {
    return await db.transaction().execute(async (trx) => {
      const result = await command(trx);
      if (!result.ok) throw new Refused(result);
      return result;
    });
  } catch (error) {
    if (error instanceof Refused) return error.result;
    if (isRefusal(error)) return refused();
    throw error;
  }
}

export type CreditsService = ReturnType<typeof createCreditsService>;
