import { aroundCursor } from '#platform/http/pagination.ts';
import {
  GENESIS_HASH,
  hashRow,
  type AuditLog,
  type VerifyResult,
} from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import { canAnywhere, canPlatform, scopeOf } from '#platform/permissions/policy.ts';
import * as repository from './repository.ts';
import { authoriseAt, authoriseRow } from '../subtrees.ts';

export const PAGE_SIZE = 25;
/** More organisations than this in scope: the filter takes an id instead of offering a list. */
export const ORGANISATION_LIST_LIMIT = 250;

/**
 * The audit log viewer. Platform administrators read every entry; holders of audit.view
 * (organisation administrators) read the entries of the organisations in their subtrees.
 * Every read of the log is itself recorded in it.
 */
export function createAuditViewer(deps: { db: Database; audit: AuditLog }) {
  const { db, audit } = deps;

  const scopeFor = (actor: Actor): repository.Scope =>
    actor.platformAdmin ? null : scopeOf(actor, 'audit.view');

  /** The organisation a filter names: 404 unless the actor can see it, 403 unless it may read its log. */
  async function authoriseOrganisation(actor: Actor, organisationId: string) {
    const organisation = await repository.findOrganisation(db, organisationId);
    if (!organisation) throw new HttpError(404);
    authoriseAt(actor, 'audit.view', organisation);
    return organisation;
  }

  function authoriseAnywhere(actor: Actor) {
    if (!canAnywhere(actor, 'audit.view')) throw new HttpError(403);
  }

  /** Checks the actor may use the viewer (at this organisation, when one is named). */
  async function authoriseList(actor: Actor, organisationId: string | undefined) {
    if (organisationId) return authoriseOrganisation(actor, organisationId);
    authoriseAnywhere(actor);
    return undefined;
  }

  /** One page of entries, newest first, and the cursors of the pages either side. */
  async function listEntries(
    actor: Actor,
    filters: repository.EntryFilters,
    cursor: repository.PageCursor,
    lang: Language,
  ) {
    const organisation = await authoriseList(actor, filters.organisationId);
    const scope = scopeFor(actor);
    const rows = await repository.listEntries(db, scope, filters, cursor, PAGE_SIZE + 1);
    const { shown: entries, newer, older } = aroundCursor(rows, cursor, PAGE_SIZE);
    const organisations = await repository.organisationsInScope(
      db,
      scope,
      lang,
      ORGANISATION_LIST_LIMIT + 1,
    );
    await audit.record({
      actorAccountId: actor.id,
      action: 'audit.viewed',
      organisationId: organisation?.id ?? null,
      details: {
        filters: {
          ...filters,
          from: filters.from?.toISOString(),
          to: filters.to?.toISOString(),
        },
        ...cursor,
        shown: entries.length,
      },
    });
    return {
      entries,
      newer,
      older,
      organisation,
      organisations: organisations.length > ORGANISATION_LIST_LIMIT ? null : organisations,
    };
  }

  /** One entry with its hashes, and whether it matches them. */
  async function showEntry(actor: Actor, id: number) {
    const entry = await repository.findEntry(db, id);
    if (!entry) throw new HttpError(404);
    authoriseRow(actor, 'audit.view', entry);
    await audit.record({
      actorAccountId: actor.id,
      action: 'audit.entry_viewed',
      subjectType: 'audit_entry',
      subjectId: String(entry.id),
      organisationId: entry.organisation_id,
    });
    return {
      entry,
      // appended moments ago: not chained yet (the sealer adds it within seconds)
      sealed: entry.hash !== null,
      matchesHash: hashRow(entry) === entry.hash,
      linksToPrevious: entry.prev_hash === (entry.previous_hash ?? GENESIS_HASH),
    };
  }

  /** The id of the account with this e-mail address, when the actor's scope reaches it. */
  async function findActor(actor: Actor, email: string) {
    authoriseAnywhere(actor);
    return repository.findAccountIdByEmail(db, scopeFor(actor), email);
  }

  function authoriseVerify(actor: Actor) {
    if (!canPlatform(actor, 'platform.manage')) throw new HttpError(403);
  }

  /** The newest entry, as the chain head records it. */
  async function chainHead(actor: Actor) {
    authoriseVerify(actor);
    return audit.head();
  }

  /** Recomputes the whole chain (platform administrators only) and records that it did. */
  async function verifyLog(actor: Actor): Promise<VerifyResult> {
    authoriseVerify(actor);
    const result = await audit.verify();
    await audit.record({
      actorAccountId: actor.id,
      action: 'audit.verified',
      details: { ok: result.ok, checked: result.checked, problems: result.problems.length },
    });
    return result;
  }

  return { authoriseList, listEntries, showEntry, findActor, chainHead, verifyLog };
}

export type AuditViewer = ReturnType<typeof createAuditViewer>;
