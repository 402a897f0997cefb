import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { safeError, withoutValues } from '#platform/http/safe-error.ts';
import { insertTestPerson } from '#features/register';
import { logCapture, startTestApp, type TestApp } from '#test/support/app.ts';
import { staffOfNewProvider } from '#test/support/fixture.ts';

/**
 * No personal data in logs, ever: a write of a person that the database refuses is logged with
 * what went wrong and where, never the statement's parameters or the values it quoted.
 */
describe('logs hold no personal data', () => {
  let t: TestApp;
  const { lines, stream: logStream } = logCapture();
  before(async () => {
    // the real app, logging at info level into a stream this test reads
    t = await startTestApp({ LOG_LEVEL: 'info' }, { logStream });
  });
  after(() => t.close());

  it('keeps quoted values and key/value details out of messages', () => {
    assert.equal(
      withoutValues('invalid input syntax for type integer: "Secret Name"'),
      'invalid input syntax for type integer: "…"',
    );
    assert.equal(
      withoutValues('Key (email)=(secret@example.org) already exists.'),
      'Key "…" already exists.',
    );
    const error = Object.assign(new Error('value "Secret Name" is bad'), {
      code: '22P02',
      params: ['Secret Name', 'secret@example.org'],
      detail: 'Failing row contains (Secret Name).',
      where: "unnamed portal parameter $1 = 'Secret Name'",
    });
    const logged = JSON.stringify(safeError(error));
    assert.doesNotMatch(logged, /Secret Name|secret@example\.org/);
    assert.match(logged, /22P02/);
  });

  it('logs a refused write of a person without their name', async () => {
    const { agent, organisation } = await staffOfNewProvider(t, 'involvement_lead', 'Logs');
    const personId = await insertTestPerson(t.services.db, t.config.encryptionKey, {
      organisationId: organisation.id,
      displayName: 'Ordinary Name',
    });
    // the database refuses this one name, as it might refuse any write
    await sql`alter table people add constraint logs_test_refuse
      check (display_name <> 'Zebedee Secretname')`.execute(t.services.db);
    try {
      await agent.get(`/people/${personId}/edit/details`);
      const response = await agent.post(`/people/${personId}/edit/details`, {
        kind: 'service_user',
        displayName: 'Zebedee Secretname',
        legalName: '',
        ageBand: '',
      });
      assert.equal(response.statusCode, 500);
    } finally {
      await sql`alter table people drop constraint logs_test_refuse`.execute(t.services.db);
    }
    const log = lines.join('');
    assert.match(log, /unhandled error/, 'the failure is logged');
    assert.match(log, /logs_test_refuse|23514/, 'with what went wrong');
    assert.doesNotMatch(log, /Zebedee|Secretname/, 'and never the name');
  });
});
