import { sql, type Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import { appendAuditBatch } from '#platform/audit/audit-batch.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { ContactService } from '#features/register';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import type { I18n } from '#platform/i18n/i18n.ts';
import { visibleTo } from '#features/register';
import { viewerOf } from '#features/register';
import { fairnessFlags, placesHeld, spreadOf, type FairnessFlag } from './fairness.ts';
import { reasonForPerson } from './reasons.ts';
import * as repository from './repository.ts';
import type { Decision, FieldErrors, InterestInput, RecordInterestInput } from './schema.ts';

export type { OpportunityRow, PortalPersonRow } from './repository.ts';
export const PAGE_SIZE = repository.PAGE_SIZE;

/** Staff can take interest and decide while an opportunity is open or closed (not draft, done or cancelled). */
export const decidingStatuses: readonly string[] = ['open', 'closed'];

export interface Applicant extends repository.ApplicantRow {
  recentPlaces: number;
  flags: FairnessFlag[];
}

/** Message templates (locales/<lang>/notify.json) for each decision. */
const templates = {
  selected: 'selectionSelected',
  backup: 'selectionBackup',
  not_selected: 'selectionNotSelected',
} as const;

export type TellSummary = { queued: number; blocked: number };

/**
 * Expressions of interest and fair, transparent selection (issue 4 item 3). Every command is one
 * transaction with its audit entries inside it; every read of named applicants is audited, one
 * entry per person shown.
 */
export function createSelectionService(deps: {
  db: Database;
  audit: AuditLog;
  contact: ContactService;
  i18n: I18n;
  publicUrl: string;
}) {
  const { db, audit, contact, i18n } = deps;

  const auditPerson = (
    trx: Kysely<DB>,
    actorAccountId: string | null,
    action: string,
    personId: string,
    organisationId: string,
    details: Record<string, unknown>,
  ) =>
    audit.record(
      {
        actorAccountId,
        action,
        subjectType: 'person',
        subjectId: personId,
        organisationId,
        details: actorAccountId === null ? { ...details, by: 'person' } : details,
      },
      trx,
    );

  return {
    PAGE_SIZE,

    findOpportunity: (id: string) => repository.findOpportunity(db, id),

    // ------------------------------------------------------------ the portal

    /** The signed-in person as selection needs them (kind, status, organisations). */
    async portalPerson(personId: string) {
      const person = await repository.findPortalPerson(db, personId);
      if (!person || person.erased) throw new HttpError(404);
      return person;
    },

    /** Open opportunities for the person; none while they are paused or have moved on. */
    async openOpportunities(person: repository.PortalPersonRow, page: number) {
      const interests = await repository.interestsOfPerson(db, person.id);
      if (person.status !== 'active') return { rows: [], total: 0, interests };
      const result = await repository.openOpportunitiesFor(db, person, page);
      return { ...result, interests };
    },

    /** One opportunity in the portal (open for them, or one they applied to), and their interest in it. */
    async portalOpportunity(person: repository.PortalPersonRow, id: string) {
      const opportunity = await repository.portalOpportunity(db, person, id);
      if (!opportunity) throw new HttpError(404);
      const interest = await repository.interestOf(db, person.id, id);
      return { opportunity, interest };
    },

    /**
     * The person says they are interested (or again, after withdrawing). A paused person cannot.
     * A double submit changes nothing.
     */
    async expressInterest(
      person: repository.PortalPersonRow,
      opportunityId: string,
      input: InterestInput,
    ): Promise<{ ok: true } | { ok: false; error: 'paused' | 'closed' | 'decided' }> {
      if (person.status !== 'active') return { ok: false, error: 'paused' };
      return db.transaction().execute(async (trx) => {
        const opportunity = await repository.portalOpportunity(trx, person, opportunityId);
        if (!opportunity) throw new HttpError(404);
        if (!opportunity.open_for_person) return { ok: false, error: 'closed' };
        const saved = await sql<{ id: string }>`insert into expressions_of_interest
            (opportunity_id, person_id, method, note, support_needed)
          values (${opportunityId}, ${person.id}, 'portal', ${input.note}, ${input.support})
          on conflict (opportunity_id, person_id) do update
            set status = 'interested', note = excluded.note,
              support_needed = excluded.support_needed, decision_reason = null,
              decision_reason_for_person = null,
              decision_note = null, decided_by = null, decided_at = null, told_at = null,
              updated_at = now()
            where expressions_of_interest.status = 'withdrawn'
          returning id`.execute(trx);
        if (!saved.rows[0]) {
          // already interested (a double submit): nothing changes; already decided: say so
          const existing = await repository.interestOf(trx, person.id, opportunityId);
          return existing?.status === 'interested' ? { ok: true } : { ok: false, error: 'decided' };
        }
        await auditPerson(trx, null, 'interest.expressed', person.id, opportunity.organisation_id, {
          opportunityId,
          interestId: saved.rows[0].id,
        });
        return { ok: true };
      });
    },

    /** The person no longer wants to take part (whatever was decided; staff see it at once). */
    async withdrawInterest(person: repository.PortalPersonRow, opportunityId: string) {
      await db.transaction().execute(async (trx) => {
        const opportunity = await repository.portalOpportunity(trx, person, opportunityId);
        if (!opportunity) throw new HttpError(404);
        const changed = await trx
          .updateTable('expressions_of_interest')
          .set({ status: 'withdrawn', updated_at: new Date() })
          .where('opportunity_id', '=', opportunityId)
          .where('person_id', '=', person.id)
          .where('status', '<>', 'withdrawn')
          .returning('id')
          .executeTakeFirst();
        if (!changed) return;
        await auditPerson(trx, null, 'interest.withdrawn', person.id, opportunity.organisation_id, {
          opportunityId,
          interestId: changed.id,
        });
      });
    },

    // ------------------------------------------------------------ staff

    /** People staff may record interest for: those they may see, connected to the organisation. */
    async recordInterest(
      actor: Actor,
      opportunity: repository.OpportunityRow,
      input: RecordInterestInput,
    ): Promise<{ ok: true; personName: string } | { ok: false; errors: FieldErrors }> {
      if (!decidingStatuses.includes(opportunity.status))
        return { ok: false, errors: { form: 'selection:errors.opportunity.notTaking' } };
      return db.transaction().execute(async (trx) => {
        const candidate = await repository.findCandidate(
          trx,
          viewerOf(actor),
          input.personId,
          opportunity,
        );
        if (!candidate)
          return { ok: false, errors: { personId: 'selection:errors.person.required' } };
        if (!candidate.in_audience)
          return { ok: false, errors: { personId: 'selection:errors.person.notInAudience' } };
        if (candidate.status !== 'active')
          return { ok: false, errors: { personId: 'selection:errors.person.paused' } };
        const saved = await sql<{ id: string }>`insert into expressions_of_interest
            (opportunity_id, person_id, method, note, support_needed, created_by)
          values (${opportunity.id}, ${candidate.id}, ${input.method}, ${input.note},
            ${input.support}, ${actor.id})
          on conflict (opportunity_id, person_id) do update
            set status = 'interested', method = excluded.method, note = excluded.note,
              support_needed = excluded.support_needed, created_by = excluded.created_by,
              decision_reason = null, decision_reason_for_person = null, decision_note = null, decided_by = null,
              decided_at = null, told_at = null, updated_at = now()
            where expressions_of_interest.status = 'withdrawn'
          returning id`.execute(trx);
        if (!saved.rows[0])
          return { ok: false, errors: { personId: 'selection:errors.person.already' } };
        await auditPerson(
          trx,
          actor.id,
          'interest.recorded',
          candidate.id,
          opportunity.organisation_id,
          { opportunityId: opportunity.id, interestId: saved.rows[0].id, method: input.method },
        );
        return { ok: true, personName: candidate.display_name };
      });
    },

    /**
     * The selection screen: a page of applicants with their history and fairness flags, the
     * totals, and how the recent places were spread. Every applicant shown is audited.
     */
    async selectionScreen(actor: Actor, opportunity: repository.OpportunityRow, page: number) {
      const rows = await repository.applicants(db, viewerOf(actor), opportunity.id, page);
      const { counts, toTell, recent } = await repository.screenSummary(
        db,
        opportunity.id,
        opportunity.organisation_id,
      );
      const held = placesHeld(recent);
      const applicantsShown: Applicant[] = rows.map((row) => {
        const recentPlaces = held.get(row.person_id) ?? 0;
        return {
          ...row,
          recentPlaces,
          flags: fairnessFlags({
            recentPlaces,
            timesSelected: row.times_selected,
            timesDecided: row.times_decided,
          }),
        };
      });
      if (applicantsShown.length)
        await db.transaction().execute((trx) =>
          appendAuditBatch(
            trx,
            applicantsShown.map((a) => ({
              actorAccountId: actor.id,
              action: 'selection.viewed',
              subjectType: 'person',
              subjectId: a.person_id,
              organisationId: opportunity.organisation_id,
              details: { opportunityId: opportunity.id },
            })),
          ),
        );
      const active = counts.interested + counts.selected + counts.backup + counts.not_selected;
      return {
        applicants: applicantsShown,
        counts,
        toTell,
        total: active,
        pageCount: Math.max(1, Math.ceil(active / PAGE_SIZE)),
        spread: spreadOf(recent),
      };
    },

    /**
     * Records the decisions of one page of the selection form. More people selected than there are
     * places (or back-ups than back-up places), counting the other pages too: nothing is saved.
     * A changed decision is told again.
     */
    async decide(
      actor: Actor,
      opportunity: repository.OpportunityRow,
      decisions: Decision[],
    ): Promise<{ ok: true; changed: number } | { ok: false; errors: FieldErrors }> {
      if (!decidingStatuses.includes(opportunity.status))
        return { ok: false, errors: { form: 'selection:errors.opportunity.notDeciding' } };
      const tooMany = new Error('too many');
      let problem: FieldErrors = {};
      try {
        return await db.transaction().execute(async (trx) => {
          await repository.lockOpportunity(trx, opportunity.id);
          const ids = decisions.map((d) => d.interestId);
          const current = ids.length
            ? await trx
                .selectFrom('expressions_of_interest as e')
                .innerJoin('people as p', 'p.id', 'e.person_id')
                .select([
                  'e.id',
                  'e.person_id',
                  'e.status',
                  'e.decision_reason',
                  'e.decision_reason_for_person',
                  'e.decision_note',
                ])
                .where('e.opportunity_id', '=', opportunity.id)
                .where('e.id', 'in', ids)
                .where('e.status', '<>', 'withdrawn')
                .where(visibleTo(viewerOf(actor), 'p'))
                .execute()
            : [];
          const byId = new Map(current.map((row) => [row.id, row]));
          let changed = 0;
          const now = new Date();
          // someone else decided about an applicant since this page was shown: saving it would
          // undo their decision without anyone seeing it, so nothing is saved
          if (
            decisions.some((d) => {
              const row = byId.get(d.interestId);
              return row && d.shown !== undefined && row.status !== d.shown;
            })
          ) {
            problem = { form: 'selection:errors.changedMeanwhile' };
            throw tooMany;
          }
          for (const decision of decisions) {
            const row = byId.get(decision.interestId);
            if (!row) continue; // withdrawn meanwhile, or not this opportunity's
            const status = decision.status ?? 'interested';
            if (
              row.status === status &&
              row.decision_reason === decision.reason &&
              row.decision_reason_for_person === decision.reasonForPerson &&
              row.decision_note === decision.note
            )
              continue;
            const statusChanged = row.status !== status;
            await trx
              .updateTable('expressions_of_interest')
              .set({
                status,
                decision_reason: decision.reason,
                decision_reason_for_person: decision.reasonForPerson,
                decision_note: decision.note,
                decided_by: decision.status ? actor.id : null,
                decided_at: decision.status ? now : null,
                ...(statusChanged ? { told_at: null } : {}),
                updated_at: now,
              })
              .where('id', '=', row.id)
              .execute();
            await auditPerson(
              trx,
              actor.id,
              'selection.decided',
              row.person_id,
              opportunity.organisation_id,
              {
                opportunityId: opportunity.id,
                interestId: row.id,
                status,
                reason: decision.reason,
              },
            );
            changed += 1;
          }
          const { counts } = await repository.statusCounts(trx, opportunity.id);
          if (counts.selected > opportunity.places)
            problem.form = 'selection:errors.decision.tooManySelected';
          else if (counts.backup > opportunity.backups)
            problem.form = 'selection:errors.decision.tooManyBackups';
          if (problem.form) throw tooMany;
          return { ok: true as const, changed };
        });
      } catch (error) {
        if (error !== tooMany) throw error;
        const errors = problem;
        problem = {};
        return { ok: false, errors };
      }
    },

    /**
     * Tells everyone decided and not yet told, through the safe-contact function, in their own
     * language: selected and back-ups what happens next, others thanks and the reason. These are
     * answers to the person's own request, so they go as messages about their record (allowed
     * while paused; not if they left the register). Returns how many were queued and how many
     * need a member of staff (or could not be reached).
     */
    async tellPeople(actor: Actor, opportunity: repository.OpportunityRow): Promise<TellSummary> {
      return db.transaction().execute(async (trx) => {
        await repository.lockOpportunity(trx, opportunity.id);
        const rows = await repository.decidedNotTold(trx, opportunity.id);
        const summary: TellSummary = { queued: 0, blocked: 0 };
        const now = new Date();
        const entries = [];
        for (const row of rows) {
          const lang = row.preferred_language;
          const t = i18n.t(lang);
          const result = await contact.contactPerson(trx, {
            personId: row.person_id,
            organisationId: opportunity.organisation_id,
            template: templates[row.status],
            purpose: 'record',
            personalisation: {
              name: row.display_name,
              opportunity: lang === 'cy' ? opportunity.title_cy : opportunity.title_en,
              organisation:
                lang === 'cy' ? opportunity.organisation_name_cy : opportunity.organisation_name_en,
              reason: reasonForPerson(t, row),
              link: `${deps.publicUrl}/portal/opportunities/${opportunity.id}`,
            },
          });
          summary[result.status === 'queued' ? 'queued' : 'blocked'] += 1;
          entries.push({
            actorAccountId: actor.id,
            action: 'selection.told',
            subjectType: 'person',
            subjectId: row.person_id,
            organisationId: opportunity.organisation_id,
            details: {
              opportunityId: opportunity.id,
              status: row.status,
              outcome: result.status === 'queued' ? 'queued' : result.reason,
            },
          });
        }
        if (rows.length)
          await trx
            .updateTable('expressions_of_interest')
            .set({ told_at: now })
            .where(
              'id',
              'in',
              rows.map((r) => r.id),
            )
            .execute();
        await appendAuditBatch(trx, entries);
        return summary;
      });
    },
  };
}

export type SelectionService = ReturnType<typeof createSelectionService>;
