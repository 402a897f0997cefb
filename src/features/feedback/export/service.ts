import { authoriseAt, findOrganisation } from '#features/admin';
import { organisationsInScope } from '#features/register';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { exportStream } from '#platform/exports/download.ts';
import { HttpError } from '#platform/http/errors.ts';
import type { I18n } from '#platform/i18n/i18n.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import { londonMoment, londonParts } from '#platform/time/london.ts';
import { exportRows } from './repository.ts';
import type { ExportRequest } from './schema.ts';
import { writeFeedbackCsv, writeFeedbackXlsx } from './write.ts';

/** The day after a YYYY-MM-DD day. */
const nextDay = (day: string) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

/**
 * The export of feedback items (issue 12, feedback.view): the items received on the days chosen
 * at an organisation and every service below it, that the actor may see (the inbox's rule), as
 * CSV or an XLSX workbook in English or Welsh, streamed as they are read. Formula-looking text is
 * neutralised (`#platform/exports/cells.ts`); contact details and who gave the feedback are never
 * read. Every export is audited (who, where, which days, which file).
 */
export function createFeedbackExport({
  db,
  audit,
  i18n,
}: {
  db: Database;
  audit: AuditLog;
  i18n: I18n;
}) {
  return {
    today: () => londonParts(new Date()).date,

    /** The organisations the actor may export for: where they hold feedback.view, and below. */
    organisationsFor(actor: Actor) {
      const scope = scopeOf(actor, 'feedback.view');
      if (scope !== null && scope.length === 0) throw new HttpError(403);
      return organisationsInScope(db, scope);
    },

    /**
     * Starts the export: checks the actor may see the organisation's feedback, audits it, and
     * returns a stream the rows are written to as they are read (back-pressure respected).
     */
    async startExport(actor: Actor, request: ExportRequest) {
      const organisation = await findOrganisation(db, request.organisationId);
      if (!organisation) throw new HttpError(404);
      authoriseAt(actor, 'feedback.view', organisation);
      await audit.record({
        actorAccountId: actor.id,
        action: 'feedback.exported',
        subjectType: 'organisation',
        subjectId: organisation.id,
        organisationId: organisation.id,
        details: {
          from: request.from,
          to: request.to,
          format: request.format,
          language: request.language,
        },
      });
      const rows = exportRows(db, actor, {
        organisationId: organisation.id,
        from: londonMoment(request.from, '00:00'),
        until: londonMoment(nextDay(request.to), '00:00'),
        language: request.language,
      });
      const file = { language: request.language, t: i18n.t(request.language) };
      const { stream, write } = exportStream();
      const run =
        request.format === 'xlsx'
          ? writeFeedbackXlsx(rows, file, stream)
          : writeFeedbackCsv(rows, file, write).then((n) => (stream.end(), n));
      run.catch((error: unknown) => stream.destroy(error as Error));
      return { stream, organisation };
    },
  };
}

export type FeedbackExport = ReturnType<typeof createFeedbackExport>;
