import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import type { DB, OrganisationKind } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import {
  can,
  rolesWith,
  scopeOf,
  type OrganisationRef,
  type Permission,
} from '#platform/permissions/policy.ts';
import { failed, invalid, ok, type Issue, type Result } from '#platform/validation/index.ts';
import * as repository from './repository.ts';
import { allowedChildKinds, ancestorsFor, isAllowedUnder } from './tree.ts';

export const PAGE_SIZE = 25;

export type Organisation = repository.OrganisationRecord & { path: repository.PathItem[] };

/** A new organisation checked and waiting for the person to confirm it (kept in the session). */
export interface OrganisationDraft {
  /** Chosen up front, so confirming twice creates one organisation. */
  id: string;
  parentId: string | null;
  kind: OrganisationKind;
  nameEn: string;
  nameCy: string;
  requiresMfa: boolean;
}

/** An audit entry by the actor about an organisation, filed under it. */
const aboutOrganisation = (actor: Actor, id: string) => ({
  actorAccountId: actor.id,
  subjectType: 'organisation',
  subjectId: id,
  organisationId: id,
});

/** 404 when the actor cannot see the organisation at all; 403 when it can see but not act. */
function authoriseAt(actor: Actor, permission: Permission, organisation: OrganisationRef) {
  if (can(actor, permission, organisation)) return;
  throw new HttpError(can(actor, 'organisation.view', organisation) ? 403 : 404);
}

/** Locks an organisation for a change by an actor who may manage it (404 when there is none). */
async function lockToManage(trx: Kysely<DB>, actor: Actor, id: string) {
  const current = await repository.lockOrganisation(trx, id);
  if (!current) throw new HttpError(404);
  authoriseAt(actor, 'organisation.manage', current);
  return current;
}

/** Is the organisation still visible to the actor once it is archived (so not via itself)? */
function visibleWithout(actor: Actor, organisation: OrganisationRef) {
  if (actor.platformAdmin) return true;
  const roles: readonly string[] = rolesWith('organisation.view');
  return actor.memberships.some(
    (m) =>
      m.organisationId !== organisation.id &&
      organisation.ancestors.includes(m.organisationId) &&
      roles.includes(m.role),
  );
}

/**
 * Organisations: the tree of nations, regions, areas, providers, services and groups.
 * Every method takes the acting staff member and checks the central policy before reading
 * or writing; every change is audited in the same transaction.
 */
export function createOrganisationsService(deps: { db: Database; audit: AuditLog }) {
  const { db, audit } = deps;

  async function load(id: string): Promise<Organisation> {
    const organisation = await repository.findOrganisation(db, id);
    if (!organisation) throw new HttpError(404);
    return organisation;
  }

  /** Checks a new organisation's details against the tree rules and its future siblings. */
  async function checkNew(
    trx: Kysely<DB>,
    actor: Actor,
    parent: repository.OrganisationRecord | null,
    input: { kind: OrganisationKind; nameEn: string; nameCy: string; requiresMfa?: boolean },
  ): Promise<Issue[]> {
    const issues: Issue[] = [];
    if (!isAllowedUnder(input.kind, parent?.kind ?? null))
      issues.push({ field: 'kind', message: 'organisations:errors.kind.notAllowed' });
    if (input.requiresMfa === false && !actor.platformAdmin)
      issues.push({ field: 'requiresMfa', message: 'organisations:errors.requiresMfa.adminOnly' });
    const taken = await repository.namesTakenBySiblings(trx, {
      parentId: parent?.id ?? null,
      nameEn: input.nameEn,
      nameCy: input.nameCy,
    });
    if (taken.nameEn)
      issues.push({ field: 'nameEn', message: 'organisations:errors.nameEn.taken' });
    if (taken.nameCy)
      issues.push({ field: 'nameCy', message: 'organisations:errors.nameCy.taken' });
    return issues;
  }

  function authoriseCreate(actor: Actor, parent: repository.OrganisationRecord | null) {
    if (parent) authoriseAt(actor, 'organisation.manage', parent);
    else if (!actor.platformAdmin) throw new HttpError(403);
  }

  return {
    /** One page of the organisations the actor may see, in tree order. */
    async list(
      actor: Actor,
      options: {
        search: string;
        kind?: OrganisationKind | undefined;
        includeArchived: boolean;
        page: number;
        lang: Language;
      },
    ) {
      const { rows, total } = await repository.listOrganisations(db, {
        scope: scopeOf(actor, 'organisation.view'),
        search: options.search,
        kind: options.kind,
        includeArchived: options.includeArchived,
        lang: options.lang,
        limit: PAGE_SIZE,
        offset: (options.page - 1) * PAGE_SIZE,
      });
      return { rows, total, page: options.page, pageCount: Math.ceil(total / PAGE_SIZE) };
    },

    /** An organisation the actor may see (404 otherwise). */
    async view(actor: Actor, id: string) {
      const organisation = await load(id);
      authoriseAt(actor, 'organisation.view', organisation);
      return organisation;
    },

    /** An organisation the actor may manage (404 if invisible, 403 if only visible). */
    async forManagement(actor: Actor, id: string) {
      const organisation = await load(id);
      authoriseAt(actor, 'organisation.manage', organisation);
      return organisation;
    },

    /** The parent for a new organisation: null for a nation (platform administrators only). */
    async parentForNew(actor: Actor, parentId: string | null) {
      const parent = parentId === null ? null : await load(parentId);
      authoriseCreate(actor, parent);
      return parent;
    },

    /** A page of an organisation's children, active ones first (after view()). */
    async children(organisation: Organisation, page: number, lang: Language) {
      const { rows, total, activeTotal } = await repository.listChildren(db, organisation.id, {
        lang,
        limit: PAGE_SIZE,
        offset: (page - 1) * PAGE_SIZE,
      });
      return { rows, total, activeTotal, page, pageCount: Math.ceil(total / PAGE_SIZE) };
    },

    /** Staff counts by role, here and below (after view()). */
    staffCounts(organisation: Organisation) {
      return repository.countStaff(db, organisation.id);
    },

    allowedChildKinds,

    /** Checks a new organisation before the person confirms it; returns the draft to confirm. */
    async draftOrganisation(
      actor: Actor,
      parentId: string | null,
      input: { kind: OrganisationKind; nameEn: string; nameCy: string; requiresMfa?: boolean },
      previous?: OrganisationDraft,
    ): Promise<Result<OrganisationDraft>> {
      const parent = parentId === null ? null : await load(parentId);
      authoriseCreate(actor, parent);
      if (parent?.archivedAt) return invalid('form', 'organisations:errors.parentArchived');
      const issues = await checkNew(db, actor, parent, input);
      if (issues.length) return failed(issues);
      return {
        ok: true,
        value: {
          id: previous?.parentId === parentId ? previous.id : crypto.randomUUID(),
          parentId,
          kind: input.kind,
          nameEn: input.nameEn,
          nameCy: input.nameCy,
          requiresMfa: actor.platformAdmin ? (input.requiresMfa ?? true) : true,
        },
      };
    },

    /**
     * Creates a confirmed organisation. Confirming the same draft again changes nothing and
     * answers as before (`created: false`).
     */
    async createOrganisation(
      actor: Actor,
      draft: OrganisationDraft,
    ): Promise<Result<{ id: string; created: boolean }>> {
      return db.transaction().execute(async (trx) => {
        const parent = draft.parentId
          ? ((await repository.lockOrganisation(trx, draft.parentId)) ?? null)
          : null;
        if (draft.parentId && !parent) throw new HttpError(404);
        authoriseCreate(actor, parent);
        const existing = await trx
          .selectFrom('organisations')
          .select('id')
          .where('id', '=', draft.id)
          .executeTakeFirst();
        if (existing) return ok({ id: draft.id, created: false });
        if (parent?.archivedAt) return invalid('form', 'organisations:errors.parentArchived');
        const issues = await checkNew(trx, actor, parent, draft);
        if (issues.length) return failed(issues);
        const inserted = await repository.insertOrganisation(trx, {
          ...draft,
          ancestors: ancestorsFor(draft.id, parent?.ancestors ?? null),
        });
        if (inserted) {
          await audit.record(
            {
              ...aboutOrganisation(actor, draft.id),
              action: 'organisation.created',
              details: {
                kind: draft.kind,
                parentId: draft.parentId,
                requiresMfa: draft.requiresMfa,
              },
            },
            trx,
          );
        }
        return ok({ id: draft.id, created: inserted });
      });
    },

    /** Renames an organisation; platform administrators may also change whether it requires MFA. */
    async updateOrganisation(
      actor: Actor,
      id: string,
      input: { nameEn: string; nameCy: string; requiresMfa?: boolean },
    ): Promise<Result<{ changed: string[] }>> {
      return db.transaction().execute(async (trx) => {
        const current = await lockToManage(trx, actor, id);
        if (current.archivedAt) return invalid('form', 'organisations:errors.archived');
        if (input.requiresMfa !== undefined && !actor.platformAdmin) throw new HttpError(403);
        const taken = await repository.namesTakenBySiblings(trx, {
          parentId: current.parentId,
          nameEn: input.nameEn,
          nameCy: input.nameCy,
          exceptId: id,
        });
        const issues: Issue[] = [];
        if (taken.nameEn)
          issues.push({ field: 'nameEn', message: 'organisations:errors.nameEn.taken' });
        if (taken.nameCy)
          issues.push({ field: 'nameCy', message: 'organisations:errors.nameCy.taken' });
        if (issues.length) return failed(issues);
        const changes: { name_en?: string; name_cy?: string; requires_mfa?: boolean } = {};
        if (input.nameEn !== current.nameEn) changes.name_en = input.nameEn;
        if (input.nameCy !== current.nameCy) changes.name_cy = input.nameCy;
        if (input.requiresMfa !== undefined && input.requiresMfa !== current.requiresMfa)
          changes.requires_mfa = input.requiresMfa;
        const changed = Object.keys(changes);
        if (changed.length === 0) return ok({ changed });
        await repository.updateOrganisation(trx, id, changes);
        await audit.record(
          {
            ...aboutOrganisation(actor, id),
            action: 'organisation.updated',
            details: { fields: changed },
          },
          trx,
        );
        return ok({ changed });
      });
    },

    /**
     * Archives an organisation with no active children. Its staff lose the roles they held
     * there (sessions leave archived organisations out). Archiving twice changes nothing.
     */
    async archiveOrganisation(
      actor: Actor,
      id: string,
    ): Promise<Result<{ archived: boolean; stillVisible: boolean }>> {
      return db.transaction().execute(async (trx) => {
        const current = await lockToManage(trx, actor, id);
        const stillVisible = visibleWithout(actor, current);
        if (current.archivedAt) return ok({ archived: false, stillVisible });
        if (await repository.hasActiveChildren(trx, id))
          return invalid('form', 'organisations:errors.hasActiveChildren');
        await repository.setArchived(trx, id, true);
        await audit.record(
          {
            ...aboutOrganisation(actor, id),
            action: 'organisation.archived',
          },
          trx,
        );
        return ok({ archived: true, stillVisible });
      });
    },

    /** Brings an archived organisation back, if its parent is active and its names are free. */
    async restoreOrganisation(actor: Actor, id: string): Promise<Result<{ restored: boolean }>> {
      return db.transaction().execute(async (trx) => {
        const current = await lockToManage(trx, actor, id);
        if (!current.archivedAt) return ok({ restored: false });
        if (current.parentId) {
          const parent = await repository.lockOrganisation(trx, current.parentId);
          if (parent?.archivedAt) return invalid('form', 'organisations:errors.parentArchived');
        }
        const taken = await repository.namesTakenBySiblings(trx, {
          parentId: current.parentId,
          nameEn: current.nameEn,
          nameCy: current.nameCy,
          exceptId: id,
        });
        if (taken.nameEn || taken.nameCy)
          return invalid('form', 'organisations:errors.restoreNameTaken');
        await repository.setArchived(trx, id, false);
        await audit.record(
          {
            ...aboutOrganisation(actor, id),
            action: 'organisation.restored',
          },
          trx,
        );
        return ok({ restored: true });
      });
    },
  };
}

export type OrganisationsService = ReturnType<typeof createOrganisationsService>;
