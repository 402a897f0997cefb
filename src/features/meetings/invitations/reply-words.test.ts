import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { replyFromText } from './reply-words.ts';

describe('text-message reply words', () => {
  it('reads English and Welsh words, ignoring case and punctuation', () => {
    assert.equal(replyFromText('YES'), 'yes');
    assert.equal(replyFromText(' yes! '), 'yes');
    assert.equal(replyFromText('No.'), 'no');
    assert.equal(replyFromText('maybe?'), 'maybe');
    assert.equal(replyFromText('Sorry'), 'apologies');
    assert.equal(replyFromText('Ie'), 'yes');
    assert.equal(replyFromText('NA'), 'no');
    assert.equal(replyFromText('efallai'), 'maybe');
    assert.equal(replyFromText('sori!!'), 'apologies');
    assert.equal(replyFromText('Ydw'), 'yes');
    assert.equal(replyFromText('Gallaf.'), 'yes');
    assert.equal(replyFromText('Nac ydw'), 'no');
    assert.equal(replyFromText('Na allaf'), 'no');
  });

  it('refuses anything else', () => {
    assert.equal(replyFromText(''), null);
    assert.equal(replyFromText('yes please'), null);
    assert.equal(replyFromText('hello'), null);
    assert.equal(replyFromText('constructor'), null);
    assert.equal(replyFromText('toString'), null);
  });
});
