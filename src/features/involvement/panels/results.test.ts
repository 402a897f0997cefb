import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { combine, panelResults } from './results.ts';

describe('panel results arithmetic', () => {
  const scale = { scaleMin: 0, scaleMax: 5, userWeight: 60 };
  const questions = [
    { id: 'q1', weight: 1 },
    { id: 'q2', weight: 3 },
  ];
  const candidates = [
    { id: 'a', label: 'Candidate A', staffScore: 50 },
    { id: 'b', label: 'Candidate B', staffScore: 90 },
    { id: 'c', label: 'Candidate C', staffScore: null },
  ];
  const scores = [
    { personId: 'm1', candidateId: 'a', questionId: 'q1', score: 5 },
    { personId: 'm1', candidateId: 'a', questionId: 'q2', score: 3 },
    { personId: 'm2', candidateId: 'a', questionId: 'q1', score: 4 },
    { personId: 'm2', candidateId: 'a', questionId: 'q2', score: 4 },
    { personId: 'm1', candidateId: 'c', questionId: 'q1', score: 2.5 },
  ];

  it('normalises to 0–100, weights the questions and combines with the staff score', () => {
    const [a, b, c] = panelResults(scale, questions, candidates, scores);
    // q1: (100 + 80) / 2 = 90; q2: (60 + 80) / 2 = 70; weighted (90×1 + 70×3) / 4 = 75
    assert.equal(a!.userScore, 75);
    assert.deepEqual(
      a!.questions.map((q) => q.mean),
      [90, 70],
    );
    assert.equal(a!.scorers, 2);
    // 75 × 60% + 50 × 40% = 65
    assert.ok(Math.abs(a!.combined! - 65) < 1e-9, 'line 38');
    // nobody scored B: no combined result while the service users' part is missing
    assert.equal(b!.userScore, null);
    assert.equal(b!.combined, null);
    // C: only q1 scored (2.5 of 5 = 50); no staff score yet
    assert.equal(c!.userScore, 50);
    assert.equal(c!.combined, null);
    assert.equal(a!.rank, 1);
    assert.equal(b!.rank, null);
  });

  it('needs no staff score at 100% and no service-user score at 0%', () => {
    assert.equal(combine({ ...scale, userWeight: 100 }, 80, null), 80);
    assert.equal(combine({ ...scale, userWeight: 0 }, null, 40), 40);
    assert.equal(combine({ ...scale, userWeight: 25 }, 80, 40), 50);
  });

  it('gives tied candidates the same rank', () => {
    const results = panelResults(
      { scaleMin: 1, scaleMax: 3, userWeight: 100 },
      [{ id: 'q', weight: 1 }],
      [
        { id: 'x', label: 'X', staffScore: null },
        { id: 'y', label: 'Y', staffScore: null },
        { id: 'z', label: 'Z', staffScore: null },
      ],
      [
        { personId: 'm', candidateId: 'x', questionId: 'q', score: 3 },
        { personId: 'm', candidateId: 'y', questionId: 'q', score: 3 },
        { personId: 'm', candidateId: 'z', questionId: 'q', score: 1 },
      ],
    );
    assert.deepEqual(
      results.map((r) => [r.userScore, r.rank]),
      [
        [100, 1],
        [100, 1],
        [0, 3],
      ],
    );
  });
});

/** Panels through their routes: scale checks, scope, audit, involvement records, Welsh. */
