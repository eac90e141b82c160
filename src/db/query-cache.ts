/**
 * Hot reads compiled once per shape. Building a Kysely query, running it through the CamelCase
 * plugin and compiling it costs more per request than parsing its rows; a read asked for on every
 * API call (a problem by id, a page of problems) is instead built once for each shape with a
 * placeholder in place of every value, and later calls of that shape reuse its SQL with their own
 * values put where the placeholders were.
 *
 * `shape` holds what changes the SQL itself (a role, a sort column) and is part of the key as is.
 * `values` holds what only becomes parameters; their structure (which are absent, null or falsy,
 * how long each list is) is part of the key too, and a falsy value is passed to the builder as it
 * is (and keyed by itself: 0 and -0 are two templates), so that `if (input.q)` takes the same
 * branch for every call of one shape. The builder must use
 * a truthy value only as a parameter — never compute with it or branch on its content. Under
 * vitest every call is also built directly and must give the same SQL and parameters, so a
 * builder that breaks this rule fails the tests of its routes.
 *
 * Every Kysely of this app compiles PostgreSQL with the same plugins (src/db/database.ts), so one
 * cache serves every store and transaction.
 */
import { type Compilable, CompiledQuery } from 'kysely';
import { isDeepStrictEqual } from 'node:util';

/** Where a value goes: its path in `values`. */
class Slot {
  constructor(readonly path: string) {}
}

type Leaf = string | number | boolean | Date | null | undefined;
export type QueryValues = { [key: string]: Leaf | readonly Leaf[] };

interface Template {
  sql: string;
  parameters: readonly unknown[];
}

const templates = new Map<string, Template>();
const MAX_SHAPES = 500;
const verify = !!process.env.VITEST;

// A falsy value is built into the template as it is, so the key names it: `?budgetMin=-0` must not reuse the template of 0.
const describeLeaf = (v: Leaf) =>
  v === undefined ? 'u' : v === null ? 'n' : v ? 't' : `f${typeof v}:${Object.is(v, -0) ? '-0' : String(v)}`;

function keyOf(name: string, shape: Record<string, Leaf>, values: QueryValues): string {
  const parts = [name, JSON.stringify(shape)];
  for (const [k, v] of Object.entries(values))
    parts.push(
      `${k}=${Array.isArray(v) ? `[${(v as readonly Leaf[]).map(describeLeaf).join(',')}]` : describeLeaf(v as Leaf)}`,
    );
  return parts.join('|');
}

/** `values` with every truthy value replaced by its slot. */
function slotted<V extends QueryValues>(values: V): V {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(values))
    out[k] = Array.isArray(v)
      ? (v as readonly Leaf[]).map((x, i) => (x ? new Slot(`${k}.${i}`) : x))
      : v
        ? new Slot(k)
        : v;
  return out as V;
}

function fill(parameter: unknown, values: QueryValues): unknown {
  if (parameter instanceof Slot) {
    const [k, i] = parameter.path.split('.') as [string, string | undefined];
    return i === undefined ? values[k] : (values[k] as readonly Leaf[])[Number(i)];
  }
  if (Array.isArray(parameter) && parameter.some((p) => p instanceof Slot))
    return parameter.map((p) => fill(p, values));
  return parameter;
}

/** The compiled query of `build(shape, values)`, built and compiled only the first time its shape is asked for. */
export function cachedQuery<S extends Record<string, Leaf>, V extends QueryValues, R>(
  name: string,
  shape: S,
  values: V,
  build: (shape: S, values: V) => Compilable<R>,
): CompiledQuery<R> {
  const key = keyOf(name, shape, values);
  let template = templates.get(key);
  if (!template) {
    const compiled = build(shape, slotted(values)).compile();
    template = { sql: compiled.sql, parameters: compiled.parameters };
    if (templates.size >= MAX_SHAPES) templates.delete(templates.keys().next().value!);
    templates.set(key, template);
  }
  const query = CompiledQuery.raw(
    template.sql,
    template.parameters.map((p) => fill(p, values)),
  ) as CompiledQuery<R>;
  if (verify) {
    const direct = build(shape, values).compile();
    if (direct.sql !== query.sql || !isDeepStrictEqual(direct.parameters, query.parameters))
      throw new Error(`cachedQuery ${name}: the cached SQL differs from the direct build for ${key}`);
  }
  return query;
}
