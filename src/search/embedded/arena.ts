/**
 * Every document vector of one index in one arena, indexed by document number: int8 rows (padded to
 * a multiple of 16 bytes) in one WebAssembly memory, and a Float32 scale per document (0: no vector).
 * One memory instead of 250k small typed arrays: less RSS, and the semantic scan is one SIMD kernel
 * call over contiguous rows (simd.ts), which writes every row's dot product with the query.
 *
 * The memory grows in place and never shrinks; merge() compacts the rows within it. A rebuilt index
 * gets a new arena and the old one is freed with its store.
 */
import { dotsOver, newMemory, type Dots, type WasmMemory } from './simd.js';
import { quantise, type QuantVector } from './vectors.js';

const PAGE = 65_536;
const I32_MAX = 2 ** 31 - 1;

export class VectorArena {
  /** Dimensions of the first vector placed; vectors of another length are not kept (as before: never scored). */
  dims = 0;
  private stride = 0;
  private rowsAt = 0;
  private cap = 0;
  private memory: WasmMemory | null = null;
  private dots: Dots | null = null;
  private bytes = new Int8Array(0);
  private scales = new Float32Array(0);
  /** Row count the last prepare() scanned, and the factor from its int32 dots to cosines (without the row scale). */
  private prepared = 0;
  private queryInv = 0;
  private out = new Int32Array(0);

  constructor(private readonly forceJs = false) {}

  /** The scale of `d`'s vector; 0 when it has none. */
  scale(d: number): number {
    return d < this.cap ? this.scales[d]! : 0;
  }

  has(d: number): boolean {
    return this.scale(d) > 0;
  }

  /** `d`'s int8 vector (a view, valid until the arena grows), or null. */
  get(d: number): QuantVector | null {
    const scale = this.scale(d);
    if (!(scale > 0)) return null;
    const at = this.rowsAt + d * this.stride;
    return { q: this.bytes.subarray(at, at + this.dims), scale };
  }

  /** Whether `d` holds exactly `v` (both absent counts as equal). */
  equals(d: number, v: QuantVector | null): boolean {
    const held = this.get(d);
    if (!held || !v) return held === v;
    if (held.scale !== v.scale || held.q.length !== v.q.length) return false;
    for (let i = 0; i < v.q.length; i++) if (held.q[i] !== v.q[i]) return false;
    return true;
  }

  /** Quantises `v` into `d`'s row (vectors.ts `quantise`: largest component ±127, with that scale). */
  set(d: number, v: readonly number[] | undefined): void {
    const q = quantise(v);
    if (!q) return this.clear(d);
    this.setRow(d, q.q, q.scale);
  }

  /** Places an already quantised row (a snapshot's). */
  setRow(d: number, q: Int8Array, scale: number): void {
    if (this.dims && q.length !== this.dims) return this.clear(d);
    this.reserve(d + 1, q.length);
    this.bytes.set(q, this.rowsAt + d * this.stride);
    this.scales[d] = scale;
  }

  clear(d: number): void {
    if (d < this.cap) this.scales[d] = 0;
  }

  /** Room for `rows` documents of `dims` dimensions (the dimensions are fixed by the first call). */
  reserve(rows: number, dims = this.dims): void {
    if (!this.dims) {
      if (!dims) return;
      this.dims = dims;
      this.stride = Math.ceil(dims / 16) * 16;
      this.rowsAt = Math.ceil((this.stride * 2) / 16) * 16;
    }
    if (rows <= this.cap) return;
    const cap = Math.max(rows, Math.ceil(this.cap * 1.25), 1024);
    const need = Math.ceil((this.rowsAt + cap * (this.stride + 4)) / PAGE);
    if (!this.memory) {
      this.memory = newMemory(need);
      this.dots = dotsOver(this.memory, this.forceJs);
    } else {
      const have = this.memory.buffer.byteLength / PAGE;
      if (need > have) this.memory.grow(need - have); // in place: the rows stay where they are
    }
    this.bytes = new Int8Array(this.memory.buffer);
    const scales = new Float32Array(cap);
    scales.set(this.scales);
    this.scales = scales;
    this.cap = cap;
    this.prepared = 0;
  }

  /**
   * Computes the dot product of every row below `rows` with the unit query `unit` in one kernel call;
   * cosineAt() then reads them. False when the query's length is not the arena's (nothing to score).
   */
  prepare(unit: Float32Array, rows: number): boolean {
    this.prepared = 0;
    if (!this.memory || unit.length !== this.dims) return false;
    let max = 0;
    for (let i = 0; i < unit.length; i++) max = Math.max(max, Math.abs(unit[i]!));
    if (!(max > 0)) return false;
    // The largest query component as an int16 such that no sum of 127 × it over a row overflows int32.
    const top = Math.min(32_767, Math.floor(I32_MAX / (127 * this.stride)));
    const query = new Int16Array(this.memory.buffer, 0, this.stride);
    for (let i = 0; i < unit.length; i++) query[i] = Math.round((unit[i]! * top) / max);
    const n = Math.min(rows, this.cap);
    const outAt = this.rowsAt + this.cap * this.stride;
    this.dots!(this.rowsAt, n, this.stride, 0, outAt);
    this.out = new Int32Array(this.memory.buffer, outAt, n);
    this.queryInv = max / top;
    this.prepared = n;
    return true;
  }

  /** Cosine of `d` with the prepared query; undefined when `d` has no vector or was not scanned. */
  cosineAt(d: number): number | undefined {
    if (d >= this.prepared) return undefined;
    const scale = this.scales[d]!;
    return scale > 0 ? this.out[d]! * scale * this.queryInv : undefined;
  }

  /**
   * Room for `capacity` documents, and the bytes of `count` unpadded rows of `dims` at the start of the
   * row area, for a snapshot's rows to be read into (spread() then puts them in place).
   */
  loadArea(capacity: number, dims: number, count: number): Uint8Array<ArrayBuffer> {
    if (!dims || !count) return new Uint8Array(0);
    this.reserve(capacity, dims);
    if (dims !== this.dims) throw new Error('vector dimensions differ');
    return new Uint8Array(this.memory!.buffer, this.rowsAt, count * dims);
  }

  /**
   * Moves the unpadded rows read by loadArea() to the documents that `has` marks, in order, with their
   * scales; from the last, so no row is overwritten before it has moved.
   */
  spread(has: Uint8Array, scales: Float32Array, capacity: number): void {
    let k = scales.length;
    for (let d = Math.min(capacity, has.length) - 1; d >= 0; d--) {
      if (!has[d]) {
        if (d < this.cap) this.scales[d] = 0;
        continue;
      }
      if (--k < 0) throw new Error('vector rows do not line up');
      const from = this.rowsAt + k * this.dims;
      const to = this.rowsAt + d * this.stride;
      if (to !== from) this.bytes.copyWithin(to, from, from + this.dims);
      this.scales[d] = scales[k]!;
    }
    if (k !== 0) throw new Error('vector rows do not line up');
    this.prepared = 0;
  }

  /** Moves each kept row to its new number (`remap[d]` is −1 or ≤ d, increasing), for a merge. */
  compact(remap: Int32Array, kept: number): void {
    for (let d = 0; d < remap.length && d < this.cap; d++) {
      const to = remap[d]!;
      if (to < 0 || to === d) continue;
      const from = this.rowsAt + d * this.stride;
      this.bytes.copyWithin(this.rowsAt + to * this.stride, from, from + this.stride);
      this.scales[to] = this.scales[d]!;
    }
    this.scales.fill(0, Math.min(kept, this.cap));
    this.prepared = 0;
  }

  /** Documents below `rows` that have a vector. */
  count(rows: number): number {
    let n = 0;
    for (let d = 0; d < Math.min(rows, this.cap); d++) if (this.scales[d]! > 0) n++;
    return n;
  }
}
