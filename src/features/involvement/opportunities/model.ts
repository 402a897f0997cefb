import type { Selectable, Transaction } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import type { ContactDependencies } from '#features/register';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import type { OpportunitiesTable, OpportunityMatchSummary, OpportunityStatus } from '../tables.ts';
import type { Jobs } from '#platform/jobs/types.ts';
import type { OrganisationRef } from '#platform/permissions/policy.ts';
import { londonParts } from '#platform/time/london.ts';
import type { OpportunityInput } from './schema.ts';

/** An opportunity as the service returns it, and the columns it is stored in. */

export const PAGE_SIZE = 25;
export const MATCH_JOB = 'opportunity.match';
/** The answers that decide who an opportunity suits: changing one on an open opportunity matches
 * again. */
export const matchingFields: readonly string[] = ['method', 'audiences', 'welshMedium', 'startsAt'];

export interface Opportunity extends OpportunityInput {
  id: string;
  organisationId: string;
  organisation: OrganisationRef & { nameEn: string; nameCy: string };
  status: OpportunityStatus;
  createdAt: Date;
  updatedAt: Date;
  openedAt: Date | null;
  closedAt: Date | null;
  completedAt: Date | null;
  matchSummary: OpportunityMatchSummary | null;
  matchedAt: Date | null;
}

export type Row = Selectable<OpportunitiesTable> & {
  org_name_en: string;
  org_name_cy: string;
  org_ancestors: string[];
};

export function toOpportunity(row: Row): Opportunity {
  return {
    id: row.id,
    organisationId: row.organisation_id,
    organisation: {
      id: row.organisation_id,
      ancestors: row.org_ancestors,
      nameEn: row.org_name_en,
      nameCy: row.org_name_cy,
    },
    titleEn: row.title_en,
    titleCy: row.title_cy,
    descriptionEn: row.description_en,
    descriptionCy: row.description_cy,
    rung: row.rung,
    level: row.level,
    ntaScope: row.nta_scope,
    ntaMode: row.nta_mode,
    method: row.method,
    audiences: row.audiences as OpportunityInput['audiences'],
    closedGroupEn: row.closed_group_en,
    closedGroupCy: row.closed_group_cy,
    welshMedium: row.welsh_medium,
    opensOn: row.opens_on,
    closingDate: row.closing_date,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    attendance: row.attendance,
    locationEn: row.location_en,
    locationCy: row.location_cy,
    timeCommitmentEn: row.time_commitment_en,
    timeCommitmentCy: row.time_commitment_cy,
    expectedHours: row.expected_hours,
    skillsNeeded: row.skills_needed as OpportunityInput['skillsNeeded'],
    trainingNeeded: row.training_needed as OpportunityInput['trainingNeeded'],
    payment: row.payment,
    paymentDetailsEn: row.payment_details_en,
    paymentDetailsCy: row.payment_details_cy,
    accessibilityEn: row.accessibility_en,
    accessibilityCy: row.accessibility_cy,
    places: row.places,
    backups: row.backups,
    public: row.public,
    status: row.status,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    openedAt: row.opened_at,
    closedAt: row.closed_at,
    completedAt: row.completed_at,
    matchSummary: row.match_summary,
    matchedAt: row.matched_at,
  };
}

export function columnsOf(input: OpportunityInput) {
  return {
    title_en: input.titleEn,
    title_cy: input.titleCy,
    description_en: input.descriptionEn,
    description_cy: input.descriptionCy,
    rung: input.rung,
    level: input.level,
    nta_scope: input.ntaScope,
    nta_mode: input.ntaMode,
    method: input.method,
    audiences: input.audiences,
    closed_group_en: input.closedGroupEn,
    closed_group_cy: input.closedGroupCy,
    welsh_medium: input.welshMedium,
    opens_on: input.opensOn,
    closing_date: input.closingDate,
    starts_at: input.startsAt,
    ends_at: input.endsAt,
    attendance: input.attendance,
    location_en: input.locationEn,
    location_cy: input.locationCy,
    time_commitment_en: input.timeCommitmentEn,
    time_commitment_cy: input.timeCommitmentCy,
    expected_hours: input.expectedHours,
    skills_needed: input.skillsNeeded,
    training_needed: input.trainingNeeded,
    payment: input.payment,
    payment_details_en: input.paymentDetailsEn,
    payment_details_cy: input.paymentDetailsCy,
    accessibility_en: input.accessibilityEn,
    accessibility_cy: input.accessibilityCy,
    places: input.places,
    backups: input.backups,
    public: input.public,
  };
}

export type Executor = Database | Transaction<DB>;

export const withOrganisation = (executor: Executor) =>
  executor
    .selectFrom('opportunities as op')
    .innerJoin('organisations as o', 'o.id', 'op.organisation_id')
    .selectAll('op')
    .select([
      'o.name_en as org_name_en',
      'o.name_cy as org_name_cy',
      'o.ancestors as org_ancestors',
    ]);

/** Today in the UK (YYYY-MM-DD). */
export const ukToday = (now = new Date()) => londonParts(now).date;

export type ChangeResult =
  { ok: true; opportunity: Opportunity } | { ok: false; error: 'transition' | 'closingDatePassed' };

export interface MatchSummary {
  matched: number;
  queued: number;
  blocked: number;
  /** Where the time went (ms): the matching query, the batch contact, the invitation rows. */
  ms?: { match: number; contact: number; invitations: number };
}

export type OpportunitiesDependencies = {
  db: Database;
  audit: AuditLog;
  jobs: Jobs;
  contact: Omit<ContactDependencies, 'notifier'>;
  publicUrl: string;
};
