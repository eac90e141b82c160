/** Result order: explicit sort on sortable attributes (missing values last in both directions), then relevance, then id. */
import { SearchEngineError, type SortSpec } from '../port.js';
import type { IndexStore } from './store.js';
import type { Before } from './topk.js';

type Key = (d: number) => number | string | null;

export function orderBy(store: IndexStore, sort: readonly SortSpec[] | undefined): Before {
  const keys: { key: Key; desc: boolean }[] = (sort ?? []).map((s) => {
    if (!store.def.sortableAttributes.includes(s.field))
      throw new SearchEngineError('invalid_query', `不可排序的字段：${String(s.field)}`);
    if (s.direction !== 'asc' && s.direction !== 'desc')
      throw new SearchEngineError('invalid_query', `排序方向无效：${String(s.direction)}`);
    const col = store.fields.get(s.field)!;
    const key: Key = (d) => {
      const n = col.number(d);
      if (!Number.isNaN(n)) return n;
      const v = store.docs[d]?.[s.field];
      return typeof v === 'string' ? v : null;
    };
    return { key, desc: s.direction === 'desc' };
  });
  const id = (d: number) => store.docs[d]?.id ?? '';
  return (a, sa, b, sb) => {
    for (const { key, desc } of keys) {
      const x = key(a);
      const y = key(b);
      if (x === y) continue;
      if (x === null) return false;
      if (y === null) return true;
      // numbers before strings when a field mixes them
      const cmp = typeof x === typeof y ? (x < y ? -1 : 1) : typeof x === 'number' ? -1 : 1;
      return desc ? cmp > 0 : cmp < 0;
    }
    if (sa !== sb) return sa > sb;
    return id(a) < id(b);
  };
}
