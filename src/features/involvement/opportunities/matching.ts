import { sql } from 'kysely';
import { contactPeople, hasContactConsent, suitableFor } from '#features/register';
import { activityForMethod } from '../tables.ts';
import type { Language } from '#platform/i18n/i18n.ts';
import { formatDate } from '#platform/views/views.ts';
import { londonParts } from '#platform/time/london.ts';
import type { Opportunity, Executor, MatchSummary, OpportunitiesDependencies } from './model.ts';

/** The `opportunity.match` job's work, given how to find an opportunity. */
export function opportunityMatching(
  deps: OpportunitiesDependencies,
  find: (id: string, executor?: Executor) => Promise<Opportunity | null>,
) {
  const { db, audit } = deps;

  /**
   * Finds the people an open opportunity suits and tells each of them once, in their own
   * language, through the batch safe-contact function (which refuses people without consent to
   * contact, paused people and so on, recording why). Matching: active, not erased, connected to
   * the organisation or one below it, of a kind the opportunity is for (if it says), willing to
   * do the method's activity (if it needs one), Welsh-speaking or preferring Welsh when it is
   * held in Welsh, and not unavailable when it starts. People already told are left out, so the
   * job can run again (a retry, or re-opening) without telling anyone twice.
   */
  async function matchOpportunity(opportunityId: string, accountId: string | null) {
    return db.transaction().execute(async (trx) => {
      const opportunity = await find(opportunityId, trx);
      if (!opportunity || opportunity.status !== 'open')
        return { matched: 0, queued: 0, blocked: 0 } satisfies MatchSummary;
      const start = opportunity.startsAt ? londonParts(opportunity.startsAt) : null;
      const end = start && opportunity.endsAt ? londonParts(opportunity.endsAt) : null;
      // the register's rules (status, scope, kind, willingness, Welsh, availability), and never
      // anyone told before (or handed to a worker before)
      const suits = suitableFor({
        organisationId: opportunity.organisationId,
        kinds: opportunity.audiences,
        activity: activityForMethod[opportunity.method],
        welsh: opportunity.welshMedium,
        at: start && {
          ...start,
          endTime: !end ? null : end.date === start.date ? end.time : '23:59',
        },
      });
      const notTold = sql`not exists (select 1 from opportunity_invitations i
              where i.opportunity_id = ${opportunity.id} and i.person_id = p.id)`;
      const clock = [performance.now()];
      // Consent to contact is part of matching (the batch contact function checks it again):
      // people without it are only counted, so 100,000 of them cost one query.
      const matched = await sql<{ id: string; consented: boolean }>`select p.id,
            ${hasContactConsent()} as consented
          from people p
          where ${suits} and ${notTold}`.execute(trx);
      const personIds = matched.rows.filter((r) => r.consented).map((r) => r.id);
      const withoutConsent = matched.rows.length - personIds.length;
      const at = opportunity.startsAt ?? null;
      const personalisation = ({ language }: { language: Language }) => ({
        title: language === 'cy' ? opportunity.titleCy : opportunity.titleEn,
        organisation:
          language === 'cy' ? opportunity.organisation.nameCy : opportunity.organisation.nameEn,
        date: at
          ? formatDate(at, language)
          : deps.contact.i18n.t(language)('opportunities:invitation.dateToBeArranged'),
        closingDate: opportunity.closingDate
          ? formatDate(opportunity.closingDate, language)
          : deps.contact.i18n.t(language)('opportunities:invitation.noClosingDate'),
        link: `${deps.publicUrl}/portal/opportunities/${opportunity.id}`,
      });
      clock.push(performance.now());
      const results = await contactPeople(deps.contact, trx, {
        personIds,
        organisationId: opportunity.organisationId,
        template: 'opportunityInvitation',
        personalisation,
        samePersonalisationForLanguage: true,
        recordBlocked: 'tasks',
      });
      clock.push(performance.now());
      // who was told, or handed to a worker to phone or visit: once each, ever
      const told = results.filter((r) => r.messageId !== null);
      for (let i = 0; i < told.length; i += 10_000) {
        const chunk = told.slice(i, i + 10_000);
        await sql`insert into opportunity_invitations (opportunity_id, person_id, message_id, status)
            select ${opportunity.id}::uuid, * from unnest(
              ${chunk.map((r) => r.personId)}::uuid[],
              ${chunk.map((r) => r.messageId)}::uuid[],
              ${chunk.map((r) => (r.status === 'queued' ? 'queued' : `blocked:${r.reason}`))}::text[])
            on conflict (opportunity_id, person_id) do nothing`.execute(trx);
      }
      const blocked: Record<string, number> = withoutConsent ? { no_consent: withoutConsent } : {};
      for (const r of results)
        if (r.status === 'blocked') blocked[r.reason] = (blocked[r.reason] ?? 0) + 1;
      const queued = results.length - results.filter((r) => r.status === 'blocked').length;
      await trx
        .updateTable('opportunities')
        .set({
          match_summary: JSON.stringify({ matched: matched.rows.length, queued, blocked }),
          matched_at: new Date(),
        })
        .where('id', '=', opportunity.id)
        .execute();
      clock.push(performance.now());
      const summary: MatchSummary = {
        matched: matched.rows.length,
        queued,
        blocked: Object.values(blocked).reduce((a, b) => a + b, 0),
      };
      const ms = (i: number) => Math.round(clock[i + 1]! - clock[i]!);
      summary.ms = { match: ms(0), contact: ms(1), invitations: ms(2) };
      await audit.record(
        {
          actorAccountId: accountId,
          action: 'opportunity.invitations_queued',
          subjectType: 'opportunity',
          subjectId: opportunity.id,
          organisationId: opportunity.organisationId,
          details: { matched: summary.matched, queued: summary.queued, blocked: summary.blocked },
        },
        trx,
      );
      return summary;
    });
  }

  return matchOpportunity;
}
