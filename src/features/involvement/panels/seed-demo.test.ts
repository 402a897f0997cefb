import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { demoSuite } from '#test/support/demo.ts';

/** Demo panels: a closed interview panel with its involvement records, an open tender panel. */
describe('demo panels', () => {
  const demo = demoSuite();

  it('seeds a closed interview panel whose members have involvement records, and an open tender', async () => {
    const { db } = demo.t.services;
    const panels = await db.selectFrom('panels').selectAll().orderBy('kind').execute();
    assert.deepEqual(
      panels.map((p) => [p.kind, p.status]),
      [
        ['interview', 'closed'],
        ['tender', 'open'],
      ],
    );
    const members = await db
      .selectFrom('panel_members')
      .selectAll()
      .where('panel_id', '=', panels[0]!.id)
      .execute();
    assert.equal(members.length, 2);
    assert.ok(
      members.every((m) => m.involvement_record_id !== null),
      'records made on closing',
    );
  });

  it('shows the demo organisation administrator the panels, the training warning and the results', async () => {
    const { db } = demo.t.services;
    const { agent } = await demo.signedInDemo('organisation-admin@demo.example');
    const list = await agent.get('/panels');
    assert.equal(list.statusCode, 200);
    assert.ok(list.body.includes('Peer recovery worker interviews'), 'interview panel listed');
    const tender = await db
      .selectFrom('panels')
      .select('id')
      .where('kind', '=', 'tender')
      .executeTakeFirstOrThrow();
    const page = await agent.get(`/panels/${tender.id}`);
    assert.equal(page.statusCode, 200);
    // a tender panel's warning speaks of tenders, not of interviews (issue 13)
    assert.ok(page.body.includes('not done panel training for evaluating tenders'), 'warning');
    assert.doesNotMatch(page.body, /interview panel training/);
    const interview = await db
      .selectFrom('panels')
      .select('id')
      .where('kind', '=', 'interview')
      .executeTakeFirstOrThrow();
    const results = await agent.get(`/panels/${interview.id}/results`);
    assert.equal(results.statusCode, 200);
    assert.match(results.body, /data-result="combined"><strong>\d/);
  });
});
