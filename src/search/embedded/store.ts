/**
 * One index's data: documents by dense internal id, tombstones, term dictionary and postings with
 * precomputed BM25F impacts, attribute columns and unit vectors. Upserts give a document a new id
 * (the old one becomes a tombstone); the delta is merged into the main segment when it grows.
 *
 * The statistics a score depends on are kept equal to those of a fresh build over the live documents:
 * a tombstone takes its document's field lengths out of the averages and its terms out of the
 * document frequencies (`Postings.dead`). What is not redone is the analysis: a document's impacts
 * keep the average field lengths of the time it was analyzed (see docs/architecture.md, "搜索 / Search").
 */
import type { IndexDefinition } from '../definitions.js';
import type { IndexPage, SearchDocument } from '../port.js';
import type { Analyzer, TokenSink } from '../text/analyzer.js';
import { FieldColumn } from './fields.js';
import { PairBuffer, Postings } from './postings.js';
import { TermDictionary } from './terms.js';
import { VectorArena } from './arena.js';
import { quantise } from './vectors.js';

const K1 = 1.2;
const B = 0.75;
/** Field weight by position in searchableAttributes: 4, 2.8, 2.1, 1.6, 1.4, … */
export const fieldWeight = (position: number) => 1 + 3 * 0.6 ** position;

export function fieldText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.filter((x) => typeof x === 'string').join('\n');
  return '';
}

export function unitVector(v: readonly number[] | undefined): Float32Array | null {
  if (!v || v.length === 0) return null;
  let norm = 0;
  for (const x of v) norm += x * x;
  if (!(norm > 0) || !Number.isFinite(norm)) return null;
  const out = new Float32Array(v.length);
  const s = 1 / Math.sqrt(norm);
  for (let i = 0; i < v.length; i++) out[i] = v[i]! * s;
  return out;
}

export class IndexStore {
  terms = new TermDictionary();
  postings = new Postings();
  docs: (SearchDocument | null)[] = [];
  deleted = new Uint8Array(1024);
  readonly byId = new Map<string, number>();
  vectors = new VectorArena();
  fields = new Map<string, FieldColumn>();
  /** Sum of lengths and count per searchable field, for the average length in BM25F. */
  readonly lenSum: number[];
  lenCount = 0;
  private readonly weights: number[];
  // per-document analysis scratch
  private acc = new Float64Array(1024);
  private touched: number[] = [];
  private fieldScale = 1;

  constructor(
    readonly def: IndexDefinition,
    readonly analyzer: Analyzer,
  ) {
    this.weights = def.searchableAttributes.map((_, i) => fieldWeight(i));
    this.lenSum = def.searchableAttributes.map(() => 0);
    this.fields = this.newColumns();
  }

  get capacity(): number {
    return this.docs.length;
  }

  get liveCount(): number {
    return this.byId.size;
  }

  private newColumns(): Map<string, FieldColumn> {
    const { filterableAttributes: filterable, sortableAttributes: sortable, facets } = this.def;
    const names = new Set([...filterable, ...sortable, ...facets]);
    return new Map(
      [...names].map((n) => [n, new FieldColumn(n, filterable.includes(n) || facets.includes(n), facets.includes(n))]),
    );
  }

  private readonly sink: TokenSink = {
    bigram: (key) => this.count(this.terms.internBigram(key)),
    word: (term) => this.count(this.terms.internWord(term)),
  };

  private count(t: number): void {
    if (t >= this.acc.length) {
      const next = new Float64Array(Math.max(t + 1, this.acc.length * 2));
      next.set(this.acc);
      this.acc = next;
    }
    if (this.acc[t] === 0) this.touched.push(t);
    this.acc[t]! += this.fieldScale;
  }

  /** Counts the field lengths of `doc` into the averages (`sign` −1: takes them out). */
  measure(doc: SearchDocument, sign: 1 | -1 = 1): void {
    this.def.searchableAttributes.forEach((f, i) => (this.lenSum[i]! += sign * fieldText(doc[f]).length));
    this.lenCount += sign;
  }

  /** Analyzes `doc` and calls `emit(term, impact)` once per distinct term. */
  private analyze(doc: SearchDocument, emit: (term: number, impact: number) => void): void {
    this.def.searchableAttributes.forEach((f, i) => {
      const text = fieldText(doc[f]);
      if (!text) return;
      const avg = this.lenSum[i]! / Math.max(1, this.lenCount) || 1;
      this.fieldScale = this.weights[i]! / (1 - B + (B * text.length) / avg);
      this.analyzer.scan(text, this.sink);
    });
    for (const t of this.touched) {
      const tf = this.acc[t]!;
      emit(t, Math.max(1, Math.round((255 * tf) / (K1 + tf))));
      this.acc[t] = 0;
    }
    this.touched.length = 0;
  }

  private place(doc: SearchDocument, vector: readonly number[] | undefined): number {
    const id = this.docs.length;
    this.docs.push(doc);
    this.vectors.set(id, vector);
    if (id >= this.deleted.length) {
      const next = new Uint8Array(this.deleted.length * 2);
      next.set(this.deleted);
      this.deleted = next;
    }
    // Only a bulk load places a document whose id is held (a duplicate in one load, not analyzed yet).
    const old = this.byId.get(doc.id);
    if (old !== undefined) this.tombstone(old, false);
    this.byId.set(doc.id, id);
    for (const [name, col] of this.fields) col.add(id, doc[name]);
    return id;
  }

  /**
   * Marks `id` deleted and takes its document out of the statistics: its field lengths, and, once it
   * has postings (`analyzed`), its terms' document frequencies until the next merge drops them.
   */
  private tombstone(id: number, analyzed: boolean): void {
    const doc = this.docs[id];
    if (doc) {
      this.measure(doc, -1);
      // Its terms are found as they were indexed (all in the dictionary already); impacts unused.
      if (analyzed) this.analyze(doc, (t) => this.postings.markDead(t));
    }
    this.deleted[id] = 1;
    this.docs[id] = null;
    this.vectors.clear(id);
  }

  /**
   * Bulk load into an empty store, streamed: each page's documents are placed as they come (their
   * vectors quantised at once, so no page is kept), then analyzed in one pass with the final average
   * field lengths into one main segment, no delta. Yields to the event loop between chunks.
   */
  async load(pages: AsyncIterable<IndexPage> | Iterable<IndexPage>, pause: () => Promise<void>): Promise<void> {
    for await (const page of pages) {
      for (const doc of page.docs) {
        this.measure(doc);
        this.place(doc, page.vectors?.get(doc.id));
      }
      await pause();
    }
    const pairs = new PairBuffer(Math.ceil(this.lenSum.reduce((a, b) => a + b, 0) * 0.9));
    const push = (t: number, imp: number) => pairs.push(t, imp);
    for (let i = 0; i < this.docs.length; i++) {
      // A duplicate id in one load left a tombstone (no pairs): merging drops it.
      const doc = this.docs[i];
      if (doc) this.analyze(doc, push);
      pairs.endDoc();
      if (i % 2000 === 1999) await pause();
    }
    this.postings = Postings.fromPairs(pairs, this.terms.size);
    if (this.byId.size !== this.docs.length) this.merge();
  }

  /**
   * An upsert of a document exactly as held (same fields, same vector) changes nothing: replaying the
   * outbox over an index that already holds its changes (after a snapshot, or a batch redone) leaves
   * the BM25 statistics and every score as they were.
   */
  upsert(docs: readonly SearchDocument[], vectors?: ReadonlyMap<string, readonly number[]>): void {
    // The last of a batch's documents with one id is the one kept, as if they came one by one.
    const last = new Map(docs.map((doc) => [doc.id, doc]));
    const changed = [...last.values()].filter((doc) => !this.holds(doc, vectors?.get(doc.id)));
    // The versions replaced leave the averages before the batch is analyzed with them.
    for (const doc of changed) {
      const old = this.byId.get(doc.id);
      if (old !== undefined) (this.byId.delete(doc.id), this.tombstone(old, true));
      this.measure(doc);
    }
    for (const doc of changed) {
      const id = this.place(doc, vectors?.get(doc.id));
      this.analyze(doc, (t, imp) => this.postings.addToDelta(id, t, imp));
    }
    this.maybeMerge();
  }

  /** Whether `doc` with `vector` is the live document of its id as it stands (as a snapshot would keep it). */
  private holds(doc: SearchDocument, vector: readonly number[] | undefined): boolean {
    const at = this.byId.get(doc.id);
    const held = at === undefined ? null : this.docs[at];
    if (!held || JSON.stringify(held) !== JSON.stringify(doc)) return false;
    return this.vectors.equals(at!, quantise(vector));
  }

  remove(ids: readonly string[]): void {
    for (const key of ids) {
      const id = this.byId.get(key);
      if (id === undefined) continue;
      this.byId.delete(key);
      this.tombstone(id, true);
    }
    this.maybeMerge();
  }

  private maybeMerge(): void {
    const dead = this.docs.length - this.byId.size;
    if (
      this.postings.deltaCount > Math.max(200_000, this.postings.docs.length / 4) ||
      dead > Math.max(1000, this.docs.length / 4)
    )
      this.merge();
  }

  /** Folds the delta into the main segment and renumbers live documents densely. */
  merge(): void {
    const remap = new Int32Array(this.docs.length).fill(-1);
    const docs: SearchDocument[] = [];
    for (let d = 0; d < this.docs.length; d++) {
      const doc = this.docs[d];
      if (!doc || this.deleted[d] || this.byId.get(doc.id) !== d) continue;
      remap[d] = docs.length;
      docs.push(doc);
    }
    this.postings = this.postings.merge(remap, this.terms.size);
    this.vectors.compact(remap, docs.length);
    this.docs = docs;
    this.deleted = new Uint8Array(Math.max(1024, docs.length * 2));
    this.byId.clear();
    this.fields = this.newColumns();
    docs.forEach((doc, id) => {
      this.byId.set(doc.id, id);
      for (const [name, col] of this.fields) col.add(id, doc[name]);
    });
  }
}
