/**
 * A character trie over folded dictionary terms: longest match (queries) and every match
 * (documents) at a position. Transitions live in one hash map keyed by (node, code unit).
 */
import { foldCode, isHan, isLatin } from './chars.js';
import { U32Map } from './u32map.js';

export class TermTrie {
  private readonly next = new U32Map(4096);
  private nodes = 1;
  /** Per node: index into `terms`, or -1. */
  private termAt: number[] = [-1];
  private readonly terms: string[] = [];
  /** Whether documents index the term as a word (Han-only terms of 2 characters are bigrams already). */
  private readonly indexed: boolean[] = [];
  /** Code units that start some term, and (hashed) the pairs that do: most positions are rejected with one or two array reads. */
  private readonly starts = new Uint8Array(65536);
  private readonly pairs = new Uint8Array(1 << 20);
  private static pairHash = (a: number, b: number) => Math.imul(a * 65536 + b, 0x9e3779b1) >>> 12;

  get size(): number {
    return this.terms.length;
  }

  add(term: string): void {
    if (term.length < 2) return;
    let n = 0;
    let folded = '';
    for (let i = 0; i < term.length; i++) {
      const c = foldCode(term.charCodeAt(i));
      folded += String.fromCharCode(c);
      let child = this.next.get(n * 65536 + c);
      if (child < 0) {
        if (this.nodes >= 65535) throw new Error('search/dictionary.txt: more than 65,535 trie nodes');
        child = this.nodes++;
        this.termAt.push(-1);
        this.next.set(n * 65536 + c, child);
      }
      n = child;
    }
    if (this.termAt[n]! >= 0) return;
    this.termAt[n] = this.terms.length;
    this.terms.push(folded);
    this.indexed.push(folded.length >= 3 || ![...folded].every((ch) => isHan(ch.charCodeAt(0))));
    this.starts[folded.charCodeAt(0)] = 1;
    this.pairs[TermTrie.pairHash(folded.charCodeAt(0), folded.charCodeAt(1))] = 1;
  }

  /** Whether some term may start with code units a, b (false positives possible, no false negatives). */
  startsWith(a: number, b: number): boolean {
    return this.starts[a] === 1 && this.pairs[TermTrie.pairHash(a, b)] === 1;
  }

  startsAt(code: number): boolean {
    return this.starts[code] === 1;
  }

  /**
   * Walks from `start` over folded `codes`; calls `found(term, end, indexed)` for every term, shortest first.
   * A term ending in a Latin letter or digit must end at a word boundary ("plc" in "plcs" is no match).
   */
  walk(
    codes: ArrayLike<number>,
    start: number,
    end: number,
    found: (term: string, end: number, indexed: boolean) => void,
  ): void {
    let n = 0;
    for (let i = start; i < end; i++) {
      const c = codes[i]!;
      n = this.next.get(n * 65536 + c);
      if (n < 0) return;
      const t = this.termAt[n]!;
      if (t >= 0 && !(isLatin(c) && i + 1 < end && isLatin(codes[i + 1]!)))
        found(this.terms[t]!, i + 1, this.indexed[t]!);
    }
  }

  /** The end offset of the longest term starting at `start`, or -1. */
  longestAt(codes: ArrayLike<number>, start: number, end: number): number {
    let best = -1;
    this.walk(codes, start, end, (_t, e) => (best = e));
    return best;
  }
}
