/**
 * Postings in two segments. The main segment is frozen CSR (per term: sorted doc ids in one
 * Uint32Array, one-byte BM25F impacts beside them), built in bulk. Upserts append to a small delta
 * segment; doc ids only grow, so main then delta is still sorted. `merge` folds the delta into a new
 * main segment, dropping deleted documents and renumbering the rest.
 */

/** Document-major (term, impact) pairs collected while analyzing documents in bulk. */
export class PairBuffer {
  terms: Uint32Array;
  imps: Uint8Array;
  length = 0;
  /** docStart[d] = index of doc d's first pair; docStart[docs] = length. */
  docStart: number[] = [0];

  /** `expected`: a guess of the number of pairs (about one per character of text), to avoid regrowing. */
  constructor(expected = 1 << 16) {
    this.terms = new Uint32Array(Math.max(1024, expected));
    this.imps = new Uint8Array(this.terms.length);
  }

  push(term: number, imp: number): void {
    if (this.length === this.terms.length) {
      const t = new Uint32Array(this.terms.length * 2);
      t.set(this.terms);
      this.terms = t;
      const m = new Uint8Array(this.imps.length * 2);
      m.set(this.imps);
      this.imps = m;
    }
    this.terms[this.length] = term;
    this.imps[this.length++] = imp;
  }

  endDoc(): void {
    this.docStart.push(this.length);
  }
}

export class Postings {
  /** Main segment: term t's postings are docs[offsets[t] .. offsets[t+1]). Covers terms < mainTerms. */
  offsets = new Uint32Array(1);
  docs = new Uint32Array(0);
  imps = new Uint8Array(0);
  mainTerms = 0;
  /** Delta segment, per term. */
  deltaDocs: (number[] | undefined)[] = [];
  deltaImps: (number[] | undefined)[] = [];
  deltaCount = 0;
  /** Per term, how many of its postings belong to deleted documents (dropped at the next merge). */
  dead: number[] = [];

  /** Document frequency over live documents, as a fresh build would count it. */
  df(t: number): number {
    const main = t < this.mainTerms ? this.offsets[t + 1]! - this.offsets[t]! : 0;
    return main + (this.deltaDocs[t]?.length ?? 0) - (this.dead[t] ?? 0);
  }

  /** Counts one posting of term `t` as belonging to a deleted document. */
  markDead(t: number): void {
    this.dead[t] = (this.dead[t] ?? 0) + 1;
  }

  /** Recounts `dead` from the tombstones (a store read back from a snapshot). */
  countDead(deleted: Uint8Array): void {
    this.dead = [];
    for (let t = 0; t < this.mainTerms; t++)
      for (let i = this.offsets[t]!; i < this.offsets[t + 1]!; i++) if (deleted[this.docs[i]!]) this.markDead(t);
    this.deltaDocs.forEach((docs, t) => docs?.forEach((d) => deleted[d] && this.markDead(t)));
  }

  get size(): number {
    return this.docs.length + this.deltaCount;
  }

  addToDelta(doc: number, term: number, imp: number): void {
    let d = this.deltaDocs[term];
    if (!d) {
      d = this.deltaDocs[term] = [];
      this.deltaImps[term] = [];
    }
    d.push(doc);
    this.deltaImps[term]!.push(imp);
    this.deltaCount++;
  }

  /** Whether doc `doc` has term `t` (binary search); returns its impact or 0. */
  impact(t: number, doc: number): number {
    if (t < this.mainTerms) {
      let lo = this.offsets[t]!;
      let hi = this.offsets[t + 1]!;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        const v = this.docs[mid]!;
        if (v === doc) return this.imps[mid]!;
        if (v < doc) lo = mid + 1;
        else hi = mid;
      }
    }
    const dd = this.deltaDocs[t];
    if (dd) {
      const k = dd.indexOf(doc);
      if (k >= 0) return this.deltaImps[t]![k]!;
    }
    return 0;
  }

  /**
   * A new main segment from bulk pairs (documents numbered from 0 in buffer order). `terms` is the
   * dictionary size.
   */
  static fromPairs(pairs: PairBuffer, terms: number): Postings {
    const p = new Postings();
    const df = new Uint32Array(terms + 1);
    for (let i = 0; i < pairs.length; i++) df[pairs.terms[i]!]!++;
    p.offsets = new Uint32Array(terms + 1);
    for (let t = 0; t < terms; t++) p.offsets[t + 1] = p.offsets[t]! + df[t]!;
    p.docs = new Uint32Array(pairs.length);
    p.imps = new Uint8Array(pairs.length);
    const cursor = df; // reuse as write cursor
    cursor.set(p.offsets.subarray(0, terms));
    const starts = pairs.docStart;
    for (let d = 0; d + 1 < starts.length; d++)
      for (let i = starts[d]!; i < starts[d + 1]!; i++) {
        const t = pairs.terms[i]!;
        const at = cursor[t]!++;
        p.docs[at] = d;
        p.imps[at] = pairs.imps[i]!;
      }
    p.mainTerms = terms;
    return p;
  }

  /** Folds the delta into a new main segment; `remap[old]` is the new id or -1 for a deleted document. */
  merge(remap: Int32Array, terms: number): Postings {
    const p = new Postings();
    p.offsets = new Uint32Array(terms + 1);
    let total = 0;
    for (let t = 0; t < terms; t++) {
      total += this.countLive(t, remap);
      p.offsets[t + 1] = total;
    }
    p.docs = new Uint32Array(total);
    p.imps = new Uint8Array(total);
    let at = 0;
    for (let t = 0; t < terms; t++) {
      if (t < this.mainTerms)
        for (let i = this.offsets[t]!; i < this.offsets[t + 1]!; i++) {
          const nd = remap[this.docs[i]!]!;
          if (nd >= 0) ((p.docs[at] = nd), (p.imps[at++] = this.imps[i]!));
        }
      const dd = this.deltaDocs[t];
      if (dd)
        for (let i = 0; i < dd.length; i++) {
          const nd = remap[dd[i]!]!;
          if (nd >= 0) ((p.docs[at] = nd), (p.imps[at++] = this.deltaImps[t]![i]!));
        }
    }
    p.mainTerms = terms;
    return p;
  }

  private countLive(t: number, remap: Int32Array): number {
    let n = 0;
    if (t < this.mainTerms)
      for (let i = this.offsets[t]!; i < this.offsets[t + 1]!; i++) if (remap[this.docs[i]!]! >= 0) n++;
    const dd = this.deltaDocs[t];
    if (dd) for (const d of dd) if (remap[d]! >= 0) n++;
    return n;
  }
}
