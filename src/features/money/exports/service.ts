import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { exportStream } from '#platform/exports/download.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, canAnywhere, scopeOf } from '#platform/permissions/policy.ts';
import { londonParts } from '#platform/time/london.ts';
import { organisationsInScope } from '#features/register';
import { organisationWhere } from '../authorise.ts';
import { writeFinanceCsv } from './csv.ts';
import { writeFinanceTotalsCsv } from './totals.ts';
import { writeFinanceXlsx } from './xlsx.ts';

export const exportFormats = ['csv', 'totals', 'xlsx'] as const;
export type ExportFormat = (typeof exportFormats)[number];

export interface ExportRequest {
  organisationId: string;
  from: string;
  to: string;
  format: ExportFormat;
  names: boolean;
}

/**
 * Finance exports (issue 11 item 8, money.pay): the lines of the claims paid in a period at an
 * organisation and below it, as CSV (lines, or totals by organisation and activity) or an XLSX
 * workbook with both, streamed as they are read. People appear by a pseudonymous reference, by
 * name only for those who hold money.names. Every export is audited (who, where, when, what).
 */
export function createExportsService({ db, audit }: { db: Database; audit: AuditLog }) {
  return {
    today: () => londonParts(new Date()).date,

    /** The organisations the actor may export for, and whether they may include names. */
    async formFor(actor: Actor) {
      const scope = scopeOf(actor, 'money.pay');
      if (scope !== null && scope.length === 0) throw new HttpError(403);
      const organisations = await organisationsInScope(db, scope);
      return {
        organisations,
        mayName: canAnywhere(actor, 'money.names'),
      };
    },

    /**
     * Starts the export: checks the actor may export there (and see names, if asked), audits it,
     * and returns a stream the rows are written to as they are read (back-pressure respected).
     */
    async startExport(actor: Actor, request: ExportRequest) {
      const organisation = await organisationWhere(db, actor, request.organisationId, 'money.pay');
      const names = request.names && can(actor, 'money.names', organisation);
      await audit.record({
        actorAccountId: actor.id,
        action: 'money.finance_exported',
        subjectType: 'organisation',
        subjectId: organisation.id,
        organisationId: organisation.id,
        details: { from: request.from, to: request.to, format: request.format, names },
      });
      const scope = { organisationId: organisation.id, from: request.from, to: request.to };
      const { stream, write } = exportStream();
      const run =
        request.format === 'xlsx'
          ? writeFinanceXlsx(db, scope, names, stream)
          : request.format === 'totals'
            ? writeFinanceTotalsCsv(db, scope, write).then((n) => (stream.end(), n))
            : writeFinanceCsv(db, scope, names, write).then((n) => (stream.end(), n));
      run.catch((error: unknown) => stream.destroy(error as Error));
      return { stream, organisation };
    },
  };
}

export type ExportsService = ReturnType<typeof createExportsService>;
