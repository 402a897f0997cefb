import { sql } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import { HttpError } from '#platform/http/errors.ts';
import { recordInvolvement } from '../records/repository.ts';
import { panelResults, type CandidateResult } from './results.ts';
import type { ScoreCell } from './schema.ts';
import {
  PANEL_TRAINING,
  type Panel,
  type PanelQuestion,
  type Outcome,
  failed,
  panelFor,
  lockedPanel,
  partsOf,
} from './model.ts';
import type { PanelsContext } from './context.ts';

/** Scores (members' and staff's), results, and closing a panel (its members' involvement recorded). */
export function panelScoringCommands(context: PanelsContext) {
  const { db, record } = context;
  return {
    /** The rest of the panel's (staff) score for each candidate, 0–100. */
    async recordStaffScores(
      actor: Actor,
      id: string,
      scores: { candidateId: string; staffScore: number | null }[],
    ): Promise<Outcome> {
      return db.transaction().execute(async (trx) => {
        const panel = await lockedPanel(trx, actor, id);
        if (panel.status !== 'open') return failed('staff', 'panels:errors.closed');
        for (const s of scores)
          await trx
            .updateTable('panel_candidates')
            .set({ staff_score: s.staffScore })
            .where('panel_id', '=', id)
            .where('id', '=', s.candidateId)
            .execute();
        await record(trx, actor, 'panel.staff_scores_recorded', panel, {
          candidates: scores.length,
        });
        return { ok: true, value: undefined };
      });
    },

    /** A member's score sheet (their name is shown: audited). */
    async viewScoreSheet(actor: Actor, id: string, personId: string) {
      return db.transaction().execute(async (trx) => {
        const panel = await panelFor(trx, actor, id);
        const member = await trx
          .selectFrom('panel_members as m')
          .innerJoin('people as pe', 'pe.id', 'm.person_id')
          .select([
            'm.person_id as personId',
            'pe.display_name as displayName',
            sql<boolean>`${PANEL_TRAINING} = any(pe.training_completed)`.as('trained'),
          ])
          .where('m.panel_id', '=', id)
          .where('m.person_id', '=', personId)
          .executeTakeFirst();
        if (!member) throw new HttpError(404);
        const { questions, candidates } = await partsOf(trx, id);
        const scores = await trx
          .selectFrom('panel_scores')
          .select(['candidate_id as candidateId', 'question_id as questionId', 'score'])
          .where('panel_id', '=', id)
          .where('person_id', '=', personId)
          .execute();
        await record(
          trx,
          actor,
          'panel.scores_viewed',
          panel,
          {},
          { type: 'person', id: personId },
        );
        return { panel, member, questions, candidates, scores };
      });
    },

    /**
     * Replaces a member's scores with those of their score sheet. Every score is checked
     * against the panel's scale again here: one outside it and nothing is saved.
     */
    async recordScores(
      actor: Actor,
      id: string,
      personId: string,
      cells: ScoreCell[],
    ): Promise<Outcome<number>> {
      return db.transaction().execute(async (trx) => {
        const panel = await lockedPanel(trx, actor, id);
        if (panel.status !== 'open') return failed('scores', 'panels:errors.closed');
        const member = await trx
          .selectFrom('panel_members')
          .select('person_id')
          .where('panel_id', '=', id)
          .where('person_id', '=', personId)
          .executeTakeFirst();
        if (!member) throw new HttpError(404);
        const parts = await partsOf(trx, id);
        const questions = new Set(parts.questions.map((q) => q.id));
        const candidates = new Set(parts.candidates.map((c) => c.id));
        for (const cell of cells) {
          if (!questions.has(cell.questionId) || !candidates.has(cell.candidateId))
            return failed('scores', 'panels:errors.score');
          if (cell.score < panel.scaleMin || cell.score > panel.scaleMax)
            return failed(`score-${cell.candidateId}-${cell.questionId}`, 'panels:errors.score');
        }
        await trx
          .deleteFrom('panel_scores')
          .where('panel_id', '=', id)
          .where('person_id', '=', personId)
          .execute();
        if (cells.length)
          await trx
            .insertInto('panel_scores')
            .values(
              cells.map((c) => ({
                panel_id: id,
                person_id: personId,
                candidate_id: c.candidateId,
                question_id: c.questionId,
                score: c.score,
                recorded_by: actor.id,
              })),
            )
            .execute();
        await record(
          trx,
          actor,
          'panel.scores_recorded',
          panel,
          { scores: cells.length },
          {
            type: 'person',
            id: personId,
          },
        );
        return { ok: true, value: cells.length };
      });
    },

    /** The combined result of each candidate (no names of members: not a read of people). */
    async panelResults(
      actor: Actor,
      id: string,
    ): Promise<{
      panel: Panel;
      questions: PanelQuestion[];
      results: CandidateResult[];
      members: number;
    }> {
      const panel = await panelFor(db, actor, id);
      const [{ questions, candidates }, scores, members] = await Promise.all([
        partsOf(db, id),
        db
          .selectFrom('panel_scores')
          .select([
            'person_id as personId',
            'candidate_id as candidateId',
            'question_id as questionId',
            'score',
          ])
          .where('panel_id', '=', id)
          .execute(),
        db
          .selectFrom('panel_members')
          .select(sql<number>`count(*)::int`.as('n'))
          .where('panel_id', '=', id)
          .executeTakeFirstOrThrow(),
      ]);
      return {
        panel,
        questions,
        results: panelResults(panel, questions, candidates, scores),
        members: members.n,
      };
    },

    /**
     * Closes the panel: no more changes, and an involvement record (rung 5, decision sharing;
     * method interview_panel or tender_panel; role panel_member) for each member who scored.
     * Closing again changes nothing: the records are made once.
     */
    async closePanel(actor: Actor, id: string): Promise<{ closed: boolean; records: number }> {
      return db.transaction().execute(async (trx) => {
        const panel = await panelFor(trx, actor, id);
        const closed = await trx
          .updateTable('panels')
          .set({
            status: 'closed',
            closed_at: new Date(),
            closed_by: actor.id,
            updated_at: new Date(),
          })
          .where('id', '=', id)
          .where('status', '=', 'open')
          .returning('id')
          .executeTakeFirst();
        if (!closed) return { closed: false, records: 0 };
        // the level of the opportunity, if linked; else a service (interview) or strategic (tender)
        const level = panel.opportunityId
          ? await trx
              .selectFrom('opportunities')
              .select('level')
              .where('id', '=', panel.opportunityId)
              .executeTakeFirst()
          : undefined;
        const scorers = await trx
          .selectFrom('panel_members as m')
          .select('m.person_id')
          .where('m.panel_id', '=', id)
          .where('m.involvement_record_id', 'is', null)
          .where((eb) =>
            eb.exists(
              eb
                .selectFrom('panel_scores as s')
                .select('s.person_id')
                .whereRef('s.panel_id', '=', 'm.panel_id')
                .whereRef('s.person_id', '=', 'm.person_id'),
            ),
          )
          .execute();
        let records = 0;
        if (scorers.length) {
          const inserted = await recordInvolvement(
            trx,
            scorers.map((s) => ({
              organisationId: panel.organisationId,
              personId: s.person_id,
              opportunityId: panel.opportunityId,
              tookPartOn: panel.heldOn,
              hours: panel.hours,
              rung: 5,
              level: level?.level ?? (panel.kind === 'tender' ? 'strategic' : 'service'),
              method: panel.kind === 'tender' ? 'tender_panel' : 'interview_panel',
              role: 'panel_member',
              outcome: null,
              recordedBy: actor.id,
            })),
          );
          await sql`update panel_members m set involvement_record_id = v.record_id
            from (select unnest(${sql.val(inserted.map((r) => r.personId))}::uuid[]) as person_id,
                         unnest(${sql.val(inserted.map((r) => r.id))}::uuid[]) as record_id) v
            where m.panel_id = ${id} and m.person_id = v.person_id`.execute(trx);
          records = inserted.length;
        }
        await record(trx, actor, 'panel.closed', panel, { involvementRecords: records });
        return { closed: true, records };
      });
    },
  };
}
