import { receiptCode } from '#features/feedback';
import crypto from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '#platform/db/schema.ts';
import { insertTestPerson } from '#app/features/register/people/fixtures.ts';
import { protect } from '#app/features/register/people/protected-fields.ts';
import { insertOpenOpportunity } from '#app/features/involvement/selection/authz.ts';
import { insertMeeting } from './meetings.ts';
import { insertTestClaim } from '#app/features/money/claims/fixtures.ts';

/**
 * For tests: a person on the register with personal details, someone they care for, and a
 * seeder for every table that can hold their data, keyed by "table.column" (the rights test
 * runs every one the database catalogue names, and fails on one it has no seeder for).
 */
export async function personWithData(
  db: Kysely<DB>,
  keys: Buffer,
  { organisationId, name, phone }: { organisationId: string; name: string; phone: string },
) {
  const personId = await insertTestPerson(db, keys, {
    organisationId: organisationId,
    displayName: name,
    phone,
    email: 'rhiannon@example.org',
    consents: ['register', 'contact', 'equality'],
  });
  await db
    .updateTable('people')
    .set({
      legal_name: protect(keys, 'legal_name', personId, 'Rhiannon Legal'),
      date_of_birth: protect(keys, 'date_of_birth', personId, '1980-05-17'),
      address: protect(
        keys,
        'address',
        personId,
        JSON.stringify({ lines: '1 Test Street', postcode: 'CF10 1AA' }),
      ),
      access_needs: 'Step-free access',
      venue_needs: ['step_free'],
      skills: ['cooking'],
    })
    .where('id', '=', personId)
    .execute();
  const other = await insertTestPerson(db, keys, {
    organisationId: organisationId,
    displayName: 'Cared-for person',
  });
  let meetingSeeded: Promise<unknown> | undefined;
  const seedMeeting = () =>
    (meetingSeeded ??= (async () => {
      const meetingId = await insertMeeting(db, organisationId, {
        starts_at: '2027-02-03T10:00:00Z',
        chair_person_id: personId,
      });
      await db
        .insertInto('meeting_invitees')
        .values({
          meeting_id: meetingId,
          person_id: personId,
          reply: 'yes',
          attendance: 'attended',
        })
        .execute();
    })());
  let panelSeeded: Promise<unknown> | undefined;
  const seedPanel = () =>
    (panelSeeded ??= (async () => {
      const panel = await db
        .insertInto('panels')
        .values({
          organisation_id: organisationId,
          kind: 'interview',
          title_en: 'Panel',
          title_cy: 'Panel',
          held_on: '2027-01-06',
          hours: 3,
          user_weight: 50,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('panel_members')
        .values({ panel_id: panel.id, person_id: personId })
        .execute();
      const question = await db
        .insertInto('panel_questions')
        .values({ panel_id: panel.id, position: 1, text_en: 'Q', text_cy: 'C' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const candidate = await db
        .insertInto('panel_candidates')
        .values({ panel_id: panel.id, position: 1, label: 'Candidate A' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('panel_scores')
        .values({
          panel_id: panel.id,
          person_id: personId,
          candidate_id: candidate.id,
          question_id: question.id,
          score: 4,
        })
        .execute();
    })());
  let electionSeeded: Promise<void> | undefined;
  const seedElection = () =>
    (electionSeeded ??= (async () => {
      const election = await db
        .insertInto('elections')
        .values({
          organisation_id: organisationId,
          role_en: 'Representative',
          role_cy: 'Cynrychiolydd',
          seats: 1,
          self_nomination: true,
          electorate: 'connected',
          nominations_close_on: '2027-01-01',
          voting_closes_on: '2027-01-08',
          status: 'voting',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('election_nominations')
        .values([
          { election_id: election.id, person_id: personId, method: 'portal', status: 'accepted' },
          {
            election_id: election.id,
            person_id: other,
            nominated_by_person_id: personId,
            method: 'staff',
          },
        ])
        .execute();
      await db
        .insertInto('election_suggestions')
        .values({ election_id: election.id, suggested_by: personId, name: 'Suggested Name' })
        .execute();
      await db
        .insertInto('election_voters')
        .values({ election_id: election.id, person_id: personId, voted_via: 'portal' })
        .execute();
    })());
  let credits: Promise<unknown> | undefined;
  const seedCredits = () =>
    (credits ??= (async () => {
      await db
        .insertInto('credit_schemes')
        .values({ organisation_id: organisationId })
        .onConflict((oc) => oc.column('organisation_id').doNothing())
        .execute();
      const account = await db
        .insertInto('credit_accounts')
        .values({ organisation_id: organisationId, person_id: personId })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('credit_entries')
        .values({
          account_id: account.id,
          person_id: personId,
          organisation_id: organisationId,
          kind: 'adjustment',
          amount: 200,
          reason: 'Brought over from the paper card',
        })
        .execute();
    })());
  const seeders: Record<string, () => Promise<unknown>> = {
    'people.id': async () => undefined,
    'person_organisations.person_id': async () => undefined,
    'consents.person_id': async () => undefined,
    'person_status_history.person_id': () =>
      db
        .insertInto('person_status_history')
        .values({ person_id: personId, status: 'paused', reason: 'Feeling unwell' })
        .execute(),
    'person_unavailable_times.person_id': () =>
      db
        .insertInto('person_unavailable_times')
        .values({
          person_id: personId,
          weekday: 2,
          starts_at: '09:00',
          ends_at: '11:00',
          reason: 'Pharmacy',
        })
        .execute(),
    'person_unavailable_dates.person_id': () =>
      db
        .insertInto('person_unavailable_dates')
        .values({ person_id: personId, date: '2027-01-06', reason: 'Appointment' })
        .execute(),
    'person_supporters.person_id': () =>
      db
        .insertInto('person_supporters')
        .values({
          person_id: personId,
          name: protect(keys, 'supporter_name', personId, 'Supporter Name'),
          relationship: 'friend',
        })
        .execute(),
    'person_supporters.related_person_id': () =>
      db
        .insertInto('person_supporters')
        .values({ person_id: other, related_person_id: personId, relationship: 'carer' })
        .execute(),
    'equality_monitoring.person_id': () =>
      db
        .insertInto('equality_monitoring')
        .values({
          person_id: personId,
          organisation_id: organisationId,
          ethnicity: 'white_welsh_english_scottish_ni_british',
        })
        .execute(),
    'person_messages.person_id': () =>
      db
        .insertInto('person_messages')
        .values({ person_id: personId, template: 'opportunityInvitation', status: 'sent' })
        .execute(),
    'portal_codes.person_id': () =>
      db
        .insertInto('portal_codes')
        .values({
          person_id: personId,
          code_hash: 'secret-hash-never-exported',
          channel: 'sms',
          expires_at: new Date(Date.now() + 600_000),
        })
        .execute(),
    'sessions.person_id': () =>
      db
        .insertInto('sessions')
        .values({
          id_hash: crypto.randomBytes(16).toString('hex'),
          csrf_token: 'x',
          account_id: null,
          pending_account_id: null,
          person_id: personId,
          expires_at: new Date(Date.now() + 3_600_000),
        })
        .execute(),
    'person_requests.person_id': () =>
      sql`insert into person_requests (person_id, organisation_id, kind, note)
          values (${personId}::uuid, ${organisationId}::uuid, 'remove', 'Please remove me')`.execute(
        db,
      ),
    // a panel the person sat on and a score they gave (one seeding for both tables)
    'panel_members.person_id': () => seedPanel(),
    'panel_scores.person_id': () => seedPanel(),
    // an election they stand in, nominated someone in, suggested a name for and voted in
    'election_nominations.person_id': () => seedElection(),
    'election_nominations.nominated_by_person_id': () => seedElection(),
    'election_suggestions.suggested_by': () => seedElection(),
    'election_voters.person_id': () => seedElection(),
    // a time credit account with one entry (the scheme, account and entry straight into the tables)
    'credit_accounts.person_id': () => seedCredits(),
    'credit_entries.person_id': () => seedCredits(),
    // an expense claim (through the claims fixture, with the region's demo rates)
    'money_claims.person_id': () =>
      insertTestClaim(db, { organisationId, personId, occurredOn: '2026-01-15' }),
    'involvement_records.person_id': () =>
      db
        .insertInto('involvement_records')
        .values({
          organisation_id: organisationId,
          person_id: personId,
          took_part_on: '2026-01-15',
          hours: 2,
          rung: 3,
          level: 'service',
          method: 'focus_group',
          role: 'participant',
          outcome: 'Said the waiting room needs more chairs',
        })
        .execute(),
    'opportunity_invitations.person_id': async () => {
      const opportunity = await db
        .insertInto('opportunities')
        .values({
          organisation_id: organisationId,
          title_en: 'Survey',
          title_cy: 'Arolwg',
          description_en: 'A survey',
          description_cy: 'Arolwg',
          rung: 3,
          level: 'service',
          nta_scope: 'collective',
          nta_mode: 'feedback',
          method: 'survey',
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('opportunity_invitations')
        .values({ opportunity_id: opportunity.id, person_id: personId, status: 'queued' })
        .execute();
    },
    'expressions_of_interest.person_id': async () => {
      const opportunityId = await insertOpenOpportunity({ db }, organisationId);
      await db
        .insertInto('expressions_of_interest')
        .values({
          opportunity_id: opportunityId,
          person_id: personId,
          method: 'portal',
          note: 'I have been to the forum before',
          support_needed: 'A bus ticket',
        })
        .execute();
    },
    // a meeting they chair and are invited to (one seeding for both tables)
    'meetings.chair_person_id': () => seedMeeting(),
    'meeting_invitees.person_id': () => seedMeeting(),
    // how they want to be paid, and their benefits (given with consent)
    'money_payment_choices.person_id': () =>
      db
        .insertInto('money_payment_choices')
        .values({ person_id: personId, method: 'charity', charity_name: 'A food bank' })
        .execute(),
    'money_benefit_profiles.person_id': () =>
      db
        .insertInto('money_benefit_profiles')
        .values({
          person_id: personId,
          consent_on: '2026-04-14',
          consent_how: 'in_person',
          benefits: ['esa'],
          limit_pence: 15000,
          limit_period: 'week',
        })
        .execute(),
    // a compliment they gave under their name
    'feedback_items.person_id': () =>
      db
        .insertInto('feedback_items')
        .values({
          organisation_id: organisationId,
          person_id: personId,
          channel: 'portal',
          kind: 'compliment',
          body: 'The forum helped me a lot.',
          receipt_code: receiptCode(),
        })
        .execute(),
    // a survey they answered under their name, and a comment on a draft shared with their forum
    'survey_responses.person_id': async () => {
      const survey = await db
        .insertInto('surveys')
        .values({ organisation_id: organisationId, title_en: 'How are we doing?' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('survey_responses')
        .values({ survey_id: survey.id, person_id: personId, channel: 'portal' })
        .execute();
    },
    'survey_comments.person_id': async () => {
      const survey = await db
        .insertInto('surveys')
        .values({ organisation_id: organisationId, title_en: 'Forum meeting times' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('survey_comments')
        .values({ survey_id: survey.id, person_id: personId, body: 'Add evenings, please.' })
        .execute();
    },
    // a claim of theirs paid in cash from a float
    'money_payments.person_id': async () => {
      const claim = await insertTestClaim(db, {
        organisationId,
        personId,
        occurredOn: '2026-04-14',
        status: 'paid',
      });
      const float = await db
        .insertInto('money_floats')
        .values({
          organisation_id: organisationId,
          name: 'Desk',
          opened_on: '2026-04-01',
          opening_pence: 5000,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('money_payments')
        .values({
          claim_id: claim.id,
          organisation_id: organisationId,
          person_id: personId,
          method: 'cash',
          expenses_pence: 1240,
          payment_pence: 0,
          paid_on: '2026-04-14',
          on_the_day_or_before: true,
          float_id: float.id,
        })
        .execute();
    },
  };
  return { personId, other, seeders };
}
