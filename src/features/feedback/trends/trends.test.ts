import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { organisationTree } from '#test/support/fixture.ts';
import { visibleText } from '#test/support/html.ts';
import { insertTestItem } from '../items/fixtures.ts';

/** Trends: an organisation's last twelve months, and the providers below it compared. */
describe('feedback trends', () => {
  let t: TestApp;
  const tree = organisationTree(() => t, 'fbtrends', 'Tester');
  const org = tree.ids;
  const db = () => t.services.db;

  before(async () => {
    t = await startTestApp();
    await tree.addAll({ region: null, alpha: 'region', beta: 'region' });
    const recently = new Date(Date.now() - 10 * 86_400_000);
    const theme = await db()
      .insertInto('feedback_themes')
      .values({ organisation_id: org.region!, name_en: 'Opening times', name_cy: 'Amseroedd agor' })
      .returning('id')
      .executeTakeFirstOrThrow();
    for (let i = 0; i < 3; i += 1) {
      const item = await insertTestItem(db(), {
        organisation_id: org.alpha!,
        received_at: recently,
        status: i === 0 ? 'published' : 'received',
        decided_at: i === 0 ? new Date(recently.getTime() + 4 * 86_400_000) : null,
      });
      await db()
        .insertInto('feedback_item_themes')
        .values({ item_id: item.id, theme_id: theme.id })
        .execute();
    }
    await insertTestItem(db(), {
      organisation_id: org.beta!,
      received_at: recently,
      kind: 'complaint',
    });
    await insertTestItem(db(), {
      organisation_id: org.beta!,
      received_at: recently,
      safeguarding: true,
    });
  });
  after(() => t.close());

  it('shows a commissioner the region by month and theme, and its providers compared', async () => {
    const { agent } = await tree.signedIn('commissioner', 'region');
    const page = await agent.get(`/feedback/trends?organisation=${org.region!}`);
    assert.equal(page.statusCode, 200);
    const text = visibleText(page.body);
    assert.match(text, /Opening times 3/);
    assert.match(text, /alpha 3 33% 4 0/, 'alpha: 3 received, a third published, 4 days');
    assert.match(text, /beta 1 0% – 0/, 'the safeguarding item is not counted');
  });

  it('keeps a provider to its own', async () => {
    const { agent } = await tree.signedIn('staff', 'alpha');
    assert.equal((await agent.get('/feedback/trends')).statusCode, 200);
    assert.equal((await agent.get(`/feedback/trends?organisation=${org.beta!}`)).statusCode, 404);
    const cy = await agent.get('/feedback/trends?lang=cy');
    assert.match(visibleText(cy.body), /Amseroedd agor/);
  });
});
