import { sql, type Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import { scopeOf, type Permission } from '#platform/permissions/policy.ts';
import { questionNames, type EqualityAnswers } from './questions.ts';

/**
 * Equality monitoring answers: optional, recorded only by holders of `equality.record` and
 * only while the person's `equality` consent is live. Held apart from the person record: other
 * pages may show only whether answers are recorded; nothing here is exported with the register.
 */
export interface EqualityPerson {
  id: string;
  displayName: string;
  organisationId: string;
}

export interface EqualityRecord {
  person: EqualityPerson;
  /** A live `equality` consent: without it nothing may be recorded or shown. */
  consented: boolean;
  answers: EqualityAnswers | null;
  recordedAt: Date | null;
}

type Db = Kysely<DB>;

const overlaps = (ids: string[]) => sql<boolean>`scope_ids && ${sql.val(ids)}::uuid[]`;

/** Is the person within the subtrees where the actor holds the permission? */
function within(actor: Actor, permission: Permission) {
  const scope = scopeOf(actor, permission);
  if (scope === null) return sql<boolean>`true`;
  if (scope.length === 0) return sql<boolean>`false`;
  return overlaps(scope);
}

/**
 * The person if the actor may record their equality monitoring; 403 when the actor can see the
 * person but not record this; 404 when the person is invisible to the actor (or does not exist).
 */
async function personFor(db: Db, actor: Actor, personId: string): Promise<EqualityPerson> {
  const row = await db
    .selectFrom('people')
    .select([
      'id',
      'display_name',
      'organisation_id',
      within(actor, 'equality.record').as('may_record'),
      within(actor, 'person.view').as('may_view'),
      sql<boolean>`(${within(actor, 'person.view_consented')} and exists (
        select 1 from consents c where c.person_id = people.id
          and c.purpose = 'share_identified' and c.withdrawn_at is null))`.as('may_view_consented'),
    ])
    .where('id', '=', personId)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  if (!row) throw new HttpError(404);
  if (row.may_record)
    return { id: row.id, displayName: row.display_name, organisationId: row.organisation_id };
  throw new HttpError(row.may_view || row.may_view_consented ? 403 : 404);
}

const liveConsent = (db: Db, personId: string) =>
  db
    .selectFrom('consents')
    .select('id')
    .where('person_id', '=', personId)
    .where('purpose', '=', 'equality')
    .where('withdrawn_at', 'is', null)
    .executeTakeFirst()
    .then((row) => row !== undefined);

export function createEqualityService(deps: { db: Database; audit: AuditLog }) {
  const { db, audit } = deps;

  /** The person's answers (audited as a read of personal data when there are any). */
  async function viewEquality(actor: Actor, personId: string): Promise<EqualityRecord> {
    return db.transaction().execute(async (trx) => {
      const person = await personFor(trx, actor, personId);
      const consented = await liveConsent(trx, person.id);
      if (!consented) return { person, consented, answers: null, recordedAt: null };
      const row = await trx
        .selectFrom('equality_monitoring')
        .selectAll()
        .where('person_id', '=', person.id)
        .executeTakeFirst();
      if (row)
        await audit.record(
          {
            actorAccountId: actor.id,
            action: 'equality.viewed',
            subjectType: 'person',
            subjectId: person.id,
            organisationId: person.organisationId,
            details: {},
          },
          trx,
        );
      const answers = row ? Object.fromEntries(questionNames.map((q) => [q, row[q]])) : null;
      return { person, consented, answers, recordedAt: row?.recorded_at ?? null };
    });
  }

  /**
   * Records (or replaces) the answers. Refused (false) without a live `equality` consent.
   * Audited with the questions answered, never the answers.
   */
  async function recordEquality(actor: Actor, personId: string, answers: EqualityAnswers) {
    return db.transaction().execute(async (trx) => {
      const person = await personFor(trx, actor, personId);
      if (!(await liveConsent(trx, person.id))) return false;
      const values = Object.fromEntries(questionNames.map((q) => [q, answers[q] ?? null]));
      await trx
        .insertInto('equality_monitoring')
        .values({
          person_id: person.id,
          organisation_id: person.organisationId,
          ...values,
          recorded_at: new Date(),
        })
        .onConflict((oc) =>
          oc.column('person_id').doUpdateSet({
            ...values,
            organisation_id: person.organisationId,
            recorded_at: new Date(),
          }),
        )
        .execute();
      await audit.record(
        {
          actorAccountId: actor.id,
          action: 'equality.recorded',
          subjectType: 'person',
          subjectId: person.id,
          organisationId: person.organisationId,
          details: { fields: questionNames.filter((q) => answers[q]) },
        },
        trx,
      );
      return true;
    });
  }

  /** Whether answers are recorded: all the person page may ever show. */
  async function hasEqualityRecord(personId: string) {
    const row = await db
      .selectFrom('equality_monitoring')
      .select('person_id')
      .where('person_id', '=', personId)
      .executeTakeFirst();
    return row !== undefined;
  }

  return { viewEquality, recordEquality, hasEqualityRecord };
}

export type EqualityService = ReturnType<typeof createEqualityService>;
