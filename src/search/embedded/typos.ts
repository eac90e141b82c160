/**
 * Typo tolerance for Latin words only (on Chinese it matches nearly everything, see docs/architecture.md,
 * "搜索 / Search"): 1 edit from 5 letters, 2 from 9, counting a transposition of neighbours as one edit.
 */
import type { TermDictionary } from './terms.js';

export function allowedTypos(word: string): number {
  if (!/[a-z]/.test(word)) return 0;
  return word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0;
}

/** Optimal string alignment distance if ≤ max, else max + 1. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prev2 = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1))
        v = Math.min(v, prev2[j - 2]! + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[n]!;
}

/** Vocabulary words within the allowed distance of `word` (not the word itself), with their distance. Cached per vocabulary version. */
export class TypoFinder {
  private cache = new Map<string, [string, number][]>();
  private version = -1;

  constructor(private readonly terms: TermDictionary) {}

  find(word: string): [string, number][] {
    const max = allowedTypos(word);
    if (!max) return [];
    if (this.version !== this.terms.latinVersion) {
      this.cache.clear();
      this.version = this.terms.latinVersion;
    }
    let out = this.cache.get(word);
    if (out) return out;
    out = [];
    for (const w of this.terms.latinWords()) {
      if (w === word || Math.abs(w.length - word.length) > max || w.length < 3) continue;
      const d = editDistance(word, w, max);
      if (d <= max) out.push([w, d]);
    }
    if (this.cache.size > 5000) this.cache.clear();
    this.cache.set(word, out);
    return out;
  }
}
