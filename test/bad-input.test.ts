import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type Agent, type TestApp } from '#test/support/app.ts';
import { staffOfNewProvider } from '#test/support/fixture.ts';

/**
 * Bad input is refused where it is parsed, for every route: a NUL character (no PostgreSQL text
 * column can hold one) in a query or a form, and a malformed multipart body, answer a 400 page in
 * the visitor's language — never a 500.
 */
describe('bad input at the edge', () => {
  let t: TestApp;
  let agent: Agent;
  let organisationId: string;
  before(async () => {
    t = await startTestApp();
    const staff = await staffOfNewProvider(t, 'organisation_admin', 'Bad input', 'cy');
    organisationId = staff.organisation.id;
    agent = staff.agent;
  });
  after(() => t.close());

  it('answers 400 in the visitor’s language for a NUL in a query string', async () => {
    for (const url of [
      '/people?q=a%00b',
      '/organisations?q=%00',
      '/staff?q=x%00',
      '/audit?q=%00',
    ]) {
      const response = await agent.get(url);
      assert.equal(response.statusCode, 400, url);
      assert.match(response.body, /<html lang="cy"/, url);
    }
  });

  it('answers 400 for a NUL in a form, and writes nothing', async () => {
    await agent.get(`/organisations/${organisationId}/edit`);
    const response = await agent.post(`/organisations/${organisationId}/edit`, {
      nameEn: 'Renamed\u0000',
      nameCy: 'Ailenwyd',
    });
    assert.equal(response.statusCode, 400);
    const row = await t.services.db
      .selectFrom('organisations')
      .select('name_en')
      .where('id', '=', organisationId)
      .executeTakeFirstOrThrow();
    assert.equal(row.name_en, 'Bad input provider');
  });

  it('answers 400 for a multipart body with no boundary or cut short', async () => {
    await agent.get(`/people/import?organisation=${organisationId}`);
    const csrf = agent.csrf();
    const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const boundary = 'cydboundary';
    const cases = [
      { type: 'multipart/form-data', body: 'no boundary here' },
      {
        type: `multipart/form-data; boundary=${boundary}`,
        body: `--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nname,kind\r\nAl`,
      },
    ];
    for (const c of cases) {
      const response = await t.app.inject({
        method: 'POST',
        url: `/people/import?organisation=${organisationId}`,
        headers: { cookie, 'content-type': c.type },
        payload: c.body,
      });
      assert.equal(response.statusCode, 400, c.type);
    }
  });
});
