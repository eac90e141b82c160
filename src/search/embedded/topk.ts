/** Bounded top-k selection: a heap holding the k best (doc, score) pairs, the worst on top. */

/** true when a should come before b. */
export type Before = (a: number, sa: number, b: number, sb: number) => boolean;

export class TopK {
  private readonly docs: number[] = [];
  private readonly scores: number[] = [];

  /** `byScore`: the order is score first, so a full heap rejects a lower score without calling `before`. */
  constructor(
    private readonly k: number,
    private readonly before: Before,
    private readonly byScore = false,
  ) {}

  push(doc: number, score: number): void {
    if (this.k <= 0) return;
    const { docs, scores } = this;
    if (this.byScore && docs.length === this.k && score < scores[0]!) return;
    if (docs.length < this.k) {
      docs.push(doc);
      scores.push(score);
      this.up(docs.length - 1);
    } else if (this.before(doc, score, docs[0]!, scores[0]!)) {
      docs[0] = doc;
      scores[0] = score;
      this.down(0);
    }
  }

  /** Worse-than relation of the heap: the root is the element every other comes before. */
  private worse(i: number, j: number): boolean {
    return this.before(this.docs[j]!, this.scores[j]!, this.docs[i]!, this.scores[i]!);
  }

  private swap(i: number, j: number): void {
    const { docs, scores } = this;
    [docs[i], docs[j]] = [docs[j]!, docs[i]!];
    [scores[i], scores[j]] = [scores[j]!, scores[i]!];
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.worse(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    const n = this.docs.length;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let w = i;
      if (l < n && this.worse(l, w)) w = l;
      if (r < n && this.worse(r, w)) w = r;
      if (w === i) return;
      this.swap(i, w);
      i = w;
    }
  }

  /** The kept pairs, best first. */
  sorted(): { doc: number; score: number }[] {
    return this.docs
      .map((doc, i) => ({ doc, score: this.scores[i]! }))
      .sort((a, b) =>
        this.before(a.doc, a.score, b.doc, b.score) ? -1 : this.before(b.doc, b.score, a.doc, a.score) ? 1 : 0,
      );
  }
}
