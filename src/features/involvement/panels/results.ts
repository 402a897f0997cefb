/**
 * The combined result of a panel (pure arithmetic, no database).
 *
 * - Each score is put on a 0–100 scale: (score − min) / (max − min) × 100.
 * - For each question, the mean of the normalised scores of the members who scored it.
 * - The service-user score of a candidate is the weighted mean of those question means (by the
 *   questions' weights), over the questions at least one member scored.
 * - The combined result is the service-user score × weight + the staff score (0–100, the rest
 *   of the panel) × (1 − weight), with the weight as a fraction. A weight of 100% needs no
 *   staff score and 0% no service-user scores; otherwise a missing part leaves it blank.
 */
export interface PanelScale {
  scaleMin: number;
  scaleMax: number;
  /** 0..100 (%) */
  userWeight: number;
}

export interface ScoreInput {
  personId: string;
  candidateId: string;
  questionId: string;
  score: number;
}

export interface CandidateResult {
  candidateId: string;
  label: string;
  /** 0–100, or null when no member scored the candidate. */
  userScore: number | null;
  staffScore: number | null;
  combined: number | null;
  /** How many members scored the candidate on at least one question. */
  scorers: number;
  /** Mean normalised score (0–100) per question, in the questions' order. */
  questions: { questionId: string; mean: number | null; count: number }[];
  /** 1 = highest combined result; ties share a rank; null without a combined result. */
  rank: number | null;
}

export const normalise = (scale: PanelScale, score: number) =>
  ((score - scale.scaleMin) / (scale.scaleMax - scale.scaleMin)) * 100;

/** The combined result from the service-user score and the staff score, or null. */
export function combine(scale: PanelScale, userScore: number | null, staffScore: number | null) {
  const w = scale.userWeight / 100;
  if (scale.userWeight === 100) return userScore;
  if (scale.userWeight === 0) return staffScore;
  if (userScore === null || staffScore === null) return null;
  return userScore * w + staffScore * (1 - w);
}

export function panelResults(
  scale: PanelScale,
  questions: { id: string; weight: number }[],
  candidates: { id: string; label: string; staffScore: number | null }[],
  scores: ScoreInput[],
): CandidateResult[] {
  const byCell = new Map<string, number[]>();
  const scorersOf = new Map<string, Set<string>>();
  for (const s of scores) {
    const key = `${s.candidateId}/${s.questionId}`;
    const cell = byCell.get(key) ?? [];
    cell.push(normalise(scale, s.score));
    byCell.set(key, cell);
    const who = scorersOf.get(s.candidateId) ?? new Set<string>();
    who.add(s.personId);
    scorersOf.set(s.candidateId, who);
  }
  const results = candidates.map((candidate) => {
    let weighted = 0;
    let weights = 0;
    const perQuestion = questions.map((q) => {
      const cell = byCell.get(`${candidate.id}/${q.id}`) ?? [];
      const mean = cell.length ? cell.reduce((a, b) => a + b, 0) / cell.length : null;
      if (mean !== null) {
        weighted += mean * q.weight;
        weights += q.weight;
      }
      return { questionId: q.id, mean, count: cell.length };
    });
    const userScore = weights > 0 ? weighted / weights : null;
    return {
      candidateId: candidate.id,
      label: candidate.label,
      userScore,
      staffScore: candidate.staffScore,
      combined: combine(scale, userScore, candidate.staffScore),
      scorers: scorersOf.get(candidate.id)?.size ?? 0,
      questions: perQuestion,
      rank: null as number | null,
    };
  });
  const ranked = results
    .filter((r) => r.combined !== null)
    .sort((a, b) => b.combined! - a.combined!);
  ranked.forEach((r, i) => {
    const previous = ranked[i - 1];
    r.rank = previous && Math.abs(previous.combined! - r.combined!) < 1e-9 ? previous.rank : i + 1;
  });
  return results;
}

/** One decimal place for display (scores are shown out of 100). */
export const oneDecimal = (n: number | null) => (n === null ? null : Math.round(n * 10) / 10);
