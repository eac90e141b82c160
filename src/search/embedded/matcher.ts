/**
 * Runs a plan over the postings, term at a time: marks for every touched document how many groups
 * it satisfies (`matched`, stamped with the query epoch) and accumulates its BM25F score (`acc`).
 * Cost is proportional to the postings of the query's terms; a term's postings are scored during
 * the matching pass that first reads them, so most are read once.
 */
import type { Atom, Clause, Plan, Variant } from './plan.js';
import type { Postings } from './postings.js';
import type { Scratch } from './scratch.js';

export interface MatchRun {
  /** Stamp of this query in scratch.queryStamp / scoreStamp. */
  epoch: number;
  /** Documents that satisfy at least one group: scratch.touched[0 .. count). */
  count: number;
}

/** Scoring state of one query: the epoch, each term's weight (× idf / 255) and the terms already scored. */
interface Scoring {
  q: number;
  weights: Map<number, number>;
  done: Set<number>;
}

/** Adds term t's impacts to the scores (main segment range [from, to)). */
function scoreRange(p: Postings, s: Scratch, q: number, w: number, from: number, to: number): void {
  const { scoreStamp, acc } = s;
  const { docs, imps } = p;
  for (let i = from; i < to; i++) {
    const d = docs[i]!;
    if (scoreStamp[d] !== q) ((scoreStamp[d] = q), (acc[d] = 0));
    acc[d]! += w * imps[i]!;
  }
}

function scoreDelta(p: Postings, s: Scratch, q: number, w: number, t: number): void {
  const dd = p.deltaDocs[t];
  if (!dd) return;
  const di = p.deltaImps[t]!;
  for (let i = 0; i < dd.length; i++) {
    const d = dd[i]!;
    if (s.scoreStamp[d] !== q) ((s.scoreStamp[d] = q), (s.acc[d] = 0));
    s.acc[d]! += w * di[i]!;
  }
}

/** A one-term clause: its postings as they are (no counting), scored on the way if not yet. */
function termDocs(p: Postings, s: Scratch, t: number, out: Uint32Array, sc: Scoring): number {
  const w = sc.done.has(t) ? 0 : (sc.weights.get(t) ?? 0);
  if (w) (sc.done.add(t), scoreDelta(p, s, sc.q, w, t));
  let n = 0;
  if (t < p.mainTerms) {
    const from = p.offsets[t]!;
    const to = p.offsets[t + 1]!;
    out.set(p.docs.subarray(from, to));
    n = to - from;
    if (w) scoreRange(p, s, sc.q, w, from, to);
  }
  const dd = p.deltaDocs[t];
  if (dd) for (const d of dd) out[n++] = d;
  return n;
}

/** Docs having at least `need` of the clause's terms, written to out; returns how many. Scores the terms not yet scored. */
function clauseDocs(p: Postings, s: Scratch, c: Clause, out: Uint32Array, sc: Scoring): number {
  if (c.terms.length === 1 && c.need === 1) return termDocs(p, s, c.terms[0]!, out, sc);
  const e = s.next();
  const { clauseStamp: stamp, clauseCount: cnt, scoreStamp, acc } = s;
  const need = c.need;
  const q = sc.q;
  let n = 0;
  for (const t of c.terms) {
    const w = sc.done.has(t) ? 0 : (sc.weights.get(t) ?? 0);
    if (w) (sc.done.add(t), scoreDelta(p, s, q, w, t));
    if (t < p.mainTerms) {
      const { docs, imps } = p;
      const end = p.offsets[t + 1]!;
      if (w)
        for (let i = p.offsets[t]!; i < end; i++) {
          const d = docs[i]!;
          if (stamp[d] !== e) ((stamp[d] = e), (cnt[d] = 0));
          if (++cnt[d]! === need) out[n++] = d;
          if (scoreStamp[d] !== q) ((scoreStamp[d] = q), (acc[d] = 0));
          acc[d]! += w * imps[i]!;
        }
      else
        for (let i = p.offsets[t]!; i < end; i++) {
          const d = docs[i]!;
          if (stamp[d] !== e) ((stamp[d] = e), (cnt[d] = 0));
          if (++cnt[d]! === need) out[n++] = d;
        }
    }
    const dd = p.deltaDocs[t];
    if (dd)
      for (const d of dd) {
        if (stamp[d] !== e) ((stamp[d] = e), (cnt[d] = 0));
        if (++cnt[d]! === need) out[n++] = d;
      }
  }
  return n;
}

/** Union of the atom's clauses into scratch.atomOut. */
function atomDocs(p: Postings, s: Scratch, a: Atom, sc: Scoring): number {
  if (a.clauses.length === 1) return clauseDocs(p, s, a.clauses[0]!, s.atomOut, sc);
  const e = s.next();
  const out = s.atomOut;
  let m = 0;
  for (const c of a.clauses) {
    const n = clauseDocs(p, s, c, s.clauseOut, sc);
    for (let i = 0; i < n; i++) {
      const d = s.clauseOut[i]!;
      if (s.atomStamp[d] !== e) ((s.atomStamp[d] = e), (out[m++] = d));
    }
  }
  return m;
}

/** Docs satisfying every atom of the variant; returns [buffer, count]. */
function variantDocs(p: Postings, s: Scratch, v: Variant, sc: Scoring): [Uint32Array, number] {
  if (v.atoms.length === 1) return [s.atomOut, atomDocs(p, s, v.atoms[0]!, sc)];
  const e = s.next();
  const need = v.atoms.length;
  let k = 0;
  for (const a of v.atoms) {
    const n = atomDocs(p, s, a, sc);
    for (let i = 0; i < n; i++) {
      const d = s.atomOut[i]!;
      if (s.variantStamp[d] !== e) ((s.variantStamp[d] = e), (s.variantCount[d] = 0));
      if (++s.variantCount[d]! === need) s.variantOut[k++] = d;
    }
  }
  return [s.variantOut, k];
}

export function runPlan(p: Postings, s: Scratch, plan: Plan): MatchRun {
  const q = s.next();
  const weights = new Map<number, number>();
  plan.scoreTerms.forEach((t, k) => weights.set(t, plan.scoreWeights[k]! / 255));
  const sc: Scoring = { q, weights, done: new Set() };
  let touched = 0;
  for (let gi = 0; gi < plan.groups.length; gi++) {
    const g = plan.groups[gi]!;
    const bit = gi < 32 ? 1 << gi : 0;
    const e = s.next();
    for (const v of g.variants) {
      const [buf, n] = variantDocs(p, s, v, sc);
      for (let i = 0; i < n; i++) {
        const d = buf[i]!;
        if (s.groupStamp[d] === e) continue;
        s.groupStamp[d] = e;
        if (s.queryStamp[d] !== q)
          ((s.queryStamp[d] = q), (s.matched[d] = 0), (s.groupMask[d] = 0), (s.touched[touched++] = d));
        s.matched[d]!++;
        s.groupMask[d]! |= bit;
      }
    }
  }
  // terms no clause read (phrase bigrams across words)
  for (const [t, w] of weights) {
    if (sc.done.has(t)) continue;
    if (t < p.mainTerms) scoreRange(p, s, q, w, p.offsets[t]!, p.offsets[t + 1]!);
    scoreDelta(p, s, q, w, t);
  }
  return { epoch: q, count: touched };
}

/** Whether doc d satisfies the atom (used for the few hits returned: matched terms, highlights). */
export function atomHolds(p: Postings, a: Atom, d: number): boolean {
  return a.clauses.some((c) => {
    let n = 0;
    for (const t of c.terms) if (p.impact(t, d) > 0 && ++n >= c.need) return true;
    return false;
  });
}
