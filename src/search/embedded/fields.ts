/**
 * Columns of the filterable, facet and sortable attributes: per value a sorted list of doc ids (for
 * `in` / `not_in`, built once, OR-ed into a bitset per query), per doc its value ids (facets,
 * `exists`), and a Float64Array for numbers (ranges, sorting; NaN = no value).
 */
import type { FieldValue } from '../port.js';

/** A growable Uint32Array. */
export class IdList {
  ids = new Uint32Array(4);
  n = 0;
  push(id: number): void {
    if (this.n === this.ids.length) {
      const next = new Uint32Array(this.n * 2);
      next.set(this.ids);
      this.ids = next;
    }
    this.ids[this.n++] = id;
  }
}

/** The key a scalar is filtered and faceted by; filter values are keyed the same way. */
export const valueKey = (v: string | number | boolean) => String(v);

export class FieldColumn {
  private readonly ids = new Map<string, number>();
  readonly names: string[] = [];
  private readonly lists: IdList[] = [];
  /** Value ids of each doc, append-only CSR: doc d's are values.ids[starts.ids[d] .. starts.ids[d + 1]). */
  readonly values = new IdList();
  readonly starts = new IdList();
  /** Numeric values; created at the first number seen. */
  numbers: Float64Array | null = null;

  /**
   * `listed`: keep per-value doc lists and per-doc value ids (filterable and facet attributes);
   * numbers are listed only for facets (`in` on a number scans the numeric column instead).
   */
  constructor(
    readonly name: string,
    private readonly listed: boolean,
    private readonly listNumbers: boolean,
  ) {
    this.starts.push(0);
  }

  /** Adds the value of doc `doc`; docs are added in id order. */
  add(doc: number, raw: FieldValue | undefined): void {
    if (typeof raw === 'number') {
      if (!this.numbers || this.numbers.length <= doc) this.growNumbers(doc + 1);
      this.numbers![doc] = raw;
    } else if (this.numbers && doc < this.numbers.length) this.numbers[doc] = NaN;
    if (!this.listed) return;
    while (this.starts.n <= doc) this.starts.push(this.values.n); // ids skipped: no values
    const items =
      raw === null || raw === undefined || (typeof raw === 'number' && !this.listNumbers)
        ? []
        : Array.isArray(raw)
          ? raw
          : [raw];
    const first = this.values.n;
    for (const item of items) {
      const key = valueKey(item);
      let id = this.ids.get(key);
      if (id === undefined) {
        id = this.names.length;
        this.ids.set(key, id);
        this.names.push(key);
        this.lists.push(new IdList());
      }
      let dup = false;
      for (let j = first; j < this.values.n && !dup; j++) dup = this.values.ids[j] === id;
      if (dup) continue;
      this.values.push(id);
      this.lists[id]!.push(doc);
    }
    this.starts.push(this.values.n);
  }

  private growNumbers(min: number): void {
    const next = new Float64Array(Math.max(min, (this.numbers?.length ?? 0) * 2, 1024)).fill(NaN);
    if (this.numbers) next.set(this.numbers);
    this.numbers = next;
  }

  number(doc: number): number {
    return this.numbers && doc < this.numbers.length ? this.numbers[doc]! : NaN;
  }

  hasValue(doc: number): boolean {
    const s = this.starts.ids;
    return (doc + 1 < this.starts.n && s[doc + 1]! > s[doc]!) || !Number.isNaN(this.number(doc));
  }

  /** Sets in `bits` every doc holding one of `values`; returns how many doc ids were marked (duplicates counted). */
  markValues(values: readonly (string | number | boolean)[], bits: Uint32Array): number {
    let marked = 0;
    for (const v of values) {
      if (typeof v === 'number' && !this.listNumbers) {
        marked += this.markNumber(v, bits);
        continue;
      }
      const id = this.ids.get(valueKey(v));
      if (id === undefined) continue;
      const list = this.lists[id]!;
      marked += list.n;
      for (let i = 0; i < list.n; i++) {
        const d = list.ids[i]!;
        bits[d >>> 5]! |= 1 << (d & 31);
      }
    }
    return marked;
  }

  private markNumber(v: number, bits: Uint32Array): number {
    let marked = 0;
    const col = this.numbers;
    if (col) for (let d = 0; d < col.length; d++) if (col[d] === v) ((bits[d >>> 5]! |= 1 << (d & 31)), marked++);
    return marked;
  }
}
