/**
 * The evaluation set split into a tuning half and a held-out half, fixed by a seed: within each kind the
 * problems (in key order) are shuffled with a seeded generator and dealt alternately, so both halves hold
 * every kind. Weights and thresholds are tuned on the tuning half only; the held-out half says whether
 * they generalise. Changing the seed or the set reshuffles; adding problems keeps the split deterministic.
 */
import { type JudgedProblem, PROBLEM_KINDS } from './metrics.js';

export const SPLIT_SEED = 20261130;

/** mulberry32: a small, fast, seeded generator of floats in [0, 1). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface Halves<P> {
  tuning: P[];
  heldOut: P[];
}

export function splitHalves<P extends JudgedProblem>(problems: readonly P[], seed = SPLIT_SEED): Halves<P> {
  const random = seeded(seed);
  const out: Halves<P> = { tuning: [], heldOut: [] };
  let turn = 0;
  for (const kind of PROBLEM_KINDS) {
    const ofKind = problems.filter((p) => p.kind === kind).sort((a, b) => a.key.localeCompare(b.key));
    for (let i = ofKind.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [ofKind[i], ofKind[j]] = [ofKind[j]!, ofKind[i]!];
    }
    // Deal alternately, carrying the turn across kinds so that odd counts do not all favour one half.
    for (const p of ofKind) (turn++ % 2 === 0 ? out.tuning : out.heldOut).push(p);
  }
  return out;
}
