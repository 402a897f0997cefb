import { aroundCursor } from '#platform/http/pagination.ts';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, canAnywhere, scopeOf } from '#platform/permissions/policy.ts';
import * as repository from './repository.ts';

export const PAGE_SIZE = 25;

/**
 * The outbox: what Cyd would have sent (and, with the SMTP adapter, the text messages and
 * letters it could not). Messages hold e-mail addresses, phone numbers and postal addresses,
 * so every look at the outbox is audited. Platform administrators read every message;
 * holders of outbox.view read those of the organisations in their subtrees.
 */
export function createOutboxService(deps: { db: Database; audit: AuditLog }) {
  const { db, audit } = deps;

  const scopeFor = (actor: Actor): repository.Scope =>
    actor.platformAdmin ? null : scopeOf(actor, 'outbox.view');

  /** 404 unless the actor can see the organisation; 403 unless it may read its outbox. */
  function authoriseAt(actor: Actor, organisation: { id: string; ancestors: string[] }) {
    if (can(actor, 'outbox.view', organisation)) return;
    throw new HttpError(can(actor, 'organisation.view', organisation) ? 403 : 404);
  }

  async function listMessages(
    actor: Actor,
    filters: repository.MessageFilters,
    cursor: repository.PageCursor,
  ) {
    let organisation: repository.OrganisationRow | undefined;
    if (filters.organisationId) {
      organisation = await repository.findOrganisation(db, filters.organisationId);
      if (!organisation) throw new HttpError(404);
      authoriseAt(actor, organisation);
    } else if (!canAnywhere(actor, 'outbox.view')) {
      throw new HttpError(403);
    }
    const rows = await repository.listMessages(db, scopeFor(actor), filters, cursor, PAGE_SIZE + 1);
    const { shown: messages, newer, older } = aroundCursor(rows, cursor, PAGE_SIZE);
    await audit.record({
      actorAccountId: actor.id,
      action: 'outbox.viewed',
      organisationId: organisation?.id ?? null,
      details: { filters, ...cursor, shown: messages.length },
    });
    return { messages, newer, older, organisation };
  }

  async function showMessage(actor: Actor, id: string) {
    const message = await repository.findMessage(db, id);
    if (!message) throw new HttpError(404);
    if (message.organisation_id === null || message.organisation_ancestors === null) {
      if (!actor.platformAdmin) throw new HttpError(404);
    } else {
      authoriseAt(actor, {
        id: message.organisation_id,
        ancestors: message.organisation_ancestors,
      });
    }
    await audit.record({
      actorAccountId: actor.id,
      action: 'outbox.message_viewed',
      subjectType: 'outbox_message',
      subjectId: message.id,
      organisationId: message.organisation_id,
    });
    return message;
  }

  return { listMessages, showMessage };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
