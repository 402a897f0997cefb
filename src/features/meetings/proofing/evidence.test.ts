import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { insertMeeting, meetingsSuite } from '#test/support/meetings.ts';
import { insertPaper } from '#test/support/meetings-papers.ts';
import { minutesOverdue } from './attention.ts';
import { meetingFigures, minutesInTime, proofingCompliance, welshProvision } from './evidence.ts';
import { askAttention } from '#platform/modules/attention.ts';

const DAY = 86_400_000;

describe('meetings: needs your attention, evidence and figures', () => {
  const suite = meetingsSuite('meeting-evidence');
  const { org, add, signedIn } = suite;

  async function meeting(
    at: string,
    daysAgo: number,
    values: { minutesAfterDays?: number; languages?: 'en' | 'cy' | 'bilingual' } = {},
  ) {
    const startsAt = new Date(Date.now() - daysAgo * DAY);
    const endsAt = new Date(startsAt.getTime() + 2 * 3_600_000);
    const row = await suite.t.services.db
      .insertInto('meetings')
      .values({
        organisation_id: org[at]!.id,
        kind: 'forum',
        title_en: `Forum ${String(daysAgo)}`,
        title_cy: `Fforwm ${String(daysAgo)}`,
        attendance_mode: 'online',
        starts_at: startsAt,
        ends_at: endsAt,
        languages: values.languages ?? 'en',
        minutes_published_at:
          values.minutesAfterDays === undefined
            ? null
            : new Date(endsAt.getTime() + values.minutesAfterDays * DAY),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  it('puts meetings with overdue minutes on the organisation’s "needs your attention"', async () => {
    const lead = await signedIn('involvement_lead', 'Provider A');
    assert.deepEqual(await askAttention(suite.t.services, minutesOverdue, lead.actor), []);
    const overdue = await meeting('Provider A', 20); // 14 days passed, no minutes
    await meeting('Provider A', 5); // not due yet
    await meeting('Provider A', 30, { minutesAfterDays: 3 }); // published
    await meeting('Provider B', 40); // another provider's
    assert.deepEqual(await askAttention(suite.t.services, minutesOverdue, lead.actor), [
      {
        text: 'proofing:attention.minutesOverdue',
        count: 1,
        href: `/meetings/${overdue}/proofing#minutes_published`,
      },
    ]);
    const staff = await signedIn('staff', 'Provider A');
    assert.deepEqual(
      await askAttention(suite.t.services, minutesOverdue, staff.actor),
      [],
      'staff do not run meetings',
    );
    const regional = await signedIn('involvement_lead', 'Region');
    const [item] = await askAttention(suite.t.services, minutesOverdue, regional.actor);
    assert.equal(item?.count, 2, 'the region sees both providers');
  });

  it('answers minutes in time and Welsh provision with the meetings behind them', async () => {
    await add('Provider C', 'Region');
    const late = await meeting('Provider C', 60, { minutesAfterDays: 20 });
    const onTime = await meeting('Provider C', 50, { minutesAfterDays: 7, languages: 'bilingual' });
    await meeting('Provider C', 3); // minutes not due yet
    const scope = {
      organisationId: org['Provider C']!.id,
      from: new Date(Date.now() - 90 * DAY),
      to: new Date(Date.now() + DAY),
    };
    const minutes = await minutesInTime.answer(suite.t.services, scope);
    assert.equal(minutes.met, 1);
    assert.equal(minutes.of, 2);
    assert.deepEqual(
      minutes.records.map((r) => r.id),
      [onTime],
    );
    assert.ok(!minutes.records.some((r) => r.id === late));
    const welsh = await welshProvision.answer(suite.t.services, scope);
    assert.equal(welsh.met, 1);
    assert.equal(welsh.of, 3);
    const held = meetingFigures.find((f) => f.id === 'meetings.held')!;
    assert.equal(await held.count(suite.t.services, scope), 3);
  });

  it('answers user-proofing compliance from the checks about the meeting itself', async () => {
    await add('Provider D', 'Region');
    const { db } = suite.t.services;
    const at = org['Provider D']!.id;
    const held = async (title: string, hours: number, values: Record<string, unknown> = {}) => {
      const id = await insertMeeting(db, at, {
        startsInHours: -30 * 24,
        hours,
        title_en: title,
        expenses_offered: true,
        minutes_published_at: new Date(Date.now() - 25 * DAY),
        ...values,
      });
      await insertPaper(db, id, { uploaded_at: new Date(Date.now() - 40 * DAY) });
      return id;
    };
    const good = await held('Well proofed', 2);
    await held('No break in three hours', 3);
    const overridden = await held('Expenses not offered, with a reason', 2, {
      expenses_offered: false,
    });
    await db
      .insertInto('meeting_proofing_overrides')
      .values({ meeting_id: overridden, check_key: 'expenses', reason: 'Online; nothing to pay' })
      .execute();
    await held('Minutes never published', 2, { minutes_published_at: null });
    await insertMeeting(db, at, { startsInHours: 48, title_en: 'Not held yet' });
    const scope = {
      organisationId: at,
      from: new Date(Date.now() - 90 * DAY),
      to: new Date(Date.now() + 90 * DAY),
    };
    const answer = await proofingCompliance.answer(suite.t.services, scope);
    assert.equal(answer.of, 4);
    assert.deepEqual(answer.records.map((r) => r.id).sort(), [good, overridden].sort());
    assert.equal(answer.met, 2);
  });
});
