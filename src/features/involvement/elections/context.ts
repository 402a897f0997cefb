import { sql, type Kysely } from 'kysely';
import type { AuditLog } from '#platform/audit/audit-log.ts';
import { appendAuditBatch } from '#platform/audit/audit-batch.ts';
import type { Actor } from '#platform/auth/sessions.ts';
import type { ContactDependencies } from '#features/register';
import type { Database } from '#platform/db/database.ts';
import type { DB } from '#platform/db/schema.ts';
import type { ElectionStatus } from './tables.ts';
import {
  ElectionError,
  londonToday,
  type Election,
  loadElection,
  electorateCondition,
  type Candidate,
  type ResultRow,
  messageDate,
} from './model.ts';
import { auditRecorder } from '../audit.ts';

type Db = Kysely<DB>;

export type ElectionDependencies = {
  db: Database;
  audit: AuditLog;
  /** The safe-contact function's dependencies: nominees and voters are told through it. */
  contact: Omit<ContactDependencies, 'notifier'>;
  publicUrl: string;
};

/** What every part of the election service shares: its dependencies and small helpers. */
export function electionContext(deps: ElectionDependencies) {
  const { db, audit } = deps;

  /** What a message about the election says, in the person's language. */
  const personalisation = (election: Election, language: string, closingDate: string) => ({
    role: language === 'cy' ? election.roleCy : election.roleEn,
    organisation: language === 'cy' ? election.organisation.nameCy : election.organisation.nameEn,
    closingDate: messageDate(closingDate, language),
    link: `${deps.publicUrl.replace(/\/$/, '')}/portal/elections/${election.id}`,
  });

  const record = auditRecorder(audit, 'election', 'electionId');

  /** Locks the election for a change and checks it is at one of the statuses given. */
  async function lockAt(trx: Db, id: string, statuses: ElectionStatus[]) {
    const election = await loadElection(trx, id, 'update');
    if (!election) throw new ElectionError('notFound');
    if (!statuses.includes(election.status)) throw new ElectionError('wrongStatus');
    return election;
  }

  /** Moves the election to a status, stamping when it got there (`stamp`) if given. */
  const moveTo = (
    trx: Db,
    election: Pick<Election, 'id'>,
    status: ElectionStatus,
    stamp?: 'voting_opened_at' | 'voting_closed_at' | 'published_at',
  ) =>
    trx
      .updateTable('elections')
      .set({
        status,
        ...(stamp ? { [stamp]: sql<Date>`now()` } : {}),
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', election.id)
      .execute();

  const nominationsOpen = (election: Election) =>
    election.status === 'nominations' && londonToday() <= election.nominationsCloseOn;

  async function isEligible(
    trx: Db,
    election: Pick<Election, 'organisationId' | 'electorate'>,
    personId: string,
  ) {
    const row = await sql<{ ok: boolean }>`select true as ok from people p
      where p.id = ${personId} and ${electorateCondition(election, londonToday())}`.execute(trx);
    return row.rows.length > 0;
  }

  async function candidates(trx: Db, electionId: string): Promise<Candidate[]> {
    const rows = await trx
      .selectFrom('election_nominations as n')
      .innerJoin('people as p', 'p.id', 'n.person_id')
      .leftJoin('election_results as r', 'r.nomination_id', 'n.id')
      .select([
        'n.id as nominationId',
        'n.person_id as personId',
        // an erased person's name shows as "Erased person" in the page's language
        sql<string>`case when p.erased_at is null then p.display_name else '' end`.as(
          'displayName',
        ),
        'n.status',
        'n.method',
        sql<boolean>`coalesce(n.nominated_by_person_id = n.person_id, false)`.as('selfNominated'),
        sql<Omit<
          ResultRow,
          'nominationId' | 'displayName'
        > | null>`case when r.nomination_id is null then null else jsonb_build_object(
          'portalVotes', r.portal_votes, 'paperVotes', r.paper_votes, 'votes', r.votes,
          'elected', r.elected, 'tied', r.tied) end`.as('result'),
      ])
      .where('n.election_id', '=', electionId)
      .orderBy('p.display_name')
      .execute();
    return rows;
  }

  /** One audit entry per named person shown on a staff page. */
  const auditShown = (
    trx: Db,
    actor: Actor,
    election: Election,
    action: string,
    personIds: string[],
  ) =>
    appendAuditBatch(
      trx,
      personIds.map((id) => ({
        actorAccountId: actor.id,
        action,
        subjectType: 'person',
        subjectId: id,
        organisationId: election.organisationId,
        details: { electionId: election.id },
      })),
    );

  async function resultsOf(trx: Db, electionId: string): Promise<ResultRow[]> {
    return trx
      .selectFrom('election_results as r')
      .innerJoin('election_nominations as n', 'n.id', 'r.nomination_id')
      .innerJoin('people as p', 'p.id', 'n.person_id')
      .select([
        'r.nomination_id as nominationId',
        // an erased person's name shows as "Erased person" in the page's language
        sql<string>`case when p.erased_at is null then p.display_name else '' end`.as(
          'displayName',
        ),
        'r.portal_votes as portalVotes',
        'r.paper_votes as paperVotes',
        'r.votes',
        'r.elected',
        'r.tied',
      ])
      .where('r.election_id', '=', electionId)
      .orderBy('r.votes', 'desc')
      .orderBy('p.display_name')
      .execute();
  }

  return {
    db,
    audit,
    deps,
    personalisation,
    record,
    lockAt,
    moveTo,
    nominationsOpen,
    isEligible,
    candidates,
    auditShown,
    resultsOf,
  };
}

export type ElectionContext = ReturnType<typeof electionContext>;
