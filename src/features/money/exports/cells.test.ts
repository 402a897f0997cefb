import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvField, csvLine, neutraliseCell, personReference } from './cells.ts';

describe('finance export cells', () => {
  it('neutralises cells a spreadsheet would read as formulas', () => {
    for (const bad of ['=1+1', '+44', '-2', '@SUM(A1)', '\tx', '\rx']) {
      assert.equal(neutraliseCell(bad), `'${bad}`);
    }
    assert.equal(neutraliseCell('Bus fare'), 'Bus fare');
    assert.equal(csvField('=HYPERLINK("x")'), `"'=HYPERLINK(""x"")"`);
    assert.equal(csvField(-250), '-250');
    assert.equal(csvField(null), '');
  });

  it('quotes commas and line breaks, and ends lines with CRLF', () => {
    assert.equal(csvLine(['a,b', 'c\nd', 3]), '"a,b","c\nd",3\r\n');
  });

  it('gives a person a stable reference that is not their id', () => {
    const id = '0b6f3c1e-8a2d-4e5f-9c7b-1d2e3f4a5b6c';
    assert.match(personReference(id), /^P-[0-9A-F]{8}$/);
    assert.equal(personReference(id), personReference(id));
    assert.notEqual(personReference(id), personReference(crypto.randomUUID()));
    assert.ok(!id.toUpperCase().includes(personReference(id).slice(2)));
  });
});
