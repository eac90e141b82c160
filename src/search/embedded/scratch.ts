/**
 * Per-index working memory for queries, sized to the document capacity and reused: epoch stamps
 * instead of clearing, so a query costs what its postings cost, not what the corpus costs.
 * Queries run synchronously, so one set per index is enough.
 */
export class Scratch {
  size = 0;
  private epoch = 0;
  clauseStamp = new Uint32Array(0);
  clauseCount = new Uint16Array(0);
  atomStamp = new Uint32Array(0);
  variantStamp = new Uint32Array(0);
  variantCount = new Uint16Array(0);
  groupStamp = new Uint32Array(0);
  queryStamp = new Uint32Array(0);
  matched = new Uint16Array(0);
  /** Which of the first 32 groups each touched document satisfies. */
  groupMask = new Uint32Array(0);
  scoreStamp = new Uint32Array(0);
  acc = new Float32Array(0);
  clauseOut = new Uint32Array(0);
  atomOut = new Uint32Array(0);
  variantOut = new Uint32Array(0);
  touched = new Uint32Array(0);
  /** Candidate flags for the semantic pass. */
  seen = new Uint8Array(0);

  ensure(capacity: number): void {
    if (capacity <= this.size) return;
    const n = Math.max(1024, capacity + (capacity >> 2));
    for (const key of [
      'clauseStamp',
      'atomStamp',
      'variantStamp',
      'groupStamp',
      'queryStamp',
      'scoreStamp',
      'clauseOut',
      'atomOut',
      'variantOut',
      'touched',
      'groupMask',
    ] as const)
      this[key] = new Uint32Array(n);
    this.clauseCount = new Uint16Array(n);
    this.variantCount = new Uint16Array(n);
    this.matched = new Uint16Array(n);
    this.acc = new Float32Array(n);
    this.seen = new Uint8Array(n);
    this.size = n;
    this.epoch = 0;
  }

  /** A fresh stamp value; on wrap-around every stamp array is cleared. */
  next(): number {
    if (this.epoch >= 0xfffffff0) {
      for (const a of [
        this.clauseStamp,
        this.atomStamp,
        this.variantStamp,
        this.groupStamp,
        this.queryStamp,
        this.scoreStamp,
      ])
        a.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }
}
