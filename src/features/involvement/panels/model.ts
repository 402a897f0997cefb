import { sql, type Kysely } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import type { DB } from '#platform/db/schema.ts';
import type { PanelKind, PanelStatus } from './tables.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can } from '#platform/permissions/policy.ts';
import { invalid, type Result } from '#platform/validation/index.ts';

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

/** What a panels command returns: its value, or the issues that stopped it. */
export type Outcome<T = undefined> = Result<T>;
/** One issue on one field. */
export const failed = invalid;

export function panelQuery(db: Db) {
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
export async function panelFor(db: Db, actor: Actor, id: string, lock = false): Promise<Panel> {
  const query = panelQuery(db).where('p.id', '=', id);
  const panel = await (lock ? query.forUpdate('p') : query).executeTakeFirst();
  if (!panel) throw new HttpError(404);
  const ref = { id: panel.organisationId, ancestors: panel.ancestors };
  if (can(actor, 'panel.manage', ref)) return panel;
  throw new HttpError(can(actor, 'organisation.view', ref) ? 403 : 404);
}

export const lockedPanel = (trx: Db, actor: Actor, id: string) => panelFor(trx, actor, id, true);

export const membersOf = (db: Db, panelId: string) =>
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
export async function partsOf(db: Db, panelId: string) {
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
export function candidatesToJoin(db: Db, panel: Panel, name: string) {
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
export const shown = (
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
