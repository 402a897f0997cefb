import type { Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import { HttpError } from '#platform/http/errors.ts';
import { can, scopeOf, type Permission } from '#platform/permissions/policy.ts';
import { invalid, type Result } from '#platform/validation/index.ts';
import { venueFeatures } from '../tables.ts';
import { venuesRepository, type Venue } from './repository.ts';
import type { VenueInput } from './schema.ts';

export { PAGE_SIZE, type Venue } from './repository.ts';

type Db = Kysely<DB>;

export interface VenuesDependencies {
  db: Database;
  audit: AuditLog;
}

/**
 * The organisations' venues (issue 10). Seeing one needs meeting.view at its organisation,
 * changing one venue.manage; a venue of an organisation the actor cannot see is 404. Every
 * change is one transaction with its audit entry.
 */
export function createVenuesService({ db, audit }: VenuesDependencies) {
  const repository = venuesRepository(db);

  /** The venue if the actor holds the permission at its organisation; else 403 or 404. */
  async function venueFor(trx: Db, actor: Actor, id: string, permission: Permission, lock = false) {
    const venue = await repository.findVenue(trx, id, lock);
    if (!venue) throw new HttpError(404);
    const ref = { id: venue.organisationId, ancestors: venue.ancestors };
    if (can(actor, permission, ref)) return venue;
    throw new HttpError(can(actor, 'organisation.view', ref) ? 403 : 404);
  }

  const record = (
    trx: Db,
    actor: Actor,
    action: string,
    venue: Pick<Venue, 'id' | 'organisationId'>,
    details: Record<string, unknown> = {},
  ) =>
    audit.record(
      {
        actorAccountId: actor.id,
        action,
        subjectType: 'venue',
        subjectId: venue.id,
        organisationId: venue.organisationId,
        details,
      },
      trx,
    );

  const featuresOf = (input: VenueInput) => venueFeatures.filter((f) => input.features.includes(f));

  async function setArchived(actor: Actor, id: string, archived: boolean) {
    await db.transaction().execute(async (trx) => {
      const venue = await venueFor(trx, actor, id, 'venue.manage', true);
      if ((venue.archivedAt !== null) === archived) return;
      await repository.setArchived(trx, id, archived);
      await record(trx, actor, archived ? 'venue.archived' : 'venue.restored', venue);
    });
  }

  return {
    /** One page of venues the actor may see (meeting.view), by name. */
    listVenues(
      actor: Actor,
      filters: { organisationId?: string | undefined; archived: boolean },
      page: number,
    ) {
      return repository.listVenues(scopeOf(actor, 'meeting.view'), filters, page);
    },

    /** Organisations whose venues the actor may see (for the list's filter). */
    organisationsToView(actor: Actor) {
      return repository.organisationsIn(scopeOf(actor, 'meeting.view'));
    },

    /** Organisations where the actor may add venues. */
    organisationsToManage(actor: Actor) {
      return repository.organisationsIn(scopeOf(actor, 'venue.manage'));
    },

    /** A venue and its next meetings (meeting.view). */
    async viewVenue(actor: Actor, id: string) {
      const venue = await venueFor(db, actor, id, 'meeting.view');
      const ref = { id: venue.organisationId, ancestors: venue.ancestors };
      return {
        venue,
        meetings: await repository.nextMeetings(id),
        canManage: can(actor, 'venue.manage', ref),
      };
    },

    /** A venue to change (venue.manage). */
    venueToManage(actor: Actor, id: string) {
      return venueFor(db, actor, id, 'venue.manage');
    },

    async createVenue(actor: Actor, input: VenueInput): Promise<Result<string>> {
      return db.transaction().execute(async (trx) => {
        const organisation = await trx
          .selectFrom('organisations')
          .select(['id', 'ancestors', 'archived_at'])
          .where('id', '=', input.organisationId)
          .executeTakeFirst();
        if (!organisation || organisation.archived_at || !can(actor, 'venue.manage', organisation))
          return invalid('organisationId', 'venues:errors.organisationId');
        const { id } = await repository.insertVenue(trx, input, actor.id);
        await record(
          trx,
          actor,
          'venue.created',
          { id, organisationId: organisation.id },
          {
            features: featuresOf(input),
          },
        );
        return { ok: true, value: id };
      });
    },

    async updateVenue(actor: Actor, id: string, input: VenueInput): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const venue = await venueFor(trx, actor, id, 'venue.manage', true);
        await repository.updateVenue(trx, id, input);
        await record(trx, actor, 'venue.updated', venue, { features: featuresOf(input) });
      });
    },

    archiveVenue: (actor: Actor, id: string) => setArchived(actor, id, true),
    restoreVenue: (actor: Actor, id: string) => setArchived(actor, id, false),
  };
}

export type VenuesService = ReturnType<typeof createVenuesService>;
