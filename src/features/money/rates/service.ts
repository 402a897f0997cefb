import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, scopeOf } from '#platform/permissions/policy.ts';
import { londonParts } from '#platform/time/london.ts';
import { invalid, ok, type Result } from '#platform/validation/index.ts';
import { organisationWhere } from '../authorise.ts';
import {
  deleteFutureVersion,
  findVersion,
  insertVersion,
  organisationsPage,
  ratesInForce,
  versionsOf,
  type VersionInput,
} from './repository.ts';

export interface RatesDependencies {
  db: Database;
  audit: AuditLog;
  now?: () => Date;
}

/**
 * Rates and rules for expenses and involvement payments (issue 11 item 1), per organisation and
 * dated: seeing them needs money.view at the organisation, setting them money.rates. A new
 * version takes effect from a day, today or later; versions already in force are never changed,
 * and one not yet in force may be withdrawn. Every change is audited with who and why.
 */
export function createRatesService({ db, audit, now = () => new Date() }: RatesDependencies) {
  const today = () => londonParts(now()).date;

  /** A version that has not taken effect, to confirm withdrawing it (money.rates). */
  async function versionToWithdraw(actor: Actor, organisationId: string, versionId: string) {
    const organisation = await organisationWhere(db, actor, organisationId, 'money.rates');
    const version = await findVersion(db, versionId);
    if (!version || version.organisationId !== organisation.id) throw new HttpError(404);
    return { organisation, version, inForce: version.effectiveFrom <= today() };
  }

  return {
    /** One page of the organisations whose rates the actor may see. */
    listOrganisations(actor: Actor, page: number) {
      return organisationsPage(db, scopeOf(actor, 'money.view'), page);
    },

    /** An organisation's rates: those in force today (its own or inherited), and its history. */
    async viewRates(actor: Actor, organisationId: string) {
      const organisation = await organisationWhere(db, actor, organisationId, 'money.view');
      const day = today();
      const [inForce, versions] = await Promise.all([
        ratesInForce(db, organisation.id, day),
        versionsOf(db, organisation.id),
      ]);
      return {
        organisation,
        today: day,
        inForce,
        versions,
        canSet: can(actor, 'money.rates', organisation),
      };
    },

    /** What the form for new rates starts from: the rates in force today, if any. */
    async rateForm(actor: Actor, organisationId: string) {
      const organisation = await organisationWhere(db, actor, organisationId, 'money.rates');
      return {
        organisation,
        today: today(),
        inForce: await ratesInForce(db, organisation.id, today()),
      };
    },

    /** Sets new rates from a day (audited, with the note as the reason). */
    async setRates(
      actor: Actor,
      organisationId: string,
      input: VersionInput,
    ): Promise<Result<string>> {
      const organisation = await organisationWhere(db, actor, organisationId, 'money.rates');
      if (input.effectiveFrom < today())
        return invalid('effectiveFrom', 'rates:errors.effectiveFromPast');
      return db.transaction().execute(async (trx) => {
        const id = await insertVersion(trx, organisation.id, input, actor.id);
        if (!id) return invalid('effectiveFrom', 'rates:errors.effectiveFromTaken');
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'money.rates_set',
            subjectType: 'organisation',
            subjectId: organisation.id,
            organisationId: organisation.id,
            details: {
              versionId: id,
              effectiveFrom: input.effectiveFrom,
              reason: input.note,
              paymentRates: input.paymentRates.length,
            },
          },
          trx,
        );
        return ok(id);
      });
    },

    versionToWithdraw,

    /**
     * Withdraws a version before it takes effect (audited). False, and nothing changed, when the
     * version is already in force.
     */
    async withdrawVersion(actor: Actor, organisationId: string, versionId: string) {
      const { organisation, version } = await versionToWithdraw(actor, organisationId, versionId);
      return db.transaction().execute(async (trx) => {
        const removed = await deleteFutureVersion(trx, version.id, today());
        if (!removed) return false;
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'money.rates_withdrawn',
            subjectType: 'organisation',
            subjectId: organisation.id,
            organisationId: organisation.id,
            details: { versionId: version.id, effectiveFrom: removed.effectiveFrom },
          },
          trx,
        );
        return true;
      });
    },
  };
}

export type RatesService = ReturnType<typeof createRatesService>;
