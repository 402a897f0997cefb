import { sql, type Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { KeyRing } from '#platform/crypto/encryption.ts';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import type { ConsentPurpose, PersonStatus } from '../tables.ts';
import { cancelQueuedMessages } from '../contact/index.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, rolesWith, scopeOf } from '#platform/permissions/policy.ts';
import { lookupHash, normaliseNameAndBirth, protect, reveal } from './protected-fields.ts';
import * as repository from './repository.ts';
import {
  PAGE_SIZE,
  type Address,
  type AgeStep,
  type AvailabilitySection,
  type CarersSection,
  type ContactStep,
  type InterestsSection,
  type Issue,
  type KindStep,
  type LanguageStep,
  type NameStep,
  type NewPerson,
  type Section,
  type StatusInput,
} from './schema.ts';

/**
 * The involvement register: people who want to be involved, and everything on their record.
 * Every command is one transaction with its audit entry inside; every read is filtered by
 * who is asking (staff by organisation scope, commissioners by consent, a person by being
 * themselves). Other features use these commands, never the repository.
 */

/** Someone signed in to the people's portal, acting on their own record. */
export interface PortalPerson {
  personId: string;
}
/** Who is acting: a staff account, or the person themselves. */
export type Who = Actor | PortalPerson;
const isPerson = (who: Who): who is PortalPerson => 'personId' in who;

export type Result<T> = { ok: true; value: T } | { ok: false; issues: Issue[] };
const failure = (field: string, message: string): { ok: false; issues: Issue[] } => ({
  ok: false,
  issues: [{ field, message }],
});

/** How much of a record the viewer sees. */
export type Access = 'full' | 'consented' | 'self';

export type DetailsInput = KindStep & NameStep & AgeStep;
export type ContactInput = LanguageStep &
  ContactStep & {
    /** Staff only: the named worker (null: none); undefined leaves it unchanged (the portal). */
    namedWorkerAccountId?: string | null | undefined;
  };
export interface SectionInputs {
  details: DetailsInput;
  contact: ContactInput;
  availability: AvailabilitySection;
  interests: InterestsSection;
  carers: CarersSection;
}

export interface PersonView extends Omit<repository.PersonRecord, 'address' | 'supporters'> {
  address: Address | null;
  supporters: (repository.SupporterRow & { name: string | null })[];
  access: Access;
  /** May the viewer change the record? */
  canManage: boolean;
  /** May the viewer export everything held about the person, or erase it? */
  canRights: boolean;
  /** May the viewer record the person's equality monitoring answers? */
  canEquality: boolean;
}

/** The consents that are live now, by purpose. */
export const liveConsents = (person: Pick<PersonView, 'consents'>) =>
  new Set(person.consents.filter((c) => c.withdrawnAt === null).map((c) => c.purpose));

export function viewerOf(who: Who): repository.Viewer {
  if (isPerson(who)) return { view: [], consented: [], self: who.personId };
  return {
    view: scopeOf(who, 'person.view'),
    consented: scopeOf(who, 'person.view_consented') ?? [],
  };
}

const overlaps = (a: string[], b: string[]) => a.some((x) => b.includes(x));

/** May `who` change this person's record? */
export function canManagePerson(who: Who, person: { id: string; scopeIds: string[] }) {
  if (isPerson(who)) return who.personId === person.id;
  return holdsForPerson(who, 'person.manage', person);
}

/** Does a staff member hold the permission at one of the person's organisations? */
export function holdsForPerson(
  who: Who,
  permission: 'person.manage' | 'person.rights' | 'equality.record',
  person: { scopeIds: string[] },
) {
  if (isPerson(who)) return false;
  const scope = scopeOf(who, permission);
  return scope === null || overlaps(person.scopeIds, scope);
}

function accessOf(who: Who, person: { id: string; scopeIds: string[] }): Access {
  if (isPerson(who)) return 'self';
  const scope = scopeOf(who, 'person.view');
  return scope === null || overlaps(person.scopeIds, scope) ? 'full' : 'consented';
}

/**
 * Keeps `people.scope_ids` in step with the person's connections: call inside the
 * transaction that changed `person_organisations`.
 */
export const refreshPersonScope = (trx: Kysely<DB>, personId: string) =>
  repository.refreshPersonScope(trx, personId);

const actorIdOf = (who: Who) => (isPerson(who) ? null : who.id);

export function createPeopleService(deps: { db: Database; audit: AuditLog; keys: KeyRing }) {
  const { db, audit, keys } = deps;

  const inTransaction = <T>(trx: Kysely<DB> | undefined, work: (trx: Kysely<DB>) => Promise<T>) =>
    trx?.isTransaction ? work(trx) : db.transaction().execute(work);

  /** Decrypts the protected columns of a record. */
  function decrypt(record: repository.PersonRecord, who: Who): PersonView {
    const access = accessOf(who, record);
    const open = (column: Parameters<typeof reveal>[1], value: string | null) =>
      access === 'consented' ? null : reveal(keys, column, record.id, value);
    const address = open('address', record.address);
    return {
      ...record,
      legalName: open('legal_name', record.legalName),
      dateOfBirth: open('date_of_birth', record.dateOfBirth),
      phone: open('phone', record.phone),
      email: open('email', record.email),
      address: address ? (JSON.parse(address) as Address) : null,
      supporters:
        access === 'consented'
          ? []
          : record.supporters.map((s) => ({
              ...s,
              name: reveal(keys, 'supporter_name', record.id, s.name),
            })),
      access,
      canManage: canManagePerson(who, record),
      canRights: holdsForPerson(who, 'person.rights', record),
      canEquality: holdsForPerson(who, 'equality.record', record),
    };
  }

  /** The columns of the details section. */
  const detailsColumns = (id: string, input: DetailsInput) => ({
    kind: input.kind,
    display_name: input.displayName,
    legal_name: protect(keys, 'legal_name', id, input.legalName),
    date_of_birth: protect(keys, 'date_of_birth', id, input.dateOfBirth),
    age_band: input.ageBand,
    dedupe_lookup: input.dateOfBirth
      ? lookupHash(
          keys,
          'dedupe',
          normaliseNameAndBirth(input.legalName ?? input.displayName, input.dateOfBirth),
        )
      : null,
  });

  /** Staff who may be a person's named worker: hold person.manage where the person is. */
  const workersQuery = (executor: Kysely<DB>, scopeIds: string[]) =>
    executor
      .selectFrom('accounts as a')
      .where('a.disabled_at', 'is', null)
      .where((eb) =>
        eb.exists(
          eb
            .selectFrom('memberships as m')
            .select('m.account_id')
            .whereRef('m.account_id', '=', 'a.id')
            .where('m.role', 'in', [...rolesWith('person.manage')])
            .where(sql<boolean>`m.organisation_id = any(${sql.val(scopeIds)}::uuid[])`),
        ),
      );

  const contactColumns = (id: string, input: ContactInput) => ({
    preferred_language: input.preferredLanguage,
    speaks_welsh: input.speaksWelsh,
    formats: input.formats,
    interpreter_language: input.interpreterLanguage,
    phone: protect(keys, 'phone', id, input.phone),
    email: protect(keys, 'email', id, input.email),
    address: protect(keys, 'address', id, input.address ? JSON.stringify(input.address) : null),
    phone_lookup: input.phone ? lookupHash(keys, 'phone', input.phone) : null,
    email_lookup: input.email ? lookupHash(keys, 'email', input.email) : null,
    channels: input.channels,
    no_voicemail: input.noVoicemail,
    plain_envelope: input.plainEnvelope,
    no_contact_via_family: input.noContactViaFamily,
    quiet_from: input.quietFrom,
    quiet_to: input.quietTo,
    // only staff choose the named worker; the portal's form leaves it as it is
    ...(input.namedWorkerAccountId === undefined
      ? {}
      : { named_worker_account_id: input.namedWorkerAccountId }),
  });

  /** A section's current values, in the same shape as its input (to see what changed). */
  function currentValues(person: PersonView, section: Section): Record<string, unknown> {
    switch (section) {
      case 'details':
        return {
          kind: person.kind,
          displayName: person.displayName,
          legalName: person.legalName,
          dateOfBirth: person.dateOfBirth,
          ageBand: person.ageBand,
        };
      case 'contact':
        return {
          preferredLanguage: person.preferredLanguage,
          speaksWelsh: person.speaksWelsh,
          formats: person.formats,
          interpreterLanguage: person.interpreterLanguage,
          phone: person.phone,
          email: person.email,
          address: person.address,
          channels: person.channels,
          noVoicemail: person.noVoicemail,
          plainEnvelope: person.plainEnvelope,
          noContactViaFamily: person.noContactViaFamily,
          quietFrom: person.quietFrom,
          quietTo: person.quietTo,
          namedWorkerAccountId: person.namedWorkerAccountId,
        };
      case 'availability':
        return {
          travelLimit: person.travelLimit,
          accessNeeds: person.accessNeeds,
          supportNeeded: person.supportNeeded,
          unavailableTimes: person.unavailableTimes,
          unavailableDates: person.unavailableDates,
        };
      case 'interests':
        return {
          willingActivities: person.willingActivities,
          skills: person.skills,
          interests: person.interests,
          trainingCompleted: person.trainingCompleted,
          orientation: person.orientation,
          commitmentGroup: person.commitmentGroup,
        };
      case 'carers':
        return {
          emergencyArrangements: person.emergencyArrangements,
          supporters: person.supporters.map((s) => ({
            name: s.name,
            relationship: s.relationship,
            relatedPersonId: s.relatedPersonId,
            mayShare: s.mayShare,
          })),
        };
    }
  }

  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

  /** Loads a person for a change: 404 if invisible, 403 if visible but not the viewer's to change. */
  async function forChange(trx: Kysely<DB>, who: Who, id: string) {
    const locked = await repository.lockPerson(trx, viewerOf(who), id);
    if (!locked || locked.erasedAt) throw new HttpError(404);
    if (!canManagePerson(who, locked)) throw new HttpError(403);
    return locked;
  }

  const record = (
    trx: Kysely<DB>,
    who: Who,
    action: string,
    person: { id: string; organisationId: string },
    details: Record<string, unknown> = {},
  ) =>
    audit.record(
      {
        actorAccountId: actorIdOf(who),
        action,
        subjectType: 'person',
        subjectId: person.id,
        organisationId: person.organisationId,
        details: isPerson(who) ? { ...details, by: 'person' } : details,
      },
      trx,
    );

  return {
    PAGE_SIZE,

    /** One page of the people the actor may see that match the filters. */
    async search(actor: Actor, filters: repository.SearchFilters, page: number) {
      const result = await repository.searchPeople(db, viewerOf(actor), filters, {
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      return { ...result, page, pageCount: Math.max(1, Math.ceil(result.total / PAGE_SIZE)) };
    },

    /** Organisations where the actor may register people (for the organisation question). */
    organisationsForRegistering(actor: Actor) {
      return repository.organisationsInScope(db, scopeOf(actor, 'person.manage'));
    },

    /** An organisation by id, if the actor may register people there. */
    async organisationForRegistering(actor: Actor, id: string) {
      const organisation = await repository.findOrganisation(db, id);
      if (!organisation || organisation.archivedAt) return undefined;
      return can(actor, 'person.manage', organisation) ? organisation : undefined;
    },

    /**
     * Registers a person from the answers of the question pages (or an import). The id is
     * chosen before (on the check-your-answers page), so confirming twice registers once:
     * the second time answers `created: false`. Pass `trx` to register inside a caller's
     * transaction (imports).
     */
    async registerPerson(
      actor: Actor,
      person: NewPerson & { id: string; namedWorkerAccountId?: string | null },
      options: { trx?: Kysely<DB> } = {},
    ): Promise<Result<{ id: string; created: boolean }>> {
      return inTransaction(options.trx, async (trx) => {
        const organisation = await repository.findOrganisation(trx, person.organisationId);
        if (!organisation || organisation.archivedAt)
          return failure('organisationId', 'people:errors.organisationId.required');
        if (!can(actor, 'person.manage', organisation)) throw new HttpError(403);
        if (
          person.namedWorkerAccountId &&
          !(await workersQuery(trx, organisation.ancestors)
            .select('a.id')
            .where('a.id', '=', person.namedWorkerAccountId)
            .executeTakeFirst())
        )
          return failure('namedWorker', 'people:errors.namedWorker.invalid');
        const inserted = await trx
          .insertInto('people')
          .values({
            id: person.id,
            organisation_id: person.organisationId,
            ...detailsColumns(person.id, person),
            ...contactColumns(person.id, person),
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .returning('id')
          .executeTakeFirst();
        if (!inserted) return { ok: true as const, value: { id: person.id, created: false } };
        await trx
          .insertInto('person_organisations')
          .values({ person_id: person.id, organisation_id: person.organisationId })
          .execute();
        await repository.refreshPersonScope(trx, person.id);
        await trx
          .insertInto('person_status_history')
          .values({ person_id: person.id, status: 'active', changed_by: actor.id })
          .execute();
        const purposes = [...new Set(person.consent.purposes)];
        if (purposes.length)
          await trx
            .insertInto('consents')
            .values(
              purposes.map((purpose) => ({
                person_id: person.id,
                purpose,
                wording_version: person.consent.wordingVersion,
                method: person.consent.method,
                recorded_by: actor.id,
              })),
            )
            .execute();
        await record(trx, actor, 'person.registered', person, {
          kind: person.kind,
          consents: purposes,
          method: person.consent.method,
        });
        return { ok: true as const, value: { id: person.id, created: true } };
      });
    },

    /**
     * A person's record, decrypted, if `who` may see it (404 otherwise); records
     * `person.viewed` with the part of the record that was shown.
     */
    async findPersonForActor(
      who: Who,
      id: string,
      options: { section?: string; audit?: boolean } = {},
    ): Promise<PersonView> {
      return db.transaction().execute(async (trx) => {
        const found = await repository.findPerson(trx, viewerOf(who), id);
        if (!found || found.erasedAt) throw new HttpError(404);
        const person = decrypt(found, who);
        if (options.audit !== false)
          await record(trx, who, 'person.viewed', person, {
            section: options.section ?? 'summary',
          });
        return person;
      });
    },

    /** Changes one section of a record; records which fields changed (never their values). */
    async updatePersonSection<S extends Section>(
      who: Who,
      id: string,
      section: S,
      input: SectionInputs[S],
    ): Promise<Result<{ changed: string[] }>> {
      if (isPerson(who) && section === 'details') throw new HttpError(403);
      return db.transaction().execute(async (trx) => {
        const locked = await forChange(trx, who, id);
        const found = await repository.findPerson(trx, viewerOf(who), id);
        if (!found) throw new HttpError(404);
        const current = currentValues(decrypt(found, who), section);
        const next = { ...(input as unknown as Record<string, unknown>) };
        if (section === 'contact') {
          const worker = (input as ContactInput).namedWorkerAccountId;
          if (worker === undefined) next.namedWorkerAccountId = current.namedWorkerAccountId;
          else if (
            worker !== null &&
            worker !== current.namedWorkerAccountId &&
            !(await workersQuery(trx, found.scopeIds)
              .select('a.id')
              .where('a.id', '=', worker)
              .executeTakeFirst())
          )
            return failure('namedWorker', 'people:errors.namedWorker.invalid');
        }
        const changed = Object.keys(current).filter((field) => !same(current[field], next[field]));
        if (changed.length === 0) return { ok: true as const, value: { changed } };

        if (section === 'details') {
          await trx
            .updateTable('people')
            .set({ ...detailsColumns(id, input as DetailsInput), updated_at: new Date() })
            .where('id', '=', id)
            .execute();
        } else if (section === 'contact') {
          await trx
            .updateTable('people')
            .set({ ...contactColumns(id, input as ContactInput), updated_at: new Date() })
            .where('id', '=', id)
            .execute();
        } else if (section === 'availability') {
          const value = input as AvailabilitySection;
          await trx
            .updateTable('people')
            .set({
              travel_limit: value.travelLimit,
              access_needs: value.accessNeeds,
              support_needed: value.supportNeeded,
              updated_at: new Date(),
            })
            .where('id', '=', id)
            .execute();
          if (changed.includes('unavailableTimes')) {
            await trx.deleteFrom('person_unavailable_times').where('person_id', '=', id).execute();
            if (value.unavailableTimes.length)
              await trx
                .insertInto('person_unavailable_times')
                .values(
                  value.unavailableTimes.map((u) => ({
                    person_id: id,
                    weekday: u.weekday,
                    starts_at: u.startsAt,
                    ends_at: u.endsAt,
                    reason: u.reason,
                  })),
                )
                .execute();
          }
          if (changed.includes('unavailableDates')) {
            await trx.deleteFrom('person_unavailable_dates').where('person_id', '=', id).execute();
            if (value.unavailableDates.length)
              await trx
                .insertInto('person_unavailable_dates')
                .values(
                  value.unavailableDates.map((d) => ({
                    person_id: id,
                    date: d.date,
                    reason: d.reason,
                  })),
                )
                .execute();
          }
        } else if (section === 'interests') {
          const value = input as InterestsSection;
          await trx
            .updateTable('people')
            .set({
              willing_activities: value.willingActivities,
              skills: value.skills,
              interests: value.interests,
              training_completed: value.trainingCompleted,
              orientation: value.orientation,
              commitment_group: value.commitmentGroup,
              updated_at: new Date(),
            })
            .where('id', '=', id)
            .execute();
        } else {
          const value = input as CarersSection;
          const related = [
            ...new Set(value.supporters.map((s) => s.relatedPersonId).filter((x) => x !== null)),
          ];
          if (related.includes(id))
            return failure('supporters', 'people:errors.relatedPersonId.self');
          if (related.length) {
            const visible = await trx
              .selectFrom('people as p')
              .select('p.id')
              .where('p.id', 'in', related)
              .where('p.erased_at', 'is', null)
              .where(repository.visibleTo(viewerOf(who)))
              .execute();
            const missing = value.supporters.findIndex(
              (s) => s.relatedPersonId && !visible.some((v) => v.id === s.relatedPersonId),
            );
            if (missing >= 0)
              return failure(
                `supporter-${missing}-relatedPersonId`,
                'people:errors.relatedPersonId.notFound',
              );
          }
          await trx
            .updateTable('people')
            .set({ emergency_arrangements: value.emergencyArrangements, updated_at: new Date() })
            .where('id', '=', id)
            .execute();
          if (changed.includes('supporters')) {
            await trx.deleteFrom('person_supporters').where('person_id', '=', id).execute();
            if (value.supporters.length)
              await trx
                .insertInto('person_supporters')
                .values(
                  value.supporters.map((s) => ({
                    person_id: id,
                    related_person_id: s.relatedPersonId,
                    name: protect(keys, 'supporter_name', id, s.name),
                    relationship: s.relationship,
                    may_share: s.mayShare,
                  })),
                )
                .execute();
          }
        }
        await record(trx, who, 'person.updated', locked, { section, fields: changed });
        return { ok: true as const, value: { changed } };
      });
    },

    /** Active, paused (with an optional review date) or moved on; the history is kept. */
    async changePersonStatus(
      actor: Actor,
      id: string,
      input: StatusInput,
    ): Promise<Result<{ changed: boolean }>> {
      return db.transaction().execute(async (trx) => {
        const locked = await forChange(trx, actor, id);
        await trx
          .updateTable('people')
          .set({
            status: input.status,
            pause_review_date: input.status === 'paused' ? input.reviewDate : null,
            updated_at: new Date(),
          })
          .where('id', '=', id)
          .execute();
        await trx
          .insertInto('person_status_history')
          .values({
            person_id: id,
            status: input.status,
            pause_review_date: input.status === 'paused' ? input.reviewDate : null,
            reason: input.reason,
            changed_by: actor.id,
          })
          .execute();
        await record(trx, actor, 'person.status_changed', locked, {
          from: locked.status,
          to: input.status,
          fields: ['status', ...(input.reviewDate ? ['pauseReviewDate'] : [])],
        });
        return { ok: true as const, value: { changed: locked.status !== input.status } };
      });
    },

    /** Connects the person to another organisation the actor may register people at. */
    async connectOrganisation(
      actor: Actor,
      id: string,
      organisationId: string,
    ): Promise<Result<{ connected: boolean }>> {
      return db.transaction().execute(async (trx) => {
        const locked = await forChange(trx, actor, id);
        const organisation = await repository.findOrganisation(trx, organisationId);
        if (!organisation || organisation.archivedAt || !can(actor, 'person.manage', organisation))
          return failure('organisationId', 'people:errors.organisationId.required');
        const inserted = await trx
          .insertInto('person_organisations')
          .values({ person_id: id, organisation_id: organisationId })
          .onConflict((oc) => oc.columns(['person_id', 'organisation_id']).doNothing())
          .returning('person_id')
          .executeTakeFirst();
        if (!inserted) return { ok: true as const, value: { connected: false } };
        await repository.refreshPersonScope(trx, id);
        await record(trx, actor, 'person.organisation_connected', locked, { organisationId });
        return { ok: true as const, value: { connected: true } };
      });
    },

    /** Removes a connection (never the organisation that registered the person). */
    async disconnectOrganisation(
      actor: Actor,
      id: string,
      organisationId: string,
    ): Promise<Result<{ disconnected: boolean }>> {
      return db.transaction().execute(async (trx) => {
        const locked = await forChange(trx, actor, id);
        if (organisationId === locked.organisationId)
          return failure('form', 'people:errors.organisation.owner');
        const organisation = await repository.findOrganisation(trx, organisationId);
        if (!organisation || !can(actor, 'person.manage', organisation)) throw new HttpError(403);
        const removed = await trx
          .deleteFrom('person_organisations')
          .where('person_id', '=', id)
          .where('organisation_id', '=', organisationId)
          .returning('person_id')
          .executeTakeFirst();
        if (!removed) return { ok: true as const, value: { disconnected: false } };
        await repository.refreshPersonScope(trx, id);
        await record(trx, actor, 'person.organisation_disconnected', locked, { organisationId });
        return { ok: true as const, value: { disconnected: true } };
      });
    },

    /** Records consent for purposes not already live (re-consent after withdrawal adds a row). */
    async recordConsent(
      who: Who,
      id: string,
      input: {
        purposes: ConsentPurpose[];
        method: 'in_person' | 'paper' | 'portal' | 'phone' | 'import';
        wordingVersion: string;
      },
    ): Promise<Result<{ recorded: ConsentPurpose[] }>> {
      return db.transaction().execute(async (trx) => {
        const locked = await forChange(trx, who, id);
        const live = await trx
          .selectFrom('consents')
          .select('purpose')
          .where('person_id', '=', id)
          .where('withdrawn_at', 'is', null)
          .execute();
        const recorded = [...new Set(input.purposes)].filter(
          (purpose) => !live.some((c) => c.purpose === purpose),
        );
        if (!recorded.length) return { ok: true as const, value: { recorded } };
        await trx
          .insertInto('consents')
          .values(
            recorded.map((purpose) => ({
              person_id: id,
              purpose,
              wording_version: input.wordingVersion,
              method: input.method,
              recorded_by: actorIdOf(who),
            })),
          )
          .onConflict((oc) =>
            oc.columns(['person_id', 'purpose']).where('withdrawn_at', 'is', null).doNothing(),
          )
          .execute();
        await record(trx, who, 'person.consent_recorded', locked, {
          purposes: recorded,
          method: input.method,
          wordingVersion: input.wordingVersion,
        });
        return { ok: true as const, value: { recorded } };
      });
    },

    /**
     * Withdraws consent for a purpose, with effect everywhere at once: withdrawing `contact`
     * cancels every message queued to the person in the same transaction; withdrawing
     * `equality` deletes their equality monitoring answers.
     */
    async withdrawConsent(
      who: Who,
      id: string,
      purpose: ConsentPurpose,
      method: 'in_person' | 'paper' | 'portal' | 'phone',
    ): Promise<Result<{ withdrawn: boolean }>> {
      return db.transaction().execute(async (trx) => {
        const locked = await forChange(trx, who, id);
        const withdrawn = await trx
          .updateTable('consents')
          .set({
            withdrawn_at: new Date(),
            withdrawn_by: actorIdOf(who),
            withdrawal_method: method,
          })
          .where('person_id', '=', id)
          .where('purpose', '=', purpose)
          .where('withdrawn_at', 'is', null)
          .returning('id')
          .executeTakeFirst();
        if (!withdrawn) return { ok: true as const, value: { withdrawn: false } };
        // no contact without consent: every message queued to the person stops now
        if (purpose === 'contact') await cancelQueuedMessages(trx, id, 'contact');
        // equality answers exist only with consent: withdrawing it deletes them (not just hides)
        const equalityDeleted =
          purpose === 'equality'
            ? (await trx.deleteFrom('equality_monitoring').where('person_id', '=', id).execute())
                .map((r) => Number(r.numDeletedRows))
                .reduce((a, b) => a + b, 0) > 0
            : false;
        await record(trx, who, 'person.consent_withdrawn', locked, {
          purpose,
          method,
          ...(equalityDeleted ? { equalityAnswersDeleted: true } : {}),
        });
        return { ok: true as const, value: { withdrawn: true } };
      });
    },

    /** Who may be chosen as the person's named worker (after findPersonForActor), by name. */
    workersFor(person: PersonView) {
      return workersQuery(db, person.scopeIds)
        .select(['a.id', 'a.name'])
        .orderBy('a.name')
        .limit(200)
        .execute();
    },

    /** Who may be the named worker of someone being registered with this organisation. */
    async workersAt(organisationId: string) {
      const organisation = await repository.findOrganisation(db, organisationId);
      if (!organisation) return [];
      return workersQuery(db, organisation.ancestors)
        .select(['a.id', 'a.name'])
        .orderBy('a.name')
        .limit(200)
        .execute();
    },

    /**
     * What is waiting for staff about a person (after findPersonForActor): open requests from the
     * portal (pause, remove) and messages a worker must give by phone or in person.
     */
    async waitingFor(person: PersonView) {
      const [requests, tasks] = await Promise.all([
        db
          .selectFrom('person_requests')
          .select(['kind', 'created_at'])
          .where('person_id', '=', person.id)
          .where('resolved_at', 'is', null)
          .orderBy('created_at')
          .limit(10)
          .execute(),
        db
          .selectFrom('person_messages')
          .select(['channel', 'created_at'])
          .where('person_id', '=', person.id)
          .where('status', '=', 'blocked')
          .where('reason', '=', 'needs_person')
          .orderBy('created_at')
          .limit(10)
          .execute(),
      ]);
      return { requests, tasks };
    },

    /** A page of the history of changes to a record (after findPersonForActor). */
    async history(person: PersonView, page: number) {
      const { rows, total } = await repository.personHistory(db, person.id, {
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)) };
    },
  };
}

export type PeopleService = ReturnType<typeof createPeopleService>;
export type { PersonStatus };
