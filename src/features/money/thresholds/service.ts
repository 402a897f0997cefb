import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { canAnywhere, canPlatform } from '#platform/permissions/policy.ts';
import { londonParts } from '#platform/time/london.ts';
import { invalid, ok, type Result } from '#platform/validation/index.ts';
import {
  deleteThreshold,
  findThreshold,
  insertThreshold,
  taxYearsWithThresholds,
  thresholdsOfYear,
  updateThreshold,
  type ThresholdInput,
} from './repository.ts';
import { taxYearOf } from './tax-year.ts';

export interface ThresholdsDependencies {
  db: Database;
  audit: AuditLog;
  now?: () => Date;
}

/** What the audit log keeps of a threshold (no personal data in it). */
const auditDetails = (input: ThresholdInput) => ({
  taxYear: input.taxYear,
  code: input.code,
  amountPence: input.amountPence,
  period: input.period,
  percent: input.percent,
  source: input.sourceNote,
});

/**
 * Benefit thresholds by tax year (issue 11 item 5): national data, read by staff who may see
 * money anywhere, kept by platform administrators (like the glossary) with the source of each
 * figure noted. Every change is audited with the figure and its source.
 */
export function createThresholdsService({
  db,
  audit,
  now = () => new Date(),
}: ThresholdsDependencies) {
  const currentTaxYear = () => taxYearOf(londonParts(now()).date);

  function authoriseRead(actor: Actor) {
    if (!canAnywhere(actor, 'money.view')) throw new HttpError(403);
  }
  function authoriseManage(actor: Actor) {
    if (!canPlatform(actor, 'platform.manage')) throw new HttpError(403);
  }

  /** A threshold to change or delete (platform administrators only). */
  async function thresholdToChange(actor: Actor, id: string) {
    authoriseManage(actor);
    const threshold = await findThreshold(db, id);
    if (!threshold) throw new HttpError(404);
    return threshold;
  }

  const record = (
    actor: Actor,
    trx: Database,
    action: string,
    id: string,
    details: Record<string, unknown>,
  ) =>
    audit.record(
      {
        actorAccountId: actor.id,
        action,
        subjectType: 'benefit_threshold',
        subjectId: id,
        details,
      },
      trx,
    );

  return {
    currentTaxYear,

    /** One tax year's thresholds (this one unless asked) and the years that have any. */
    async listThresholds(actor: Actor, year?: number) {
      authoriseRead(actor);
      const taxYear = year ?? currentTaxYear();
      const [thresholds, years] = await Promise.all([
        thresholdsOfYear(db, taxYear),
        taxYearsWithThresholds(db),
      ]);
      return {
        taxYear,
        thresholds,
        years,
        current: currentTaxYear(),
        canManage: canPlatform(actor, 'platform.manage'),
      };
    },

    /** May the actor add thresholds? (403 otherwise) */
    authoriseManage,
    thresholdToChange,

    async addThreshold(actor: Actor, input: ThresholdInput): Promise<Result<string>> {
      authoriseManage(actor);
      return db.transaction().execute(async (trx) => {
        const id = await insertThreshold(trx, input, actor.id);
        if (!id) return invalid('code', 'thresholds:errors.codeTaken');
        await record(actor, trx, 'money.threshold_added', id, auditDetails(input));
        return ok(id);
      });
    },

    async changeThreshold(
      actor: Actor,
      id: string,
      input: ThresholdInput,
    ): Promise<Result<string>> {
      const before = await thresholdToChange(actor, id);
      return db.transaction().execute(async (trx) => {
        if (!(await updateThreshold(trx, id, input, actor.id)))
          return invalid('code', 'thresholds:errors.codeTaken');
        await record(actor, trx, 'money.threshold_changed', id, {
          ...auditDetails(input),
          before: {
            taxYear: before.taxYear,
            code: before.code,
            amountPence: before.amountPence,
            period: before.period,
            percent: before.percent,
          },
        });
        return ok(id);
      });
    },

    async removeThreshold(actor: Actor, id: string) {
      const before = await thresholdToChange(actor, id);
      return db.transaction().execute(async (trx) => {
        const removed = await deleteThreshold(trx, id);
        if (removed)
          await record(actor, trx, 'money.threshold_removed', id, {
            taxYear: before.taxYear,
            code: before.code,
            amountPence: before.amountPence,
            period: before.period,
            percent: before.percent,
          });
        return before.taxYear;
      });
    },
  };
}

export type ThresholdsService = ReturnType<typeof createThresholdsService>;
