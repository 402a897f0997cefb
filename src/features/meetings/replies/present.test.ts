import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Paper } from '../papers/service.ts';
import { papersFor } from './present.ts';

let n = 0;
const paper = (values: Partial<Paper>): Paper => ({
  id: `paper-${String((n += 1))}`,
  meetingId: 'meeting',
  kind: 'agenda_paper',
  titleEn: 'Agenda pack',
  titleCy: 'Pecyn agenda',
  language: 'en',
  format: 'standard',
  summaryEn: null,
  summaryCy: null,
  fileName: 'pack.pdf',
  mediaType: 'application/pdf',
  sizeBytes: 1000,
  sha256: '0',
  uploadedAt: new Date(),
  publishedAt: null,
  ...values,
});

describe('the papers a person is shown on their reply page', () => {
  const enStandard = paper({});
  const cyStandard = paper({ language: 'cy' });
  const enEasy = paper({ format: 'easy_read' });
  const cyLarge = paper({ language: 'cy', format: 'large_print' });
  const budget = paper({ titleEn: 'Budget', language: 'en' });
  const draftMinutes = paper({ kind: 'minutes', titleEn: 'Minutes' });
  const all = [enStandard, cyStandard, enEasy, cyLarge, budget, draftMinutes];
  const ids = (papers: Paper[]) => papers.map((p) => p.id).sort();

  it('shows each paper once, in the person’s language first', () => {
    assert.deepEqual(ids(papersFor(all, 'cy', [])), ids([cyStandard, budget]));
    assert.deepEqual(ids(papersFor(all, 'en', [])), ids([enStandard, budget]));
  });

  it('then in a format they asked for, else the standard one', () => {
    assert.deepEqual(ids(papersFor(all, 'en', ['easy_read'])), ids([enEasy, budget]));
    assert.deepEqual(ids(papersFor(all, 'cy', ['large_print'])), ids([cyLarge, budget]));
    assert.deepEqual(ids(papersFor(all, 'cy', ['easy_read'])), ids([cyStandard, budget]));
  });

  it('shows minutes only once published', () => {
    const published = paper({ kind: 'minutes', titleEn: 'Minutes', publishedAt: new Date() });
    assert.deepEqual(ids(papersFor([draftMinutes], 'en', [])), []);
    assert.deepEqual(ids(papersFor([draftMinutes, published], 'en', [])), [published.id]);
  });
});
