import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvField, csvLine, neutraliseCell, sheetRow } from './cells.ts';

describe('export cells', () => {
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

  it('neutralises the text of a sheet row and leaves numbers and blanks alone', () => {
    assert.deepEqual(sheetRow(['=1+1', 'Bus fare', -250, null, '@x']), [
      "'=1+1",
      'Bus fare',
      -250,
      null,
      "'@x",
    ]);
  });
});
