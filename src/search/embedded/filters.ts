/**
 * Filters compiled against an index's columns: `in` / `not_in` as per-query bitsets OR-ed from the
 * precomputed per-value doc lists (array fields: contains any), `range` on the numeric column,
 * `exists` on "has a non-null, non-empty value". Values are only ever looked up, never parsed, so
 * hostile strings simply match nothing.
 */
import { SearchEngineError, type Filter } from '../port.js';
import type { IndexStore } from './store.js';

export interface CompiledFilter {
  /** Nothing can pass (an `in` whose values never occur). */
  none: boolean;
  test(d: number): boolean;
  /** The bitset of the most selective `in` filter: iterating it is cheaper than scanning every document. */
  driver: Uint32Array | null;
}

const scalar = (v: unknown) =>
  typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean';
const invalid = (msg: string) => new SearchEngineError('invalid_query', msg);

export function compileFilters(store: IndexStore, filters: readonly Filter[] | undefined): CompiledFilter {
  // one array per kind keeps the per-document test monomorphic
  const bitSets: Uint32Array[] = [];
  const negate: boolean[] = [];
  const ranges: { col: Float64Array | null; gte: number; lte: number }[] = [];
  const exists: { has: (d: number) => boolean; want: boolean }[] = [];
  let none = false;
  let driver: Uint32Array | null = null;
  let driverSize = Infinity;
  const words = (store.capacity >>> 5) + 1;
  for (const f of filters ?? []) {
    if (!store.def.filterableAttributes.includes(f.field)) throw invalid(`不可筛选的字段：${String(f.field)}`);
    const col = store.fields.get(f.field)!;
    switch (f.op) {
      case 'in':
      case 'not_in': {
        if (!Array.isArray(f.values) || !f.values.every(scalar)) throw invalid(`筛选值无效：${f.field}`);
        const bits = new Uint32Array(words);
        const marked = col.markValues(f.values, bits);
        if (f.op === 'in') {
          if (!marked) none = true;
          if (marked < driverSize) ((driver = bits), (driverSize = marked));
        }
        bitSets.push(bits);
        negate.push(f.op === 'not_in');
        break;
      }
      case 'range': {
        const ok = (x: unknown) => x === undefined || (typeof x === 'number' && !Number.isNaN(x));
        if (!ok(f.gte) || !ok(f.lte)) throw invalid(`范围筛选无效：${f.field}`);
        ranges.push({ col: col.numbers, gte: f.gte ?? -Infinity, lte: f.lte ?? Infinity });
        break;
      }
      case 'exists':
        if (typeof f.value !== 'boolean') throw invalid(`筛选值无效：${f.field}`);
        exists.push({ has: (d) => col.hasValue(d), want: f.value });
        break;
      default:
        throw invalid(`未知的筛选操作：${String((f as { op: unknown }).op)}`);
    }
  }
  const test = (d: number): boolean => {
    const word = d >>> 5;
    const bit = 1 << (d & 31);
    for (let i = 0; i < bitSets.length; i++) if (((bitSets[i]![word]! & bit) !== 0) === negate[i]) return false;
    for (const r of ranges) {
      const v = r.col && d < r.col.length ? r.col[d]! : NaN;
      if (!(v >= r.gte && v <= r.lte)) return false;
    }
    for (const e of exists) if (e.has(d) !== e.want) return false;
    return true;
  };
  return { none, test, driver };
}
