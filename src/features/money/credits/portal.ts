import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { PortalPerson } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { invalid, type Result } from '#platform/validation/index.ts';
import { offsetOf, PAGE_SIZE, pageCountOf } from '../paging.ts';
import { donateCredits, spendOnOffer, type Move } from './commands.ts';
import * as repository from './repository.ts';
import { runRefusable } from './service.ts';

/**
 * Time credits in the people's portal: the person's balances, ledger and the offers of their
 * schemes; spending and donating where the scheme allows. Reads of the ledger are audited.
 */
export function createCreditsPortal({ db, audit }: { db: Database; audit: AuditLog }) {
  /** A scheme the person may act in: one they hold an account in, or their own organisation's. */
  async function schemeFor(person: PortalPerson, organisationId: string) {
    const scheme = await repository.findScheme(db, organisationId);
    if (!scheme) throw new HttpError(404);
    const account = await repository.findAccount(db, organisationId, person.id);
    if (!account && person.organisationId !== organisationId) throw new HttpError(404);
    return { scheme, balance: account?.balance ?? 0 };
  }

  async function run(
    person: PortalPerson,
    organisationId: string,
    command: (move: Move) => Promise<Result<string>>,
  ): Promise<Result<string>> {
    const { scheme } = await schemeFor(person, organisationId);
    return runRefusable(
      db,
      (trx) =>
        command({
          trx,
          audit,
          recorder: { accountId: null, via: 'portal' },
          scheme,
          personId: person.id,
        }),
      () => invalid('form', 'credits:errors.refused'),
    );
  }

  return {
    /** The person's balances, a page of their entries and the offers (audited). */
    async ownCredits(person: PortalPerson, page: number) {
      return db.transaction().execute(async (trx) => {
        const accounts = await repository.accountsOfPerson(trx, person.id);
        const own = await repository.findScheme(trx, person.organisationId);
        const schemes = new Set(accounts.map((a) => a.organisationId));
        if (own && !schemes.has(own.organisationId)) schemes.add(own.organisationId);
        const [entries, offers] = await Promise.all([
          repository.entriesPage(trx, { personId: person.id }, PAGE_SIZE, offsetOf(page)),
          repository.activeOffersOf(trx, [...schemes]),
        ]);
        await audit.record(
          {
            actorAccountId: null,
            action: 'money.credits_own_viewed',
            subjectType: 'person',
            subjectId: person.id,
            organisationId: person.organisationId,
            details: { page },
          },
          trx,
        );
        return {
          accounts,
          ownScheme:
            own && !accounts.some((a) => a.organisationId === own.organisationId) ? own : null,
          entries: entries.rows,
          offers,
          page,
          pageCount: pageCountOf(entries.total),
        };
      });
    },

    /** What the spend and donate pages need: the scheme, the balance and the active offers. */
    async ownForm(person: PortalPerson, organisationId: string) {
      const { scheme, balance } = await schemeFor(person, organisationId);
      const offers = await repository.offersOf(db, organisationId, true);
      const organisation = await db
        .selectFrom('organisations')
        .select(['name_en', 'name_cy'])
        .where('id', '=', organisationId)
        .executeTakeFirstOrThrow();
      return { scheme, balance, offers, organisation };
    },

    spend: (person: PortalPerson, organisationId: string, offerId: string) =>
      run(person, organisationId, (move) => spendOnOffer(move, offerId)),

    donate: (person: PortalPerson, organisationId: string, amount: number) =>
      run(person, organisationId, (move) => donateCredits(move, amount, null)),
  };
}

export type CreditsPortal = ReturnType<typeof createCreditsPortal>;
