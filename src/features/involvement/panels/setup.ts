import { sql } from 'kysely';
import { appendAuditBatch } from '#platform/audit/audit-batch.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { PanelKind, PanelStatus } from './tables.ts';
import { HttpError } from '#platform/http/errors.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import type { PanelInput, QuestionInput } from './schema.ts';
import {
  PAGE_SIZE,
  PANEL_TRAINING,
  type Outcome,
  failed,
  panelFor,
  lockedPanel,
  membersOf,
  partsOf,
  candidatesToJoin,
  shown,
} from './model.ts';
import type { PanelsContext } from './context.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

/** The panels row's columns a panel's form sets (creating or editing it). */
const panelColumns = (input: Omit<PanelInput, 'organisationId'>) => ({
  kind: input.kind,
  title_en: input.titleEn,
  title_cy: input.titleCy,
  opportunity_id: input.opportunityId,
  held_on: input.heldOn,
  hours: input.hours,
  scale_min: input.scaleMin,
  scale_max: input.scaleMax,
  user_weight: input.userWeight,
});

/** Setting a panel up: the panel, its members, questions and candidates. */
export function panelSetupCommands(context: PanelsContext) {
  const {
    db,
    record,
    auditPeopleShown,
    organisationsForPanels,
    opportunitiesForPanels,
    checkPlacing,
  } = context;
  /** Removes one of an open panel's questions or candidates (404 when not the panel's). */
  const removePart =
    (
      table: 'panel_questions' | 'panel_candidates',
      field: string,
      action: string,
      detail: string,
    ) =>
    (actor: Actor, id: string, partId: string): Promise<Outcome> =>
      db.transaction().execute(async (trx) => {
        const panel = await lockedPanel(trx, actor, id);
        if (panel.status !== 'open') return failed(field, 'panels:errors.closed');
        const removed = await trx
          .deleteFrom(table)
          .where('panel_id', '=', id)
          .where('id', '=', partId)
          .executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0) throw new HttpError(404);
        await record(trx, actor, action, panel, { [detail]: partId });
        return { ok: true, value: undefined };
      });

  return {
    organisationsForPanels,
    opportunitiesForPanels,

    /** One page of panels in the actor's scope, newest first. No names of people. */
    async listPanels(
      actor: Actor,
      filters: { kind?: PanelKind | undefined; status?: PanelStatus | undefined },
      page: number,
    ) {
      let query = db
        .selectFrom('panels as p')
        .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
        .where(inSubtrees(scopeOf(actor, 'panel.manage')));
      if (filters.kind) query = query.where('p.kind', '=', filters.kind);
      if (filters.status) query = query.where('p.status', '=', filters.status);
      const rows = await query
        .select([
          'p.id',
          'p.kind',
          'p.title_en as titleEn',
          'p.title_cy as titleCy',
          'p.held_on as heldOn',
          'p.status',
          'o.name_en as organisationNameEn',
          'o.name_cy as organisationNameCy',
          sql<number>`(select count(*)::int from panel_members m where m.panel_id = p.id)`.as(
            'members',
          ),
          sql<number>`(select count(*)::int from panel_candidates c where c.panel_id = p.id)`.as(
            'candidates',
          ),
          sql<number>`count(*) over ()`.as('total'),
        ])
        .orderBy('p.held_on', 'desc')
        .orderBy('p.id')
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
        .execute();
      const total = rows[0]?.total ?? 0;
      return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
    },

    /** Creates a panel with an id chosen beforehand: confirming twice creates one panel. */
    async createPanel(actor: Actor, id: string, input: PanelInput): Promise<Outcome<string>> {
      return db.transaction().execute(async (trx) => {
        const placing = await checkPlacing(trx, actor, input);
        if (!placing.ok) return placing;
        const inserted = await trx
          .insertInto('panels')
          .values({
            id,
            organisation_id: input.organisationId,
            ...panelColumns(input),
            created_by: actor.id,
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (inserted)
          await record(
            trx,
            actor,
            'panel.created',
            { id, organisationId: input.organisationId },
            {
              kind: input.kind,
            },
          );
        return { ok: true, value: id };
      });
    },

    /** Changes a panel's details; the scale cannot shrink below scores already given. */
    async updatePanel(
      actor: Actor,
      id: string,
      input: Omit<PanelInput, 'organisationId'>,
    ): Promise<Outcome> {
      return db.transaction().execute(async (trx) => {
        const panel = await lockedPanel(trx, actor, id);
        if (panel.status !== 'open') return failed('titleEn', 'panels:errors.closed');
        const placing = await checkPlacing(trx, actor, {
          organisationId: panel.organisationId,
          opportunityId: input.opportunityId,
        });
        if (!placing.ok) return placing;
        const outside = await trx
          .selectFrom('panel_scores')
          .select('score')
          .where('panel_id', '=', id)
          .where((eb) =>
            eb.or([eb('score', '<', input.scaleMin), eb('score', '>', input.scaleMax)]),
          )
          .limit(1)
          .executeTakeFirst();
        if (outside) return failed('scaleMax', 'panels:errors.scaleScores');
        await trx
          .updateTable('panels')
          .set({
            ...panelColumns(input),
            updated_at: new Date(),
          })
          .where('id', '=', id)
          .execute();
        await record(trx, actor, 'panel.updated', panel);
        return { ok: true, value: undefined };
      });
    },

    /** The panel without any names (forms, candidates, questions, results). */
    async viewPanel(actor: Actor, id: string) {
      const panel = await panelFor(db, actor, id);
      const { questions, candidates } = await partsOf(db, id);
      return { panel, questions, candidates };
    },

    /** The panel with its members' names and training (audited, one entry per member). */
    async viewPanelWithMembers(actor: Actor, id: string) {
      return db.transaction().execute(async (trx) => {
        const panel = await panelFor(trx, actor, id);
        const members = await membersOf(trx, id);
        const { questions, candidates } = await partsOf(trx, id);
        await auditPeopleShown(
          trx,
          actor,
          'panel.members_viewed',
          panel,
          members.map((m) => m.personId),
        );
        return { panel, members, questions, candidates };
      });
    },

    /**
     * The members page: the members, and (with a name) the people who may join: connected to
     * the panel's organisation or one below it, not erased, not already members, found by the
     * start of their name. One audit entry per person shown.
     */
    async viewMembersPage(actor: Actor, id: string, name: string | undefined) {
      return db.transaction().execute(async (trx) => {
        const panel = await panelFor(trx, actor, id);
        const members = await membersOf(trx, id);
        const found =
          name && panel.status === 'open' ? await candidatesToJoin(trx, panel, name) : null;
        await appendAuditBatch(trx, [
          ...members.map((m) => shown(actor, 'panel.members_viewed', panel, m.personId)),
          ...(found ?? []).map((p) => shown(actor, 'panel.people_searched', panel, p.id)),
        ]);
        return { panel, members, found };
      });
    },

    /** Adds a person to the panel; answers whether they have the panel training. */
    async addMember(actor: Actor, id: string, personId: string): Promise<Outcome<boolean>> {
      return db.transaction().execute(async (trx) => {
        const panel = await lockedPanel(trx, actor, id);
        if (panel.status !== 'open') return failed('personId', 'panels:errors.closed');
        const person = await trx
          .selectFrom('people')
          .select(['id', sql<boolean>`${PANEL_TRAINING} = any(training_completed)`.as('trained')])
          .where('id', '=', personId)
          .where('erased_at', 'is', null)
          .where(sql<boolean>`scope_ids @> ${sql.val([panel.organisationId])}::uuid[]`)
          .executeTakeFirst();
        if (!person) return failed('personId', 'panels:errors.personId');
        const added = await trx
          .insertInto('panel_members')
          .values({ panel_id: id, person_id: personId, added_by: actor.id })
          .onConflict((oc) => oc.columns(['panel_id', 'person_id']).doNothing())
          .returning('person_id')
          .executeTakeFirst();
        if (added)
          await record(
            trx,
            actor,
            'panel.member_added',
            panel,
            { trained: person.trained },
            {
              type: 'person',
              id: personId,
            },
          );
        return { ok: true, value: person.trained };
      });
    },

    /**
     * Adds the people selected for the panel's opportunity (selection screen) who are connected
     * to the panel's organisation or below it; those already members are left as they are.
     */
    async addSelectedPeople(actor: Actor, id: string): Promise<Outcome<number>> {
      return db.transaction().execute(async (trx) => {
        const panel = await lockedPanel(trx, actor, id);
        if (panel.status !== 'open') return failed('opportunity', 'panels:errors.closed');
        if (!panel.opportunityId) return failed('opportunity', 'panels:errors.noOpportunity');
        const added = await sql<{ person_id: string }>`
          insert into panel_members (panel_id, person_id, added_by)
          select ${id}::uuid, e.person_id, ${actor.id}::uuid
          from expressions_of_interest e join people pe on pe.id = e.person_id
          where e.opportunity_id = ${panel.opportunityId}::uuid and e.status = 'selected'
            and pe.erased_at is null
            and pe.scope_ids @> ${sql.val([panel.organisationId])}::uuid[]
          on conflict (panel_id, person_id) do nothing
          returning person_id`.execute(trx);
        await appendAuditBatch(
          trx,
          added.rows.map((r) => ({
            ...shown(actor, 'panel.member_added', panel, r.person_id),
            details: { panelId: panel.id, fromOpportunity: panel.opportunityId },
          })),
        );
        return { ok: true, value: added.rows.length };
      });
    },

    /** Removes a member (and their scores) while the panel is open. */
    async removeMember(actor: Actor, id: string, personId: string): Promise<Outcome> {
      return db.transaction().execute(async (trx) => {
        const panel = await lockedPanel(trx, actor, id);
        if (panel.status !== 'open') return failed('personId', 'panels:errors.closed');
        const removed = await trx
          .deleteFrom('panel_members')
          .where('panel_id', '=', id)
          .where('person_id', '=', personId)
          .executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0) throw new HttpError(404);
        await record(
          trx,
          actor,
          'panel.member_removed',
          panel,
          {},
          { type: 'person', id: personId },
        );
        return { ok: true, value: undefined };
      });
    },

    async addQuestion(actor: Actor, id: string, input: QuestionInput): Promise<Outcome> {
      return db.transaction().execute(async (trx) => {
        const panel = await lockedPanel(trx, actor, id);
        if (panel.status !== 'open') return failed('textEn', 'panels:errors.closed');
        const { next } = await trx
          .selectFrom('panel_questions')
          .select(sql<number>`coalesce(max(position), 0)::int + 1`.as('next'))
          .where('panel_id', '=', id)
          .executeTakeFirstOrThrow();
        if (next > 50) return failed('textEn', 'panels:errors.tooManyQuestions');
        const question = await trx
          .insertInto('panel_questions')
          .values({
            panel_id: id,
            position: next,
            text_en: input.textEn,
            text_cy: input.textCy,
            weight: input.weight,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await record(trx, actor, 'panel.question_added', panel, { questionId: question.id });
        return { ok: true, value: undefined };
      });
    },

    removeQuestion: removePart('panel_questions', 'textEn', 'panel.question_removed', 'questionId'),

    async addCandidate(actor: Actor, id: string, label: string): Promise<Outcome> {
      return db.transaction().execute(async (trx) => {
        const panel = await lockedPanel(trx, actor, id);
        if (panel.status !== 'open') return failed('label', 'panels:errors.closed');
        const existing = await trx
          .selectFrom('panel_candidates')
          .select([
            sql<number>`coalesce(max(position), 0)::int + 1`.as('next'),
            sql<boolean>`coalesce(bool_or(lower(label) = lower(${label})), false)`.as('taken'),
          ])
          .where('panel_id', '=', id)
          .executeTakeFirstOrThrow();
        if (existing.taken) return failed('label', 'panels:errors.label.taken');
        if (existing.next > 100) return failed('label', 'panels:errors.tooManyCandidates');
        const candidate = await trx
          .insertInto('panel_candidates')
          .values({ panel_id: id, position: existing.next, label })
          .returning('id')
          .executeTakeFirstOrThrow();
        await record(trx, actor, 'panel.candidate_added', panel, { candidateId: candidate.id });
        return { ok: true, value: undefined };
      });
    },

    removeCandidate: removePart(
      'panel_candidates',
      'label',
      'panel.candidate_removed',
      'candidateId',
    ),
  };
}
