/** Ranking-quality metrics for the matching evaluation set: graded nDCG@k, reciprocal rank, per-kind means. */

/** Graded relevance per lab key: 3 ideal, 2 clearly helps, 1 related; absent means 0. */
export type Judgments = Record<string, number>;

export const PROBLEM_KINDS = [
  'plain',
  'colloquial',
  'abbreviation',
  'typo',
  'mistagged',
  'vague',
  'multi_domain',
  'traditional',
  'no_match',
] as const;
export type ProblemKind = (typeof PROBLEM_KINDS)[number];

/** The part of an evaluation problem the metrics need. */
export interface JudgedProblem {
  key: string;
  kind: ProblemKind;
  judgments: Judgments;
}

/** One system's ranking of lab keys for one problem, best first. */
export interface Run {
  problemKey: string;
  ranked: string[];
}

export interface Scores {
  ndcg10: number;
  mrr: number;
  n: number;
}

export interface Evaluation extends Scores {
  perKind: Partial<Record<ProblemKind, Scores>>;
}

const gain = (grade: number) => 2 ** grade - 1;

/** DCG of the first `k` grades: Σ (2^g − 1) / log2(i + 2), i from 0. */
export function dcgAt(grades: number[], k: number): number {
  let sum = 0;
  for (let i = 0; i < Math.min(k, grades.length); i++) sum += gain(grades[i] ?? 0) / Math.log2(i + 2);
  return sum;
}

/** Keys in first-seen order: a system that repeats a lab must not earn its gain twice. */
const unique = (ranked: string[]) => [...new Set(ranked)];

/**
 * nDCG@k against the ideal ordering of all judgments. With no positive judgment the ideal is 0 and the
 * value is undefined; we answer 0 so callers never see NaN, and `evaluate` leaves such problems out.
 */
export function ndcgAt(ranked: string[], judgments: Judgments, k = 10): number {
  const ideal = dcgAt(
    Object.values(judgments)
      .filter((g) => g > 0)
      .sort((a, b) => b - a),
    k,
  );
  if (ideal === 0) return 0;
  return (
    dcgAt(
      unique(ranked).map((key) => judgments[key] ?? 0),
      k,
    ) / ideal
  );
}

/** 1 / rank of the first lab graded at least `minGrade`, or 0 when none is ranked. */
export function reciprocalRank(ranked: string[], judgments: Judgments, minGrade = 2): number {
  const i = unique(ranked).findIndex((key) => (judgments[key] ?? 0) >= minGrade);
  return i < 0 ? 0 : 1 / (i + 1);
}

/** Arithmetic mean; 0 for an empty list (a floor check over nothing then fails rather than passes). */
export function meanOf(xs: number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length;
}

const hasJudgments = (p: JudgedProblem) => p.kind !== 'no_match' && Object.values(p.judgments).some((g) => g > 0);

/**
 * Mean nDCG@10 and MRR over the problems that have positive judgments, overall and per kind. A judged
 * problem without a run counts as an empty ranking (0). no_match problems are left out: the caller reports
 * how the system behaves on them separately. A run for an unknown problem key is a caller bug and throws.
 */
export function evaluate(runs: Run[], problems: JudgedProblem[]): Evaluation {
  const known = new Set(problems.map((p) => p.key));
  const byKey = new Map<string, string[]>();
  for (const run of runs) {
    if (!known.has(run.problemKey)) throw new Error(`run for unknown problem ${run.problemKey}`);
    byKey.set(run.problemKey, run.ranked);
  }
  const rows = problems.filter(hasJudgments).map((p) => {
    const ranked = byKey.get(p.key) ?? [];
    return { kind: p.kind, ndcg: ndcgAt(ranked, p.judgments, 10), rr: reciprocalRank(ranked, p.judgments) };
  });
  const summarise = (rs: typeof rows): Scores => ({
    ndcg10: meanOf(rs.map((r) => r.ndcg)),
    mrr: meanOf(rs.map((r) => r.rr)),
    n: rs.length,
  });
  const perKind: Evaluation['perKind'] = {};
  for (const kind of PROBLEM_KINDS) {
    const rs = rows.filter((r) => r.kind === kind);
    if (rs.length > 0) perKind[kind] = summarise(rs);
  }
  return { ...summarise(rows), perKind };
}
