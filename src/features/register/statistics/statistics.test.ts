import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Role } from '#platform/db/schema.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { insertTestPerson, type TestPerson } from '../people/fixtures.ts';

/** Register statistics: consent-filtered, scoped, suppressed, no names, Welsh. */
describe('register statistics', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'stats', 'Tester');
  const org = tree.ids;
  const organisation = (key: string, kind: 'region' | 'area' | 'provider', parent?: string) =>
    tree.add(key, parent, { kind, nameEn: `Org ${key}`, nameCy: `Sefydliad ${key}` });
  const signedIn = async (role: Role, at: string, language?: 'en' | 'cy') =>
    (await tree.signedIn(role, at, language)).agent;

  const people = async (n: number, person: TestPerson, equality?: Record<string, string>) => {
    for (let i = 0; i < n; i += 1) {
      const id = await insertTestPerson(t.services.db, t.config.encryptionKey, {
        displayName: `Secret Name ${i}`,
        ...person,
      });
      if (equality)
        await t.services.db
          .insertInto('equality_monitoring')
          .values({ person_id: id, organisation_id: person.organisationId, ...equality })
          .execute();
    }
  };

  /** The numeric cell of a row labelled `label` in the table with id `table`. */
  const cell = (html: string, table: string, label: string) => {
    const section = new RegExp(`<table[^>]*id="${table}"[\\s\\S]*?</table>`).exec(html)?.[0];
    assert.ok(section, `table ${table}`);
    const row = new RegExp(
      `>\\s*(?:<a[^>]*>)?${label}(?:</a>)?</th>\\s*<td[^>]*>([^<]*)</td>`,
    ).exec(section);
    assert.ok(row, `row ${label} in ${table}`);
    return row[1]!.trim();
  };

  before(async () => {
    t = await startTestApp({ EXPOSE_QUERY_COUNT: 'true' });
    await organisation('region', 'region');
    await organisation('area', 'area', 'region');
    await organisation('providerA', 'provider', 'area');
    await organisation('providerB', 'provider', 'area');
    await organisation('otherRegion', 'region');
    const shared = ['register', 'contact', 'share_deidentified'] as const;
    // provider A: 12 service users, 3 carers (suppressed), 6 family members (secondary)
    await people(12, { organisationId: org.providerA!, consents: [...shared] });
    await people(
      3,
      {
        organisationId: org.providerA!,
        consents: [...shared, 'equality'],
        fields: { kind: 'carer' },
      },
      { sex: 'female' },
    );
    await people(
      6,
      {
        organisationId: org.providerA!,
        consents: [...shared, 'equality'],
        fields: { kind: 'family_member', preferred_language: 'cy' },
      },
      { sex: 'male' },
    );
    // people without share_deidentified are never counted
    await people(7, { organisationId: org.providerA!, consents: ['register', 'contact'] });
    // equality answers without equality consent are never counted
    await people(5, { organisationId: org.providerB!, consents: [...shared] }, { sex: 'female' });
  });
  after(() => t.close());

  it('counts consenting people, suppresses 1 to 4 and the next smallest, shows no names', async () => {
    const agent = await signedIn('commissioner', 'region');
    const page = await agent.get(`/register/statistics?organisation=${org.area!}`);
    assert.equal(page.statusCode, 200);
    const html = page.body;
    assert.equal(cell(html, 'by-kind', 'Service user'), '17');
    assert.equal(cell(html, 'by-kind', 'Carer'), 'fewer than 5');
    assert.equal(cell(html, 'by-kind', 'Family member'), 'hidden');
    assert.equal(cell(html, 'by-kind', 'Young person'), '0');
    assert.equal(cell(html, 'by-kind', 'Total'), '26');
    assert.equal(cell(html, 'by-language', 'Welsh'), '6');
    assert.equal(cell(html, 'by-organisation', 'Org providerA'), '21');
    assert.equal(cell(html, 'by-organisation', 'Org providerB'), '5');
    // equality: 9 people consented; female 3 (suppressed) → male 6 hidden as well
    assert.equal(cell(html, 'equality-sex', 'Female'), 'fewer than 5');
    assert.equal(cell(html, 'equality-sex', 'Male'), 'hidden');
    assert.equal(cell(html, 'equality-sex', 'Total'), '9');
    assert.doesNotMatch(html, /Secret Name/);
    // never a bare count from 1 to 4 in a table cell
    assert.doesNotMatch(html, /govuk-table__cell--numeric[^>]*>\s*[1-4]\s*</);
  });

  it('lets a commissioner choose any organisation in scope by name, at any depth', async () => {
    const agent = await signedIn('commissioner', 'region');
    const whole = await agent.get('/register/statistics');
    assert.equal(whole.statusCode, 200);
    const chooser = /<select[^>]*name="organisation"[\s\S]*?<\/select>/.exec(whole.body)?.[0];
    assert.ok(chooser, 'a select of organisations on the page');
    // providers two levels down are offered straight away, not only the region's children
    assert.match(chooser, new RegExp(`<option value="${org.providerA!}"[^>]*>Org providerA<`));
    assert.match(chooser, new RegExp(`<option value="${org.area!}"`));
    assert.doesNotMatch(chooser, new RegExp(org.otherRegion!), 'nothing outside the scope');
    assert.match(chooser, /<option value="" selected>/);
    const queries = Number(whole.headers['x-query-count']);
    assert.ok(queries <= 10, `${queries} SQL queries`);
    // the form is a GET: choosing one is a plain link to its statistics
    const chosen = await agent.get(`/register/statistics?organisation=${org.providerA!}`);
    assert.equal(chosen.statusCode, 200);
    assert.match(chosen.body, new RegExp(`<option value="${org.providerA!}" selected>`));
    assert.equal(cell(chosen.body, 'by-kind', 'Total'), '21');
    // "whole scope" (the empty choice) is the starting page again
    const back = await agent.get('/register/statistics?organisation=');
    assert.equal(back.statusCode, 200);
    assert.equal(cell(back.body, 'by-kind', 'Total'), '26');
    const welsh = await agent.get(`/register/statistics?organisation=${org.area!}&lang=cy`);
    assert.match(welsh.body, /Sefydliad neu fforwm/);
    assert.match(welsh.body, />Sefydliad providerA</);
  });

  it('drills down to an organisation and answers 404 outside the scope', async () => {
    const agent = await signedIn('viewer', 'area');
    const whole = await agent.get('/register/statistics');
    assert.equal(whole.statusCode, 200);
    assert.match(whole.body, new RegExp(`href="/register/statistics\\?organisation=${org.area!}"`));
    const provider = await agent.get(`/register/statistics?organisation=${org.providerB!}`);
    assert.equal(provider.statusCode, 200);
    assert.equal(cell(provider.body, 'by-kind', 'Total'), '5');
    assert.equal(
      (await agent.get(`/register/statistics?organisation=${org.region!}`)).statusCode,
      404,
    );
    assert.equal(
      (await agent.get(`/register/statistics?organisation=${org.otherRegion!}`)).statusCode,
      404,
    );
    assert.equal((await agent.get('/register/statistics?organisation=nope')).statusCode, 404);
  });

  it('is refused to staff and shown in Welsh', async () => {
    const staff = await signedIn('staff', 'providerA');
    assert.equal((await staff.get('/register/statistics')).statusCode, 403);
    const lead = await signedIn('involvement_lead', 'providerA', 'cy');
    const page = await lead.get('/register/statistics');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Ystadegau’r gofrestr/);
    assert.match(page.body, /llai na 5/);
  });
});
