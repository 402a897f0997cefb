import { sql } from 'kysely';
import type { Actor } from '#platform/auth/sessions.ts';
import type { AuditEntry, AuditLog } from '#platform/audit/audit-log.ts';
import { appendAuditBatch } from '#platform/audit/audit-batch.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, scopeOf } from '#platform/permissions/policy.ts';
import { findPeopleByName } from '#features/register';
import * as repository from './repository.ts';
import { PAGE_SIZE, type AttendanceEntry, type RecordInput } from './schema.ts';

/**
 * Involvement records: who took part in what, when, for how long, at which rung and level, in
 * which role — the evidence every report and the ladder map use. Staff with
 * `involvement.record` read and write the records of organisations in their subtrees; a person
 * reads their own in the portal. Every list of named people and every change is audited.
 */
/** An audit entry about a person's involvement (ids only in the details). */
const aboutPerson = (
  actor: Actor,
  action: string,
  personId: string,
  organisationId: string,
  details: Record<string, unknown>,
): AuditEntry => ({
  actorAccountId: actor.id,
  action,
  subjectType: 'person',
  subjectId: personId,
  organisationId,
  details,
});

export function createInvolvementService(deps: { db: Database; audit: AuditLog }) {
  const { db, audit } = deps;
  const scopeFor = (actor: Actor) => scopeOf(actor, 'involvement.record');

  /** A page of one person's records within the scope (null: everywhere), with their totals. */
  async function recordsPage(
    executor: typeof db,
    scope: repository.Scope,
    personId: string,
    page: number,
  ) {
    const filters = { personId };
    const [result, totals] = await Promise.all([
      repository.listRecords(executor, scope, filters, {
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      }),
      repository.recordTotals(executor, scope, filters),
    ]);
    const pageCount = Math.max(1, Math.ceil(result.total / PAGE_SIZE));
    return { ...result, totals, page, pageCount };
  }

  /** 404 for an organisation the actor cannot see, 403 for one it sees but may not record at. */
  function authoriseAt(actor: Actor, organisation: { id: string; ancestors: string[] }) {
    if (can(actor, 'involvement.record', organisation)) return;
    throw new HttpError(can(actor, 'organisation.view', organisation) ? 403 : 404);
  }

  async function findOrganisation(id: string) {
    return db
      .selectFrom('organisations')
      .select(['id', 'name_en as nameEn', 'name_cy as nameCy', 'ancestors'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** One person the actor may record involvement for (not erased), with their scope. */
  async function personFor(actor: Actor, personId: string, trx: Database = db) {
    const scope = scopeFor(actor);
    const found = await trx
      .selectFrom('people as p')
      .select(['p.id', 'p.display_name as displayName', 'p.scope_ids as scopeIds'])
      .where('p.id', '=', personId)
      .where('p.erased_at', 'is', null)
      .$if(scope !== null, (qb) =>
        qb.where(sql<boolean>`p.scope_ids && ${sql.val(scope ?? [])}::uuid[]`),
      )
      .executeTakeFirst();
    if (!found) throw new HttpError(404);
    return found;
  }

  return {
    /** 404 unless the actor may record involvement for the person. */
    async assertPerson(actor: Actor, personId: string) {
      await personFor(actor, personId);
    },

    /** A page of records in the actor's scope; each person shown is audited. */
    async listRecords(actor: Actor, filters: repository.RecordFilters, page: number) {
      if (filters.organisationId) {
        const organisation = await findOrganisation(filters.organisationId);
        if (!organisation) throw new HttpError(404);
        authoriseAt(actor, organisation);
      }
      return db.transaction().execute(async (trx) => {
        const result = await repository.listRecords(trx, scopeFor(actor), filters, {
          limit: PAGE_SIZE,
          offset: (page - 1) * PAGE_SIZE,
        });
        await appendAuditBatch(
          trx,
          [...new Map(result.rows.map((r) => [r.personId, r])).values()].map((r) => ({
            actorAccountId: actor.id,
            action: 'involvement.listed',
            subjectType: 'person',
            subjectId: r.personId,
            organisationId: r.organisationId,
            details: { page },
          })),
        );
        return { ...result, page, pageCount: Math.max(1, Math.ceil(result.total / PAGE_SIZE)) };
      });
    },

    /** People the actor may record involvement for, by name (first page); audited. */
    async findPeople(actor: Actor, name: string) {
      if (!name) return [];
      return findPeopleByName(
        db,
        actor,
        { view: scopeFor(actor), consented: [] },
        { name, limit: PAGE_SIZE, action: 'involvement.person_found' },
      );
    },

    /** The person and the choices of the direct-entry form. */
    async formFor(actor: Actor, personId: string) {
      const person = await personFor(actor, personId);
      const scope = scopeFor(actor);
      const [organisations, opportunities] = await Promise.all([
        repository.organisationsForPerson(db, scope, person.scopeIds),
        repository.opportunitiesForPerson(db, scope, person.scopeIds),
      ]);
      return { person, organisations, opportunities };
    },

    /**
     * Records one person's involvement (direct entry). The id was chosen on the check page, so
     * confirming twice records once.
     */
    async recordInvolvement(actor: Actor, id: string, personId: string, input: RecordInput) {
      return db.transaction().execute(async (trx) => {
        const person = await personFor(actor, personId, trx);
        const organisation = await trx
          .selectFrom('organisations')
          .select(['id', 'ancestors'])
          .where('id', '=', input.organisationId)
          .executeTakeFirst();
        if (!organisation || !person.scopeIds.includes(organisation.id)) throw new HttpError(404);
        authoriseAt(actor, organisation);
        if (input.opportunityId) {
          const opportunity = await repository.findOpportunity(trx, input.opportunityId);
          if (!opportunity || opportunity.organisationId !== organisation.id)
            throw new HttpError(404);
        }
        const [inserted] = await repository.recordInvolvement(trx, [
          {
            id,
            organisationId: organisation.id,
            personId: person.id,
            opportunityId: input.opportunityId,
            tookPartOn: input.tookPartOn,
            hours: input.hours,
            rung: input.rung,
            level: input.level,
            method: input.method,
            role: input.role,
            outcome: input.outcome,
            recordedBy: actor.id,
          },
        ]);
        if (inserted)
          await audit.record(
            aboutPerson(actor, 'involvement.recorded', person.id, organisation.id, {
              recordId: id,
              opportunityId: input.opportunityId,
              rung: input.rung,
              method: input.method,
            }),
            trx,
          );
        return { created: inserted !== undefined };
      });
    },

    /** An opportunity and its selected people, for the "who took part" form; audited. */
    async attendanceFor(actor: Actor, opportunityId: string) {
      const opportunity = await repository.findOpportunity(db, opportunityId);
      if (!opportunity) throw new HttpError(404);
      authoriseAt(actor, { id: opportunity.organisationId, ancestors: opportunity.ancestors });
      return db.transaction().execute(async (trx) => {
        const people = await repository.selectedPeople(trx, opportunity.id);
        await appendAuditBatch(
          trx,
          people.map((p) =>
            aboutPerson(
              actor,
              'involvement.attendance_viewed',
              p.personId,
              opportunity.organisationId,
              {
                opportunityId: opportunity.id,
              },
            ),
          ),
        );
        return { opportunity, people };
      });
    },

    /**
     * Records who took part in an opportunity: one record for each selected person who took
     * part and has none for it yet (so a second submit adds nothing). Rung, level and method
     * come from the opportunity. One transaction; the opportunity row is locked.
     */
    async recordAttendance(
      actor: Actor,
      opportunityId: string,
      input: { tookPartOn: string; outcome: string | null; entries: AttendanceEntry[] },
    ) {
      return db.transaction().execute(async (trx) => {
        const opportunity = await repository.findOpportunity(trx, opportunityId, true);
        if (!opportunity) throw new HttpError(404);
        authoriseAt(actor, { id: opportunity.organisationId, ancestors: opportunity.ancestors });
        if (!recordable(opportunity.status)) throw new HttpError(409);
        const people = await repository.selectedPeople(trx, opportunity.id);
        const eligible = new Map(people.map((p) => [p.personId, p]));
        const rows = input.entries
          .filter((e) => e.tookPart && e.hours !== null)
          .filter((e) => {
            const person = eligible.get(e.personId);
            return person && !person.erased && person.recordedHours === null;
          })
          .map((e) => ({
            organisationId: opportunity.organisationId,
            personId: e.personId,
            opportunityId: opportunity.id,
            tookPartOn: input.tookPartOn,
            hours: e.hours!,
            rung: opportunity.rung,
            level: opportunity.level,
            method: opportunity.method,
            role: e.role,
            outcome: input.outcome,
            recordedBy: actor.id,
          }));
        const inserted = await repository.recordInvolvement(trx, rows);
        await appendAuditBatch(
          trx,
          inserted.map((r) =>
            aboutPerson(actor, 'involvement.recorded', r.personId, opportunity.organisationId, {
              recordId: r.id,
              opportunityId: opportunity.id,
              rung: opportunity.rung,
            }),
          ),
        );
        return { recorded: inserted.length };
      });
    },

    /** A page of one person's records that the actor may read, with totals. */
    async personRecords(actor: Actor, personId: string, page: number) {
      return recordsPage(db, scopeFor(actor), personId, page);
    },

    /** The person's own records (portal), every organisation; audited as a read of their data. */
    async ownRecords(personId: string, organisationId: string, page: number) {
      return db.transaction().execute(async (trx) => {
        const records = await recordsPage(trx, null, personId, page);
        await audit.record(
          {
            actorAccountId: null,
            action: 'involvement.own_viewed',
            subjectType: 'person',
            subjectId: personId,
            organisationId,
            details: { page },
          },
          trx,
        );
        return records;
      });
    },
  };
}

/** Involvement can be recorded once an opportunity has been published (not a draft, not cancelled). */
export const recordable = (status: string) =>
  status === 'open' || status === 'closed' || status === 'completed';

export type InvolvementService = ReturnType<typeof createInvolvementService>;
