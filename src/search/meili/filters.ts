/**
 * Meilisearch filter and sort expressions built only from the port's structured Filter / SortSpec
 * values: field names checked against the index definition, strings quoted and escaped, numbers
 * and booleans written as literals. Raw user input is never concatenated into an expression.
 */
import type { IndexDefinition } from '../definitions.js';
import { SearchEngineError, type Filter, type SortSpec } from '../port.js';

/** Array filter syntax: the outer array is ANDed, an inner array is ORed. */
export type MeiliFilter = (string | string[])[];

export interface BuiltFilter {
  /** Absent when there is nothing to filter on. */
  filter?: MeiliFilter;
  /** True when a filter can match no document at all (`in` with no values): skip the query. */
  matchesNothing: boolean;
}

const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

const invalid = (message: string) => new SearchEngineError('invalid_query', message);

/** A field name safe to write unquoted: an identifier the definition lists for this use. */
export function checkField(field: string, allowed: readonly string[], use: string): string {
  if (!FIELD_NAME.test(field) || !allowed.includes(field))
    throw invalid(`字段 ${JSON.stringify(field)} 不可用于${use}`);
  return field;
}

/**
 * A double-quoted string literal. Meilisearch's parser unescapes `\"` and then backslash
 * escapes (`\\` → `\`), so backslashes are doubled first and quotes escaped after.
 */
export function quoteString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A number as a literal; exponent forms (1e+21) are quoted, which the parser reads as the same number. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) throw invalid(`筛选数值无效：${String(value)}`);
  const text = String(value);
  return /^-?\d+(\.\d+)?$/.test(text) ? text : quoteString(text);
}

export function formatValue(value: string | number | boolean): string {
  switch (typeof value) {
    case 'string':
      return quoteString(value);
    case 'number':
      return formatNumber(value);
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      throw invalid(`筛选值类型无效：${typeof value}`);
  }
}

const list = (values: readonly (string | number | boolean)[]) => `[${values.map(formatValue).join(', ')}]`;

/** One port filter as AND-ed clauses (each clause a string, or an array of OR-ed strings). */
function clauses(f: Filter): MeiliFilter | 'nothing' {
  switch (f.op) {
    case 'in':
      return f.values.length === 0 ? 'nothing' : [`${f.field} IN ${list(f.values)}`];
    case 'not_in':
      return f.values.length === 0 ? [] : [`${f.field} NOT IN ${list(f.values)}`];
    case 'range': {
      const out: string[] = [];
      if (f.gte !== undefined) out.push(`${f.field} >= ${formatNumber(f.gte)}`);
      if (f.lte !== undefined) out.push(`${f.field} <= ${formatNumber(f.lte)}`);
      return out;
    }
    case 'exists':
      // "Has a non-null, non-empty value", as in the embedded engine: EXISTS alone is true for null, "" and [].
      return f.value
        ? [`${f.field} EXISTS`, `${f.field} IS NOT NULL`, `${f.field} IS NOT EMPTY`]
        : [[`${f.field} NOT EXISTS`, `${f.field} IS NULL`, `${f.field} IS EMPTY`]];
    default:
      throw invalid(`未知的筛选操作：${String((f as { op?: unknown }).op)}`);
  }
}

export function buildFilter(filters: readonly Filter[] | undefined, def: IndexDefinition): BuiltFilter {
  const out: MeiliFilter = [];
  let matchesNothing = false;
  for (const f of filters ?? []) {
    checkField(f.field, def.filterableAttributes, '筛选');
    const built = clauses(f);
    if (built === 'nothing') matchesNothing = true;
    else out.push(...built);
  }
  return { ...(out.length ? { filter: out } : {}), matchesNothing };
}

/** `field:direction` entries, then `id:asc` so equal values come back in a stable order. */
export function buildSort(sort: readonly SortSpec[] | undefined, def: IndexDefinition): string[] | undefined {
  if (!sort?.length) return undefined;
  const out = sort.map((s) => {
    checkField(s.field, [...def.sortableAttributes, 'id'], '排序');
    if (s.direction !== 'asc' && s.direction !== 'desc') throw invalid(`排序方向无效：${String(s.direction)}`);
    return `${s.field}:${s.direction}`;
  });
  if (!sort.some((s) => s.field === 'id')) out.push('id:asc');
  return out;
}

export function checkFacets(facets: readonly string[] | undefined, def: IndexDefinition): string[] | undefined {
  if (!facets?.length) return undefined;
  return facets.map((f) => checkField(f, def.filterableAttributes, '分面统计'));
}
