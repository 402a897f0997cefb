import { aroundCursor } from '#platform/http/pagination.ts';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, canAnywhere, scopeOf } from '#platform/permissions/policy.ts';
import * as repository from './repository.ts';
import { authoriseAt, authoriseRow } from '../subtrees.ts';

export const PAGE_SIZE = 25;

/** Templates carrying a portal sign-in code: whoever reads one can sign in as the person. */
export const CODE_TEMPLATES = new Set(['portalCode']);

/**
 * The template a message was made from, without its form (`.discreet`, `.easyRead`,
 * `.plainEnvelope`): `portalCode.discreet` is a sign-in code like `portalCode`.
 */
export const baseTemplate = (name: string) => name.split('.')[0] ?? name;

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

  async function listMessages(
    actor: Actor,
    filters: repository.MessageFilters,
    cursor: repository.PageCursor,
  ) {
    let organisation: repository.OrganisationRow | undefined;
    if (filters.organisationId) {
      organisation = await repository.findOrganisation(db, filters.organisationId);
      if (!organisation) throw new HttpError(404);
      authoriseAt(actor, 'outbox.view', organisation);
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

  /** The message, if the actor may read it (404 or 403 otherwise). */
  async function readableMessage(actor: Actor, id: string) {
    const message = await repository.findMessage(db, id);
    if (!message) throw new HttpError(404);
    authoriseRow(actor, 'outbox.view', message);
    return message;
  }

  /**
   * Whether the actor may read the sign-in code in a message: platform administrators, and
   * holders of outbox.reveal_code (involvement leads) for messages of organisations in their
   * subtrees. False for messages that carry no code.
   */
  function mayRevealCode(actor: Actor, message: repository.MessageRow) {
    if (!CODE_TEMPLATES.has(baseTemplate(message.template))) return false;
    if (actor.platformAdmin) return true;
    if (message.organisation_id === null || message.organisation_ancestors === null) return false;
    return can(actor, 'outbox.reveal_code', {
      id: message.organisation_id,
      ancestors: message.organisation_ancestors,
    });
  }

  async function showMessage(actor: Actor, id: string) {
    const message = await readableMessage(actor, id);
    await audit.record({
      actorAccountId: actor.id,
      action: 'outbox.message_viewed',
      subjectType: 'outbox_message',
      subjectId: message.id,
      organisationId: message.organisation_id,
    });
    return { message, mayRevealCode: mayRevealCode(actor, message) };
  }

  /**
   * A sign-in code read by staff helping the person sign in, audited as outbox.code_revealed
   * (the code itself is never recorded). 404 for a message without a code; 403 for someone
   * who may read the outbox but not the code.
   */
  async function revealCode(actor: Actor, id: string) {
    const message = await readableMessage(actor, id);
    if (!CODE_TEMPLATES.has(baseTemplate(message.template))) throw new HttpError(404);
    if (!mayRevealCode(actor, message)) throw new HttpError(403);
    await audit.record({
      actorAccountId: actor.id,
      action: 'outbox.code_revealed',
      subjectType: 'outbox_message',
      subjectId: message.id,
      organisationId: message.organisation_id,
    });
    return message;
  }

  return { listMessages, showMessage, revealCode };
}

export type OutboxService = ReturnType<typeof createOutboxService>;
