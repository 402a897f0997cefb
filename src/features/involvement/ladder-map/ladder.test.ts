import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '#platform/db/schema.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { insertTestOrganisation, signedInStaff } from '#test/support/fixture.ts';
import { insertTestPerson } from '#features/register';
import { ladderChart } from './chart.ts';
import { defaultPeriod } from './service.ts';

/** The ladder map: counts per rung and level, gaps, side by side, scope, no names. */
describe('ladder map', () => {
  let t: TestApp;
  const org: Record<string, { id: string; ancestors: string[] }> = {};
  let accounts = 0;
  const people: Record<string, string> = {};

  async function organisation(key: string, kind: 'region' | 'area' | 'provider', parent?: string) {
    org[key] = await insertTestOrganisation(t.services.db, {
      kind,
      nameEn: `Org ${key}`,
      nameCy: `Sefydliad ${key}`,
      parent: parent ? org[parent] : undefined,
    });
  }

  async function signedIn(role: Role, at: string) {
    accounts += 1;
    const { agent } = await signedInStaff(t, role, org[at]!.id, {
      email: `ladder-${accounts}@test.example`,
      name: `Tester ${accounts}`,
    });
    return agent;
  }

  const record = (
    at: string,
    who: string,
    rung: number,
    level: 'individual' | 'service' | 'strategic' | 'policy',
    hours: number,
    day: string,
  ) => ({
    organisation_id: org[at]!.id,
    person_id: people[who]!,
    took_part_on: day,
    hours,
    rung,
    level,
    method: 'forum' as const,
    role: 'participant' as const,
  });

  const { from, to } = defaultPeriod();
  const inPeriod = to; // today
  const beforePeriod = '2001-01-01';

  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
    await organisation('region', 'region');
    await organisation('area', 'area', 'region');
    await organisation('alpha', 'provider', 'area');
    await organisation('beta', 'provider', 'area');
    await organisation('elsewhere', 'region');
    for (const [key, at] of [
      ['ann', 'alpha'],
      ['bob', 'alpha'],
      ['cat', 'beta'],
      ['dan', 'elsewhere'],
    ] as const)
      people[key] = await insertTestPerson(t.services.db, t.config.encryptionKey, {
        organisationId: org[at]!.id,
        displayName: `Secret ${key}`,
      });
    await t.services.db
      .insertInto('involvement_records')
      .values([
        record('alpha', 'ann', 1, 'service', 1, inPeriod),
        record('alpha', 'ann', 1, 'service', 2, inPeriod), // same person twice: counted once
        record('alpha', 'bob', 1, 'service', 1.5, inPeriod),
        record('alpha', 'bob', 3, 'strategic', 2, inPeriod),
        record('beta', 'cat', 5, 'service', 4, inPeriod),
        record('beta', 'cat', 7, 'policy', 3, inPeriod),
        record('alpha', 'ann', 2, 'service', 9, beforePeriod), // outside the period
        record('elsewhere', 'dan', 4, 'service', 8, inPeriod), // another region
      ])
      .execute();
    await t.services.db
      .insertInto('opportunities')
      .values({
        organisation_id: org.beta!.id,
        title_en: 'Peer-led project',
        title_cy: 'Prosiect dan arweiniad cymheiriaid',
        description_en: 'x',
        description_cy: 'x',
        rung: 7,
        level: 'policy',
        nta_scope: 'collective',
        nta_mode: 'influence',
        method: 'other',
        status: 'open',
        opened_at: new Date(),
      })
      .execute();
  });
  after(() => t.close());

  it('counts distinct people, hours and opportunities at each rung and level, and marks the gaps', async () => {
    const agent = await signedIn('commissioner', 'region');
    const response = await agent.get(`/ladder-map?organisation=${org.region!.id}`);
    assert.equal(response.statusCode, 200);
    assert.ok(Number(response.headers['x-query-count']) <= 10, 'at most 10 queries');
    const body = response.body;
    const row = (name: string) => {
      const start = body.indexOf(`>${name}<br>`, body.indexOf('id="by-rung"'));
      return body.slice(start, body.indexOf('</tr>', start));
    };
    const cells = (name: string) =>
      [...row(name).matchAll(/govuk-table__cell--numeric">([^<]*)</g)].map((m) => m[1]);
    assert.deepEqual(cells('1. Information'), ['2', '4.5', '3', '0']);
    assert.deepEqual(cells('3. Consultation'), ['1', '2', '1', '0']);
    assert.deepEqual(cells('7. Initiating'), ['1', '3', '1', '1']);
    assert.deepEqual(cells('2. Positive contributions'), ['0', '0', '0', '0']);
    assert.match(row('2. Positive contributions'), /Gap: should be evidenced/);
    assert.match(row('6. Implementing'), /Gap: aspirational rung/);
    assert.match(body, /Activity at 4 of the 7 rungs/);
    // no names of people anywhere
    assert.doesNotMatch(body, /Secret/);
    // the chart: an image with a title and a description, gaps in words
    assert.match(body, /<svg[^>]*role="img"/);
    assert.match(body, /<desc id="ladder-chart-desc">[^<]*Gaps: 2\. Positive contributions/);
  });

  it('shows every organisation below side by side, with their own subtree counted and gaps marked', async () => {
    const agent = await signedIn('commissioner', 'region');
    const response = await agent.get(`/ladder-map?organisation=${org.region!.id}`);
    const table = response.body.slice(response.body.indexOf('id="side-by-side-table"'));
    const rowOf = (name: string) => {
      const start = table.indexOf(`>${name}</a>`);
      assert.ok(start > 0, `${name} is listed`);
      return table.slice(start, table.indexOf('</tr>', start));
    };
    const counts = (name: string) =>
      [...rowOf(name).matchAll(/govuk-table__cell--numeric">(?:<strong[^>]*>)?([^<]*)</g)].map(
        (m) => m[1],
      );
    assert.deepEqual(counts('Org area'), ['2', 'Gap', '1', 'Gap', '1', 'Gap', '1', '3', '13.5']);
    assert.deepEqual(counts('Org alpha'), [
      '2',
      'Gap',
      '1',
      'Gap',
      'Gap',
      'Gap',
      'Gap',
      '2',
      '6.5',
    ]);
    assert.deepEqual(counts('Org beta'), ['Gap', 'Gap', 'Gap', 'Gap', '1', 'Gap', '1', '1', '7']);
    assert.doesNotMatch(table, /Org elsewhere/);
  });

  it('keeps to the period chosen, and refuses impossible periods', async () => {
    const agent = await signedIn('viewer', 'area');
    let response = await agent.get(
      `/ladder-map?organisation=${org.alpha!.id}&from=2000-06-01&to=2001-12-31`,
    );
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Activity at 1 of the 7 rungs/);
    response = await agent.get(`/ladder-map?organisation=${org.alpha!.id}&from=2026-02-30`);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /Enter the start of the period as a real date/);
    response = await agent.get(`/ladder-map?organisation=${org.alpha!.id}&from=${to}&to=${from}`);
    assert.equal(response.statusCode, 400);
    assert.match(response.body, /must be the same as or after the start/);
  });

  it('answers 404 for an organisation out of reach, and shows a single organisation by default', async () => {
    const agent = await signedIn('staff', 'alpha');
    assert.equal((await agent.get(`/ladder-map?organisation=${org.beta!.id}`)).statusCode, 404);
    assert.equal(
      (await agent.get(`/ladder-map?organisation=${org.elsewhere!.id}`)).statusCode,
      404,
    );
    const response = await agent.get('/ladder-map');
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Org alpha/);
    assert.match(response.body, /Activity at 2 of the 7 rungs/);
  });

  it('is in Welsh', async () => {
    const agent = await signedIn('commissioner', 'region');
    const response = await agent.get(`/ladder-map?organisation=${org.region!.id}&lang=cy`);
    assert.equal(response.statusCode, 200);
    assert.match(response.body, /Map o(&#39;|')r ysgol gyfranogiad/);
    assert.match(response.body, /Sefydliadau ochr yn ochr/);
  });

  it('draws a chart whose labels are escaped and whose gaps do not depend on colour', () => {
    const svg = ladderChart(
      [
        { label: '<b>1</b>', people: 3, value: '3 people', gap: false, gapText: '' },
        { label: '2', people: 0, value: '', gap: true, gapText: 'Gap & more' },
      ],
      { title: 'T', description: 'D' },
    );
    assert.match(svg, /&lt;b&gt;1&lt;\/b&gt;/);
    assert.match(svg, /Gap &amp; more/);
    assert.match(svg, /stroke-dasharray/);
    assert.doesNotMatch(svg, /<script/);
  });
});
