import { sql, type Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import { appendAuditBatch } from '#platform/audit/audit-batch.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import { can, scopeOf } from '#platform/permissions/policy.ts';
import type { PanelInput } from './schema.ts';
import { type Outcome, failed, shown } from './model.ts';
import { auditRecorder } from '../audit.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

type Db = Kysely<DB>;

export interface PanelsDependencies {
  db: Database;
  audit: AuditLog;
}

/** What every part of the panels service shares: its dependencies and small helpers. */
export function panelsContext(deps: PanelsDependencies) {
  const { db, audit } = deps;

  const record = auditRecorder(audit, 'panel', 'panelId');

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
      .where(inSubtrees(scopeOf(actor, 'panel.manage')))
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
          : sql<boolean>`(${inSubtrees(scope)} or op.organisation_id in (
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
      return failed('organisationId', 'panels:errors.organisationId');
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
        return failed('opportunityId', 'panels:errors.opportunityId');
    }
    return { ok: true, value: { ancestors: organisation.ancestors } };
  }

  return {
    db,
    audit,
    record,
    auditPeopleShown,
    organisationsForPanels,
    opportunitiesForPanels,
    checkPlacing,
  };
}

export type PanelsContext = ReturnType<typeof panelsContext>;
