import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { notifyCallbackAuthorised, parseReceivedText } from './received-text.ts';

describe('Notify received-text callback', () => {
  it('accepts only the configured bearer token', () => {
    assert.equal(notifyCallbackAuthorised('Bearer s3cret-token', 's3cret-token'), true);
    assert.equal(notifyCallbackAuthorised('Bearer s3cret-tokeX', 's3cret-token'), false);
    assert.equal(notifyCallbackAuthorised('s3cret-token', 's3cret-token'), false);
    assert.equal(notifyCallbackAuthorised(undefined, 's3cret-token'), false);
    assert.equal(notifyCallbackAuthorised('Bearer ', ''), false);
  });

  it('reads the fields Notify sends', () => {
    const parsed = parseReceivedText({
      id: 'b51f138b-f2b0-4d2e-9a1c-1f8f1d0c9f4e',
      source_number: '447700900111',
      destination_number: '07797000000',
      message: 'Yes!',
      date_received: '2026-07-01T12:00:00.000Z',
    });
    assert.equal(parsed?.sourceNumber, '447700900111');
    assert.equal(parsed?.message, 'Yes!');
    assert.equal(parsed?.dateReceived.toISOString(), '2026-07-01T12:00:00.000Z');
  });

  it('refuses anything else', () => {
    assert.equal(parseReceivedText(null), null);
    assert.equal(parseReceivedText('yes'), null);
    assert.equal(parseReceivedText({ id: 'x', source_number: '44', message: 'yes' }), null);
    assert.equal(
      parseReceivedText({
        id: 'x',
        source_number: '447700900111',
        destination_number: '0779',
        message: 'yes',
        date_received: 'not a date',
      }),
      null,
    );
  });
});
