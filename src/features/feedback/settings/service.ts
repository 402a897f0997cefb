import crypto from 'node:crypto';
import { sql } from 'kysely';
import { authoriseAt, findOrganisation } from '#features/admin';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { Database } from '#platform/db/database.ts';
import { HttpError } from '#platform/http/errors.ts';
import { scopeOf } from '#platform/permissions/policy.ts';
import { settingsFor } from '../deadlines/deadlines.ts';
import { feedbackPermissions } from '../permissions.ts';
import { accountsWithRoles, offeredAt } from '../items/repository.ts';
import { inSubtrees } from '#platform/permissions/organisation-in-scope.ts';
import type { Nation } from '../items/tables.ts';

export const PAGE_SIZE = 25;

/** Short link codes: lower-case letters and digits without look-alikes. */
const CODE_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const suggestCode = () =>
  Array.from(crypto.randomBytes(6), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');

export interface InboxInput {
  code: string;
  keyword: string | null;
  enabled: boolean;
}
export interface SettingsInput {
  acknowledgeDays: number;
  respondDays: number;
  nation: Nation;
  commissionerOrganisationId: string | null;
  safeguardingLeadId: string | null;
}

const duplicate = (error: unknown) =>
  typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';

/**
 * Feedback settings (feedback.publish): a service's inbox (its poster's short link code and text
 * keyword), the settings its organisations set (timescales, nation, commissioner, safeguarding
 * lead) and the themes offered below an organisation. Every change is audited.
 */
export function createFeedbackSettings({ db, audit }: { db: Database; audit: AuditLog }) {
  async function organisationFor(actor: Actor, organisationId: string) {
    const organisation = await findOrganisation(db, organisationId);
    if (!organisation) throw new HttpError(404);
    authoriseAt(actor, 'feedback.publish', organisation);
    return organisation;
  }
  const record = (actor: Actor, organisationId: string, action: string, details = {}) =>
    audit.record({
      actorAccountId: actor.id,
      action,
      subjectType: 'organisation',
      subjectId: organisationId,
      organisationId,
      details,
    });

  return {
    organisationFor,

    /** The organisations where the actor keeps feedback settings, with their inbox if any. */
    async organisations(actor: Actor, page: number) {
      const scope = scopeOf(actor, 'feedback.publish');
      const base = db
        .selectFrom('organisations as o')
        .where('o.archived_at', 'is', null)
        .where(inSubtrees(scope));
      const [rows, count] = await Promise.all([
        base
          .leftJoin('feedback_inboxes as i', 'i.organisation_id', 'o.id')
          .select([
            'o.id',
            'o.name_en as nameEn',
            'o.name_cy as nameCy',
            'i.code',
            'i.keyword',
            'i.enabled',
          ])
          .orderBy('o.name_en')
          .orderBy('o.id')
          .limit(PAGE_SIZE)
          .offset((page - 1) * PAGE_SIZE)
          .execute(),
        base.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
      ]);
      return { rows, total: count.n, page, pageCount: Math.max(1, Math.ceil(count.n / PAGE_SIZE)) };
    },

    /** An organisation's inbox, the settings it works to (and whether its own), the choices. */
    async view(actor: Actor, organisationId: string) {
      const organisation = await organisationFor(actor, organisationId);
      const [inbox, settings, ancestors, leads] = await Promise.all([
        db
          .selectFrom('feedback_inboxes')
          .selectAll()
          .where('organisation_id', '=', organisation.id)
          .executeTakeFirst(),
        settingsFor(db, organisation.id),
        db
          .selectFrom('organisations')
          .select(['id', 'name_en as nameEn', 'name_cy as nameCy'])
          .where('id', 'in', organisation.ancestors)
          .orderBy(sql`array_position(${sql.val(organisation.ancestors)}::uuid[], id)`)
          .execute(),
        accountsWithRoles(db, organisation.ancestors, feedbackPermissions['feedback.view']),
      ]);
      return { organisation, inbox, settings, ancestors, leads };
    },

    /** Opens or changes the organisation's inbox: false when the code or keyword is taken. */
    async saveInbox(actor: Actor, organisationId: string, input: InboxInput) {
      const organisation = await organisationFor(actor, organisationId);
      try {
        await db
          .insertInto('feedback_inboxes')
          .values({
            organisation_id: organisation.id,
            code: input.code,
            keyword: input.keyword,
            enabled: input.enabled,
          })
          .onConflict((oc) =>
            oc
              .column('organisation_id')
              .doUpdateSet({ code: input.code, keyword: input.keyword, enabled: input.enabled }),
          )
          .execute();
      } catch (error) {
        if (duplicate(error)) return false;
        throw error;
      }
      await record(actor, organisation.id, 'feedback.inbox_saved', { ...input });
      return true;
    },

    /** Sets the organisation's own settings (the commissioner above it, the lead able to see). */
    async saveSettings(actor: Actor, organisationId: string, input: SettingsInput) {
      const organisation = await organisationFor(actor, organisationId);
      // the commissioner: the organisation or one above it; the lead: one who may see its items
      if (
        input.commissionerOrganisationId &&
        !organisation.ancestors.includes(input.commissionerOrganisationId)
      )
        throw new HttpError(400);
      const lead = input.safeguardingLeadId;
      if (
        lead &&
        !(await offeredAt(db, organisation.ancestors, {
          account: { id: lead, roles: feedbackPermissions['feedback.view'] },
        }))
      )
        throw new HttpError(400);
      const values = {
        acknowledge_days: input.acknowledgeDays,
        respond_days: input.respondDays,
        nation: input.nation,
        commissioner_organisation_id: input.commissionerOrganisationId,
        safeguarding_lead_id: input.safeguardingLeadId,
        updated_by: actor.id,
        updated_at: new Date(),
      };
      await db
        .insertInto('feedback_settings')
        .values({ organisation_id: organisation.id, ...values })
        .onConflict((oc) => oc.column('organisation_id').doUpdateSet(values))
        .execute();
      await record(actor, organisation.id, 'feedback.settings_saved', { ...input });
    },

    /** The themes an organisation keeps (its own, not those above it), archived last. */
    themes(organisationId: string) {
      return db
        .selectFrom('feedback_themes')
        .select(['id', 'name_en as nameEn', 'name_cy as nameCy', 'archived_at as archivedAt'])
        .where('organisation_id', '=', organisationId)
        .orderBy(sql`archived_at is not null`)
        .orderBy('name_en')
        .execute();
    },

    async addTheme(
      actor: Actor,
      organisationId: string,
      names: { nameEn: string; nameCy: string },
    ) {
      const organisation = await organisationFor(actor, organisationId);
      const theme = await db
        .insertInto('feedback_themes')
        .values({ organisation_id: organisation.id, name_en: names.nameEn, name_cy: names.nameCy })
        .returning('id')
        .executeTakeFirstOrThrow();
      await record(actor, organisation.id, 'feedback.theme_added', { themeId: theme.id });
    },

    /** A theme kept by the organisation (404 for another's or a shared one). */
    async theme(actor: Actor, organisationId: string, themeId: string) {
      const organisation = await organisationFor(actor, organisationId);
      const theme = await db
        .selectFrom('feedback_themes')
        .select(['id', 'name_en as nameEn', 'name_cy as nameCy'])
        .where('id', '=', themeId)
        .where('organisation_id', '=', organisation.id)
        .executeTakeFirst();
      if (!theme) throw new HttpError(404);
      return { organisation, theme };
    },

    /** Renames a theme in both languages: every item with it, and the boards, show the new name. */
    async renameTheme(
      actor: Actor,
      organisationId: string,
      themeId: string,
      names: { nameEn: string; nameCy: string },
    ) {
      const { organisation, theme } = await this.theme(actor, organisationId, themeId);
      await db
        .updateTable('feedback_themes')
        .set({ name_en: names.nameEn, name_cy: names.nameCy })
        .where('id', '=', theme.id)
        .execute();
      await record(actor, organisation.id, 'feedback.theme_renamed', { themeId });
    },

    /** Archives a theme (no longer offered; items keep it) or brings it back. */
    async archiveTheme(actor: Actor, organisationId: string, themeId: string, archived: boolean) {
      const organisation = await organisationFor(actor, organisationId);
      const changed = await db
        .updateTable('feedback_themes')
        .set({ archived_at: archived ? new Date() : null })
        .where('id', '=', themeId)
        .where('organisation_id', '=', organisation.id)
        .returning('id')
        .executeTakeFirst();
      if (!changed) throw new HttpError(404);
      await record(
        actor,
        organisation.id,
        archived ? 'feedback.theme_archived' : 'feedback.theme_restored',
        { themeId },
      );
    },
  };
}

export type FeedbackSettingsService = ReturnType<typeof createFeedbackSettings>;
