import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { agendaRowsOf, parseAgenda, parseTime } from './schema.ts';

describe('meeting forms', () => {
  it('reads times of day as HH:MM, with a colon or a dot', () => {
    assert.equal(parseTime('9:30'), '09:30');
    assert.equal(parseTime('14.00'), '14:00');
    assert.equal(parseTime('24:00'), null);
    assert.equal(parseTime('2pm'), null);
  });

  it('drops empty agenda rows, orders by place, and numbers the items from 1', () => {
    const rows = agendaRowsOf({
      'item-0-titleEn': 'Welcome',
      'item-0-titleCy': 'Croeso',
      'item-1-titleEn': '',
      'item-1-titleCy': '',
      'item-2-titleEn': 'Budget',
      'item-2-titleCy': 'Cyllideb',
      'item-2-position': '1',
      'item-2-minutes': '30',
      'item-100-titleEn': 'Forged',
    });
    assert.equal(rows.length, 3);
    const parsed = parseAgenda(rows);
    assert.ok(parsed.ok);
    assert.deepEqual(
      parsed.value.map((i) => [i.position, i.title_en, i.minutes]),
      [
        [1, 'Budget', 30],
        [2, 'Welcome', null],
      ],
    );
  });

  it('refuses a half-filled row and a bad number, naming the field', () => {
    const parsed = parseAgenda(
      agendaRowsOf({ 'item-3-titleEn': 'Only English', 'item-3-minutes': 'ten' }),
    );
    assert.ok(!parsed.ok);
    assert.deepEqual(
      parsed.issues.map((i) => i.field),
      ['item-3-titleCy', 'item-3-minutes'],
    );
  });
});
