import { sql, type Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import { appendAuditBatch } from '#platform/audit/audit-batch.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import type { PanelKind, PanelStatus } from './tables.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, scopeOf } from '#platform/permissions/policy.ts';
import { recordInvolvement } from '../records/repository.ts';
import { panelResults, type CandidateResult } from './results.ts';
import type { FieldErrors, PanelInput, QuestionInput, ScoreCell } from './schema.ts';

/**
 * Recruitment interview and tender evaluation panels (issue 4 item 6, WF 3.11, NW). Every
 * command is one transaction with its audit entry; every read of members' names is audited.
 * All access goes through `panelFor`: 404 when the panel's organisation is invisible to the
 * actor, 403 when visible but `panel.manage` is not held there.
 */
type Db = Kysely<DB>;

export const PAGE_SIZE = 25;
/** The training a panel member should have (people.training_completed). */
export const PANEL_TRAINING = 'interview_panel';

export interface Panel {
  id: string;
  organisationId: string;
  organisationNameEn: string;
  organisationNameCy: string;
  ancestors: string[];
  kind: PanelKind;
  titleEn: string;
  titleCy: string;
  opportunityId: string | null;
  opportunityTitleEn: string | null;
  opportunityTitleCy: string | null;
  heldOn: string;
  hours: number;
  scaleMin: number;
  scaleMax: number;
  userWeight: number;
  status: PanelStatus;
  closedAt: Date | null;
}

export interface PanelMember {
  personId: string;
  displayName: string;
  trained: boolean;
  status: string;
  /** Boxes this member has scores in. */
  scored: number;
  involvementRecordId: string | null;
}

export interface PanelQuestion {
  id: string;
  position: number;
  textEn: string;
  textCy: string;
  weight: number;
}

export interface PanelCandidate {
  id: string;
  position: number;
  label: string;
  staffScore: number | null;
}

export type Outcome<T = undefined> = { ok: true; value: T } | { ok: false; errors: FieldErrors };
const failed = (field: string, key: string): { ok: false; errors: FieldErrors } => ({
  ok: false,
  errors: { [field]: key },
});

const inScope = (scope: string[] | null, column = 'o.ancestors') => {
  if (scope === null) return sql<boolean>`true`;
  if (scope.length === 0) return sql<boolean>`false`;
  return sql<boolean>`${sql.ref(column)} && ${sql.val(scope)}::uuid[]`;
};

function panelQuery(db: Db) {
  return db
    .selectFrom('panels as p')
    .innerJoin('organisations as o', 'o.id', 'p.organisation_id')
    .leftJoin('opportunities as op', 'op.id', 'p.opportunity_id')
    .select([
      'p.id',
      'p.organisation_id as organisationId',
      'o.name_en as organisationNameEn',
      'o.name_cy as organisationNameCy',
      'o.ancestors',
      'p.kind',
      'p.title_en as titleEn',
      'p.title_cy as titleCy',
      'p.opportunity_id as opportunityId',
      'op.title_en as opportunityTitleEn',
      'op.title_cy as opportunityTitleCy',
      'p.held_on as heldOn',
      'p.hours',
      'p.scale_min as scaleMin',
      'p.scale_max as scaleMax',
      'p.user_weight as userWeight',
      'p.status',
      'p.closed_at as closedAt',
    ]);
}

/**
 * The panel, if the actor holds panel.manage at its organisation (else 404 or 403). With
 * `lock`, inside a transaction, the panel row is locked so closing waits for a change in hand.
 */
async function panelFor(db: Db, actor: Actor, id: string, lock = false): Promise<Panel> {
  const query = panelQuery(db).where('p.id', '=', id);
  const panel = await (lock ? query.forUpdate('p') : query).executeTakeFirst();
  if (!panel) throw new HttpError(404);
  const ref = { id: panel.organisationId, ancestors: panel.ancestors };
  if (can(actor, 'panel.manage', ref)) return panel;
  throw new HttpError(can(actor, 'organisation.view', ref) ? 403 : 404);
}

const lockedPanel = (trx: Db, actor: Actor, id: string) => panelFor(trx, actor, id, true);

const membersOf = (db: Db, panelId: string) =>
  db
    .selectFrom('panel_members as m')
    .innerJoin('people as pe', 'pe.id', 'm.person_id')
    .select([
      'm.person_id as personId',
      'pe.display_name as displayName',
      'pe.status',
      sql<boolean>`${PANEL_TRAINING} = any(pe.training_completed)`.as('trained'),
      sql<number>`(select count(*)::int from panel_scores s
        where s.panel_id = m.panel_id and s.person_id = m.person_id)`.as('scored'),
      'm.involvement_record_id as involvementRecordId',
    ])
    .where('m.panel_id', '=', panelId)
    .orderBy(sql`lower(pe.display_name)`)
    .orderBy('m.person_id')
    .execute() as Promise<PanelMember[]>;

/** The questions and the candidates or bids of a panel, in their order (one statement). */
async function partsOf(db: Db, panelId: string) {
  const { rows } = await sql<{ questions: PanelQuestion[]; candidates: PanelCandidate[] }>`
    select
      coalesce((select json_agg(json_build_object('id', q.id, 'position', q.position,
          'textEn', q.text_en, 'textCy', q.text_cy, 'weight', q.weight) order by q.position)
        from panel_questions q where q.panel_id = ${panelId}), '[]'::json) as questions,
      coalesce((select json_agg(json_build_object('id', c.id, 'position', c.position,
          'label', c.label, 'staffScore', c.staff_score::float8) order by c.position)
        from panel_candidates c where c.panel_id = ${panelId}), '[]'::json) as candidates`.execute(
    db,
  );
  return rows[0]!;
}

/** People who may join a panel, by the start of their name (at most 20). */
function candidatesToJoin(db: Db, panel: Panel, name: string) {
  const text = name
    .normalize('NFC')
    .trim()
    .toLowerCase()
    .replace(/[\\%_]/g, (c) => `\\${c}`);
  return db
    .selectFrom('people as pe')
    .select([
      'pe.id',
      'pe.display_name as displayName',
      'pe.status',
      'pe.kind',
      sql<boolean>`${PANEL_TRAINING} = any(pe.training_completed)`.as('trained'),
    ])
    .where(sql<boolean>`pe.scope_ids @> ${sql.val([panel.organisationId])}::uuid[]`)
    .where('pe.erased_at', 'is', null)
    .where(sql<boolean>`lower(pe.display_name) like ${`${text}%`}`)
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('panel_members as m')
            .select('m.person_id')
            .whereRef('m.person_id', '=', 'pe.id')
            .where('m.panel_id', '=', panel.id),
        ),
      ),
    )
    .orderBy(sql`lower(pe.display_name)`)
    .orderBy('pe.id')
    .limit(20)
    .execute();
}

/** An audit entry for a person shown on a panel's page. */
const shown = (
  actor: Actor,
  action: string,
  panel: { id: string; organisationId: string },
  personId: string,
) => ({
  actorAccountId: actor.id,
  action,
  subjectType: 'person',
  subjectId: personId,
  organisationId: panel.organisationId,
  details: { panelId: panel.id },
});

export function createPanelsService(deps: { db: Database; audit: AuditLog }) {
  const { db, audit } = deps;

  const record = (
    trx: Db,
    actor: Actor,
    action: string,
    panel: { id: string; organisationId: string },
    details: Record<string, unknown> = {},
    subject?: { type: string; id: string },
  ) =>
    audit.record(
      {
        actorAccountId: actor.id,
        action,
        subjectType: subject?.type ?? 'panel',
        subjectId: subject?.id ?? panel.id,
        organisationId: panel.organisationId,
        details: subject ? { panelId: panel.id, ...details } : details,
      },
      trx,
    );

  /** Audits a look at named members (one entry per person shown). */
  const auditPeopleShown = (
    trx: Db,
    actor: Actor,
    action: string,
    panel: { id: string; organisationId: string },
    personIds: string[],
  ) =>
    appendAuditBatch(
      trx,
      personIds.map((id) => shown(actor, action, panel, id)),
    );

  /** Organisations where the actor may set up panels. */
  function organisationsForPanels(actor: Actor) {
    return db
      .selectFrom('organisations as o')
      .select(['o.id', 'o.name_en as nameEn', 'o.name_cy as nameCy', 'o.ancestors'])
      .where(inScope(scopeOf(actor, 'panel.manage')))
      .where('o.archived_at', 'is', null)
      .orderBy('o.name_en')
      .limit(500)
      .execute();
  }

  /**
   * Interview and tender opportunities a panel may be linked to: those of organisations in the
   * actor's scope or above it (a region's recruitment, run by a provider's panel).
   */
  function opportunitiesForPanels(actor: Actor) {
    const scope = scopeOf(actor, 'panel.manage');
    const above =
      scope === null
        ? sql<boolean>`true`
        : scope.length === 0
          ? sql<boolean>`false`
          : sql<boolean>`(${inScope(scope)} or op.organisation_id in (
              select unnest(a.ancestors) from organisations a where a.id = any(${sql.val(scope)}::uuid[])))`;
    return db
      .selectFrom('opportunities as op')
      .innerJoin('organisations as o', 'o.id', 'op.organisation_id')
      .select([
        'op.id',
        'op.title_en as titleEn',
        'op.title_cy as titleCy',
        'op.organisation_id as organisationId',
      ])
      .where('op.method', 'in', ['interview_panel', 'tender_panel'])
      .where('op.status', '<>', 'cancelled')
      .where(above)
      .orderBy('op.created_at', 'desc')
      .limit(200)
      .execute();
  }

  /** Checks the organisation and opportunity of a panel form. */
  async function checkPlacing(
    trx: Db,
    actor: Actor,
    input: Pick<PanelInput, 'organisationId' | 'opportunityId'>,
  ): Promise<Outcome<{ ancestors: string[] }>> {
    const organisation = await trx
      .selectFrom('organisations')
      .select(['id', 'ancestors', 'archived_at'])
      .where('id', '=', input.organisationId)
      .executeTakeFirst();
    if (!organisation || organisation.archived_at || !can(actor, 'panel.manage', organisation))
      return failed('organisationId', 'errors.organisationId');
    if (input.opportunityId) {
      const opportunity = await trx
        .selectFrom('opportunities')
        .select(['organisation_id', 'status'])
        .where('id', '=', input.opportunityId)
        .executeTakeFirst();
      if (
        !opportunity ||
        opportunity.status === 'cancelled' ||
        !organisation.ancestors.includes(opportunity.organisation_id)
      )
        return failed('opportunityId', 'errors.opportunityId');
    }
    return { ok: true, value: { ancestors: organisation.ancestors } };
  }

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
        .where(inScope(scopeOf(actor, 'panel.manage')));
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
            kind: input.kind,
            title_en: input.titleEn,
            title_cy: input.titleCy,
            opportunity_id: input.opportunityId,
            held_on: input.heldOn,
            hours: input.hours,
            scale_min: input.scaleMin,
            scale_max: input.scaleMax,
            user_weight: input.userWeight,
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
        if (panel.status !== 'open') return failed('titleEn', 'errors.closed');
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
        if (outside) return failed('scaleMax', 'errors.scaleScores');
        await trx
          .updateTable('panels')
          .set({
            kind: input.kind,
            title_en: input.titleEn,
            title_cy: input.titleCy,
            opportunity_id: input.opportunityId,
            held_on: input.heldOn,
            hours: input.hours,
            scale_min: input.scaleMin,
            scale_max: input.scaleMax,
            user_weight: input.userWeight,
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
        if (panel.status !== 'open') return failed('personId', 'errors.closed');
        const person = await trx
          .selectFrom('people')
          .select(['id', sql<boolean>`${PANEL_TRAINING} = any(training_completed)`.as('trained')])
          .where('id', '=', personId)
          .where('erased_at', 'is', null)
          .where(sql<boolean>`scope_ids @> ${sql.val([panel.organisationId])}::uuid[]`)
          .executeTakeFirst();
        if (!person) return failed('personId', 'errors.personId');
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
        if (panel.status !== 'open') return failed('opportunity', 'errors.closed');
        if (!panel.opportunityId) return failed('opportunity', 'errors.noOpportunity');
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
        if (panel.status !== 'open') return failed('personId', 'errors.closed');
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
        if (panel.status !== 'open') return failed('textEn', 'errors.closed');
        const { next } = await trx
          .selectFrom('panel_questions')
          .select(sql<number>`coalesce(max(position), 0)::int + 1`.as('next'))
          .where('panel_id', '=', id)
          .executeTakeFirstOrThrow();
        if (next > 50) return failed('textEn', 'errors.tooManyQuestions');
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

    async removeQuestion(actor: Actor, id: string, questionId: string): Promise<Outcome> {
      return db.transaction().execute(async (trx) => {
        const panel = await lockedPanel(trx, actor, id);
        if (panel.status !== 'open') return failed('textEn', 'errors.closed');
        const removed = await trx
          .deleteFrom('panel_questions')
          .where('panel_id', '=', id)
          .where('id', '=', questionId)
          .executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0) throw new HttpError(404);
        await record(trx, actor, 'panel.question_removed', panel, { questionId });
        return { ok: true, value: undefined };
      });
    },

    async addCandidate(actor: Actor, id: string, label: string): Promise<Outcome> {
      return db.transaction().execute(async (trx) => {
        const panel = await lockedPanel(trx, actor, id);
        if (panel.status !== 'open') return failed('label', 'errors.closed');
        const existing = await trx
          .selectFrom('panel_candidates')
          .select([
            sql<number>`coalesce(max(position), 0)::int + 1`.as('next'),
            sql<boolean>`coalesce(bool_or(lower(label) = lower(${label})), false)`.as('taken'),
          ])
          .where('panel_id', '=', id)
          .executeTakeFirstOrThrow();
        if (existing.taken) return failed('label', 'errors.label.taken');
        if (existing.next > 100) return failed('label', 'errors.tooManyCandidates');
        const candidate = await trx
          .insertInto('panel_candidates')
          .values({ panel_id: id, position: existing.next, label })
          .returning('id')
          .executeTakeFirstOrThrow();
        await record(trx, actor, 'panel.candidate_added', panel, { candidateId: candidate.id });
        return { ok: true, value: undefined };
      });
    },

    async removeCandidate(actor: Actor, id: string, candidateId: string): Promise<Outcome> {
      return db.transaction().execute(async (trx) => {
        const panel = await lockedPanel(trx, actor, id);
        if (panel.status !== 'open') return failed('label', 'errors.closed');
        const removed = await trx
          .deleteFrom('panel_candidates')
          .where('panel_id', '=', id)
          .where('id', '=', candidateId)
          .executeTakeFirst();
        if (Number(removed.numDeletedRows) === 0) throw new HttpError(404);
        await record(trx, actor, 'panel.candidate_removed', panel, { candidateId });
        return { ok: true, value: undefined };
      });
    },

    /** The rest of the panel's (staff) score for each candidate, 0–100. */
    async recordStaffScores(
      actor: Actor,
      id: string,
      scores: { candidateId: string; staffScore: number | null }[],
    ): Promise<Outcome> {
      return db.transaction().execute(async (trx) => {
        const panel = await lockedPanel(trx, actor, id);
        if (panel.status !== 'open') return failed('staff', 'errors.closed');
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
        if (panel.status !== 'open') return failed('scores', 'errors.closed');
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
            return failed('scores', 'errors.score');
          if (cell.score < panel.scaleMin || cell.score > panel.scaleMax)
            return failed(`score-${cell.candidateId}-${cell.questionId}`, 'errors.score');
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

export type PanelsService = ReturnType<typeof createPanelsService>;
