import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { insertTestPerson } from '#features/register';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { insertTestOrganisation, type TestOrganisation } from '#test/support/fixture.ts';
import { recordInvolvement, type InvolvementEntry } from './repository.ts';
import { involvementFigures, rungsCovered } from './evidence.ts';

/** The figures and the evidence involvement records give, on a small region. */
describe('involvement figures and evidence', () => {
  let t: TestApp;
  let region: TestOrganisation;
  let provider: TestOrganisation;
  let other: TestOrganisation;
  const scope = () => ({
    organisationId: region.id,
    from: new Date('2026-04-01T00:00:00Z'),
    to: new Date('2027-04-01T00:00:00Z'),
  });
  const figure = (id: string) => involvementFigures.find((f) => f.id === id)!;

  const entry = (
    at: TestOrganisation,
    personId: string,
    rung: number,
    tookPartOn: string,
    hours: number,
  ): InvolvementEntry => ({
    organisationId: at.id,
    personId,
    opportunityId: null,
    tookPartOn,
    hours,
    rung,
    level: 'service',
    method: 'forum',
    role: 'participant',
    outcome: null,
    recordedBy: null,
  });

  before(async () => {
    t = await startTestApp();
    const { db } = t.services;
    region = await insertTestOrganisation(db, { nameEn: 'Evidence region', kind: 'region' });
    provider = await insertTestOrganisation(db, {
      nameEn: 'Evidence provider',
      kind: 'provider',
      parent: region,
    });
    other = await insertTestOrganisation(db, { nameEn: 'Elsewhere', kind: 'region' });
    const person = (at: TestOrganisation, n: number) =>
      insertTestPerson(db, t.config.encryptionKey, {
        organisationId: at.id,
        displayName: `Evidence ${n}`,
      });
    const [a, b, c] = [
      await person(region, 1),
      await person(provider, 2),
      await person(provider, 3),
    ];
    const outsider = await person(other, 4);
    await recordInvolvement(db, [
      entry(region, a, 1, '2026-04-01', 2), // the first day counts
      entry(region, a, 3, '2026-06-10', 1.5),
      entry(provider, b, 3, '2026-07-01', 3),
      entry(provider, c, 5, '2027-03-31', 4), // the last day counts
      entry(provider, c, 7, '2027-04-01', 10), // the day after the period: left out
      entry(provider, b, 6, '2026-03-31', 10), // the day before: left out
      entry(other, outsider, 2, '2026-06-10', 10), // another region: left out
    ]);
  });
  after(() => t.close());

  it('counts the people involved and their hours at the organisation and below it', async () => {
    assert.equal(await figure('involvement.people-involved').count(t.services, scope()), 3);
    assert.equal(figure('involvement.people-involved').suppressBelow, 5);
    assert.equal(await figure('involvement.hours').count(t.services, scope()), 10.5);
    const providerOnly = { ...scope(), organisationId: provider.id };
    assert.equal(await figure('involvement.people-involved').count(t.services, providerOnly), 2);
    assert.equal(await figure('involvement.hours').count(t.services, providerOnly), 7);
  });

  it('answers which rungs were covered, with a link for each', async () => {
    const answer = await rungsCovered.answer(t.services, scope());
    assert.equal(answer.met, 3);
    assert.equal(answer.of, 7);
    assert.deepEqual(
      answer.records.map((r) => [r.id, r.label]),
      [
        ['1', '1. Information: 1 record'],
        ['3', '3. Consultation: 2 records'],
        ['5', '5. Decision sharing: 1 record'],
      ],
    );
    assert.equal(
      answer.records[0]!.href,
      `/ladder-map?organisation=${region.id}&from=2026-04-01&to=2027-03-31`,
    );
    const empty = await rungsCovered.answer(t.services, {
      ...scope(),
      organisationId: other.id,
      from: new Date('2020-01-01T00:00:00Z'),
      to: new Date('2020-02-01T00:00:00Z'),
    });
    assert.deepEqual(empty, { met: 0, of: 7, records: [] });
  });

  it('is described in both languages', () => {
    for (const lang of ['en', 'cy'] as const) {
      const t2 = t.services.i18n.t(lang);
      for (const key of [rungsCovered.text, ...involvementFigures.map((f) => f.text)])
        assert.ok(t2(key) !== key, `${lang} ${key}`);
    }
  });
});
