import { sql } from 'kysely';
import { authoriseAt, findOrganisation } from '#features/admin';
import { canSeePerson, findPeopleByName, namesFor, viewerOf } from '#features/register';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor, PortalPerson } from '#platform/auth/sessions.ts';
import { encrypt, type KeyRing } from '#platform/crypto/encryption.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import { CONTACT_CONTEXT, receiveItem } from '../items/receive.ts';
import type { Channel, FeedbackKind } from '../items/tables.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';

/** What staff type in from a card, a story, an experience log or a conversation. */
export const staffChannels = ['card', 'story', 'experience_log', 'staff'] as const;
/** What a person gives in the portal: a comment, their monthly experience log, their story. */
export const portalChannels = ['portal', 'experience_log', 'story'] as const;

export interface Recorded {
  channel: Channel;
  kind: FeedbackKind;
  body: string;
  language: 'en' | 'cy';
  contact?: string | null;
}

/**
 * Feedback recorded by staff (cards from the box, stories and experience logs told to a worker,
 * comments) and given by a person in the portal, under their name. Both go into the service's
 * inbox through `receiveItem`, like the public form.
 */
export function createFeedbackRecording(deps: { db: Database; audit: AuditLog; keys: KeyRing }) {
  const { db, audit, keys } = deps;
  return {
    /** The services with an inbox where the actor records feedback (at most 500, by name). */
    inboxesFor(actor: Actor) {
      const scope = scopeOf(actor, 'feedback.triage');
      return db
        .selectFrom('feedback_inboxes as i')
        .innerJoin('organisations as o', 'o.id', 'i.organisation_id')
        .select(['o.id', 'o.name_en as nameEn', 'o.name_cy as nameCy'])
        .where(inSubtrees(scope))
        .orderBy('o.name_en')
        .limit(500)
        .execute();
    },

    /** People on the register the actor may see, by name (the first 20); each look-up audited. */
    async findPeople(actor: Actor, name: string) {
      return findPeopleByName(db, actor, viewerOf(actor), {
        name,
        limit: 20,
        action: 'feedback.person_found',
      });
    },

    /** The person feedback is recorded for (404 if the actor may not see them), audited. */
    async personFor(actor: Actor, personId: string) {
      const viewer = viewerOf(actor);
      if (!(await canSeePerson(db, viewer, personId))) throw new HttpError(404);
      const names = await namesFor(db, viewer, [personId]);
      await audit.record({
        actorAccountId: actor.id,
        action: 'feedback.person_chosen',
        subjectType: 'person',
        subjectId: personId,
        details: {},
      });
      return { id: personId, name: names.get(personId) ?? '' };
    },

    /**
     * Puts what staff typed into a service's inbox; for someone on the register when `personId`
     * is given (the item is theirs: they are told the outcome through safe contact, and no
     * contact details are kept with it).
     */
    async recordForService(
      actor: Actor,
      organisationId: string,
      recorded: Recorded,
      personId: string | null = null,
    ) {
      const organisation = await findOrganisation(db, organisationId);
      if (!organisation) throw new HttpError(404);
      authoriseAt(actor, 'feedback.triage', organisation);
      if (personId && !(await canSeePerson(db, viewerOf(actor), personId)))
        throw new HttpError(404);
      return receiveItem(
        { db, audit },
        {
          organisation_id: organisation.id,
          channel: recorded.channel,
          kind: recorded.kind,
          body: recorded.body,
          language: recorded.language,
          person_id: personId,
          contact_encrypted:
            recorded.contact && !personId ? encrypt(recorded.contact, keys, CONTACT_CONTEXT) : null,
        },
        actor.id,
      );
    },

    /** The inbox a person's feedback goes to: their organisation's, or the nearest above it. */
    inboxOfPerson(person: PortalPerson) {
      return db
        .selectFrom('feedback_inboxes as i')
        .innerJoin('organisations as o', (join) =>
          join
            .on('o.id', '=', person.organisationId)
            .on(sql<boolean>`i.organisation_id = any(o.ancestors)`),
        )
        .innerJoin('organisations as s', 's.id', 'i.organisation_id')
        .select([
          'i.organisation_id as organisationId',
          's.name_en as nameEn',
          's.name_cy as nameCy',
        ])
        .where('i.enabled', '=', true)
        .orderBy(sql`array_position(o.ancestors, i.organisation_id)`, 'desc')
        .limit(1)
        .executeTakeFirst();
    },

    async recordForPerson(person: PortalPerson, recorded: Recorded) {
      const inbox = await this.inboxOfPerson(person);
      if (!inbox) throw new HttpError(404);
      return receiveItem(
        { db, audit },
        {
          organisation_id: inbox.organisationId,
          channel: recorded.channel,
          kind: recorded.kind,
          body: recorded.body,
          language: recorded.language,
          person_id: person.id,
        },
        null,
      );
    },

    /** A person's own feedback, newest first, with where each is and any published outcome. */
    ownItems(person: PortalPerson) {
      return db
        .selectFrom('feedback_items')
        .select([
          'id',
          'number',
          'kind',
          'channel',
          'status',
          'received_at as receivedAt',
          'outcome',
          sql<string | null>`outcome_due_on::text`.as('dueOn'),
          'outcome_en as outcomeEn',
          'outcome_cy as outcomeCy',
        ])
        .where('person_id', '=', person.id)
        .where('merged_into_id', 'is', null)
        .orderBy('received_at', 'desc')
        .limit(50)
        .execute();
    },
  };
}

export type FeedbackRecording = ReturnType<typeof createFeedbackRecording>;
