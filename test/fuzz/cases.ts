/**
 * Hostile requests generated from the OpenAPI document: for every operation, a plausible request (the
 * schema's example, real ids where a field or path names a record), then that request with one part
 * replaced — each path, query and body field in turn — by a wrong type, control characters, a lone
 * surrogate, boundary numbers and dates, a huge string or array, or left out when required.
 * Deterministic for a seed, so a failure can be replayed.
 */

type Schema = Record<string, any>;
export interface OpenApiDoc {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, Schema> };
}
interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}
interface Operation {
  operationId?: string;
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema?: Schema }> };
}

export interface FuzzCase {
  operationId: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** What was made hostile, for the failure report: `body.title: control characters`. */
  label: string;
}

/** A small seeded PRNG (mulberry32): the same seed gives the same cases. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Values no field should turn into a 500. */
export const HOSTILE: { name: string; value: unknown }[] = [
  { name: 'NUL byte', value: 'ab\u0000cd' },
  { name: 'control characters', value: 'a\u0001\u0007\u001b[31mb\u007f' },
  { name: 'lone surrogates', value: '题目\udfff\ud800反' },
  { name: 'empty string', value: '' },
  { name: 'whitespace only', value: ' \t\n ' },
  { name: 'huge string', value: '长'.repeat(20_000) },
  { name: 'number', value: 12345 },
  { name: 'negative number', value: -1 },
  { name: 'zero', value: 0 },
  { name: 'fraction', value: 1.5 },
  { name: 'int32 overflow', value: 2_147_483_648 },
  { name: 'beyond safe integer', value: 9_007_199_254_740_993 },
  { name: 'huge number', value: 1e308 },
  { name: 'tiny number', value: -1e308 },
  { name: 'boolean', value: true },
  { name: 'null', value: null },
  { name: 'object', value: { a: { b: [1] } } },
  { name: 'empty array', value: [] },
  { name: 'huge array', value: Array.from({ length: 5000 }, (_, i) => `k${i}`) },
  { name: 'array of objects', value: [{}, { x: 1 }] },
  { name: 'year 0000', value: '0000-01-01' },
  { name: 'year 0050', value: '0050-06-01' },
  { name: 'year 9999', value: '9999-12-31' },
  { name: 'impossible date', value: '2026-02-30' },
  { name: 'month 13', value: '2026-13-01' },
  { name: 'timestamp out of range', value: '0000-01-01T00:00:00Z' },
  { name: 'not a uuid', value: 'not-a-uuid' },
  { name: 'nil uuid', value: '00000000-0000-0000-0000-000000000000' },
  { name: 'SQL text', value: "' OR 1=1; DROP TABLE problems; --" },
  { name: 'formula', value: '=HYPERLINK("http://x")' },
];

/** Query and path parameters arrive as text: these are the strings sent. */
const HOSTILE_TEXT: { name: string; value: string }[] = [
  { name: 'NUL byte', value: '%00' },
  { name: 'control characters', value: '%01%07%1B' },
  { name: 'lone surrogate (bad UTF-8)', value: '%ED%A0%80' },
  { name: 'invalid percent-encoding', value: '%E4%B8' },
  { name: 'empty', value: '' },
  { name: 'huge text', value: 'x'.repeat(8000) },
  { name: 'negative', value: '-1' },
  { name: 'zero', value: '0' },
  { name: 'huge number', value: '1e309' },
  { name: 'beyond safe integer', value: '9007199254740993' },
  { name: 'fraction', value: '1.5' },
  { name: 'NaN', value: 'NaN' },
  { name: 'year 0000', value: '0000-01-01' },
  { name: 'year 0050', value: '0050-06-01' },
  { name: 'year 9999', value: '9999-12-31' },
  { name: 'impossible date', value: '2026-02-30' },
  { name: 'not a uuid', value: 'not-a-uuid' },
  { name: 'nil uuid', value: '00000000-0000-0000-0000-000000000000' },
  { name: 'path traversal', value: '..%2F..%2Fetc%2Fpasswd' },
  { name: 'forged cursor', value: 'eyJ0b3RhbCI6LTEsImlkIjoiJyBPUiAxPTEifQ' },
  { name: 'SQL text', value: "'%20OR%201%3D1--" },
];

const REF = '#/components/schemas/';

export function resolve(doc: OpenApiDoc, schema: Schema | undefined, depth = 0): Schema {
  if (!schema || depth > 8) return {};
  if (schema.$ref) return resolve(doc, doc.components?.schemas?.[String(schema.$ref).slice(REF.length)], depth + 1);
  if (schema.allOf) {
    const parts = schema.allOf.map((s: Schema) => resolve(doc, s, depth + 1));
    return {
      type: 'object',
      properties: Object.assign({}, ...parts.map((p: Schema) => p.properties ?? {})),
      required: parts.flatMap((p: Schema) => p.required ?? []),
    };
  }
  const choice = schema.anyOf ?? schema.oneOf;
  if (choice) return resolve(doc, choice.find((s: Schema) => s.type !== 'null') ?? choice[0], depth + 1);
  return schema;
}

/** Ids of records that exist, by resource (`problems`, `labs`, …), so requests reach past the 404. */
export type KnownIds = Record<string, string | undefined>;

const resourceOfField = (field: string) => {
  const base = field.replace(/Ids?$/, '');
  return base.endsWith('y') ? `${base.slice(0, -1)}ies` : `${base}s`;
};

/** A plausible value for a schema: its example or default, a real id, the first enum value, or a typed filler. */
export function plausible(doc: OpenApiDoc, raw: Schema | undefined, ids: KnownIds, field = ''): unknown {
  const schema = resolve(doc, raw);
  if (schema.example !== undefined && !/Id$/.test(field)) return schema.example;
  if (schema.default !== undefined) return schema.default;
  if (schema.enum) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type.find((t: string) => t !== 'null') : schema.type;
  if (schema.format === 'uuid') return ids[resourceOfField(field)] ?? '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d';
  if (schema.format === 'date') return '2026-06-01';
  if (schema.format === 'date-time') return '2026-06-01T08:00:00Z';
  if (schema.format === 'email') return 'someone@example.com';
  if (schema.format === 'uri') return 'https://example.com/';
  switch (type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [name, prop] of Object.entries<Schema>(schema.properties ?? {}))
        out[name] = plausible(doc, prop, ids, name);
      return out;
    }
    case 'array':
      return [plausible(doc, schema.items, ids, field.replace(/s$/, ''))];
    case 'integer':
      return Math.max(1, schema.minimum ?? 1);
    case 'number':
      return schema.minimum ?? 1;
    case 'boolean':
      return false;
    default:
      return 'x'.repeat(Math.max(schema.minLength ?? 1, 5)).slice(0, schema.maxLength ?? 100);
  }
}

/** Every case for one operation, the plausible request first. */
export function casesFor(
  doc: OpenApiDoc,
  path: string,
  method: string,
  op: Operation,
  ids: KnownIds,
  token: string,
): FuzzCase[] {
  const params = (op.parameters ?? []).filter((p) => p.in === 'path' || p.in === 'query');
  const baseParams: Record<string, string> = {};
  for (const p of params) {
    // DELETE aims at no record: deleting the shared ones would turn every later case into a 404.
    const known = method === 'delete' ? undefined : ids[path.split('/')[3] ?? ''];
    if (p.in === 'path')
      baseParams[p.name] =
        p.name === 'id'
          ? (known ?? '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d')
          : String(plausible(doc, p.schema, ids, p.name));
    else if (p.required) baseParams[p.name] = String(plausible(doc, p.schema, ids, p.name));
  }
  const json = op.requestBody?.content['application/json'];
  const bodySchema = json ? resolve(doc, json.schema) : undefined;
  const baseBody = bodySchema ? (plausible(doc, bodySchema, ids) as Record<string, unknown>) : undefined;
  const id = op.operationId ?? `${method} ${path}`;
  const headers = { authorization: `Bearer ${token}` };

  const build = (
    label: string,
    values: Record<string, string>,
    body?: unknown,
    rawBody?: { type: string; data: string },
  ): FuzzCase => {
    let url = path;
    const query: string[] = [];
    for (const p of params) {
      const v = values[p.name];
      if (v === undefined) continue;
      // Values are sent as already-encoded text so hostile encodings arrive as they are.
      const encoded = /%[0-9A-F]{2}/i.test(v) ? v : encodeURIComponent(v);
      if (p.in === 'path') url = url.replace(`{${p.name}}`, encoded || '%20');
      else query.push(`${p.name}=${encoded}`);
    }
    const h: Record<string, string> = { ...headers };
    let text: string | undefined;
    if (rawBody) {
      h['content-type'] = rawBody.type;
      text = rawBody.data;
    } else if (body !== undefined) {
      h['content-type'] = 'application/json';
      text = JSON.stringify(body);
    }
    return {
      operationId: id,
      method: method.toUpperCase(),
      path: `${url}${query.length ? `?${query.join('&')}` : ''}`,
      headers: h,
      body: text,
      label,
    };
  };

  const cases: FuzzCase[] = [build('plausible request', baseParams, baseBody)];
  for (const p of params) {
    for (const h of HOSTILE_TEXT)
      cases.push(build(`${p.in}.${p.name}: ${h.name}`, { ...baseParams, [p.name]: h.value }, baseBody));
    if (p.in === 'query')
      cases.push(
        build(`query.${p.name}: repeated`, { ...baseParams, [p.name]: `a&${p.name}=b&${p.name}=c` }, baseBody),
      );
  }
  if (bodySchema && baseBody && typeof baseBody === 'object') {
    for (const field of Object.keys(bodySchema.properties ?? {})) {
      for (const h of HOSTILE)
        cases.push(build(`body.${field}: ${h.name}`, baseParams, { ...baseBody, [field]: h.value }));
      // An array's items get the hostile values too (a NUL inside a keyword, a number among domain codes).
      if (resolve(doc, bodySchema.properties[field]).type === 'array' || Array.isArray(baseBody[field])) {
        for (const h of HOSTILE.filter((x) => !Array.isArray(x.value))) {
          const label = `body.${field}[]: ${h.name}`;
          cases.push(build(label, baseParams, { ...baseBody, [field]: [h.value] }));
        }
      }
      if (bodySchema.required?.includes(field)) {
        const { [field]: _, ...rest } = baseBody;
        cases.push(build(`body.${field}: missing (required)`, baseParams, rest));
      }
    }
    cases.push(build('body: unknown field', baseParams, { ...baseBody, notAField: 1 }));
    cases.push(build('body: empty object', baseParams, {}));
    for (const h of [null, [], 'text', 42]) cases.push(build(`body: ${JSON.stringify(h)}`, baseParams, h));
    cases.push(build('body: broken JSON', baseParams, undefined, { type: 'application/json', data: '{"title": "x",' }));
    cases.push(build('body: not JSON', baseParams, undefined, { type: 'text/plain', data: 'hello' }));
    cases.push(build('body: deeply nested', baseParams, JSON.parse('['.repeat(2000) + ']'.repeat(2000))));
  }
  if (op.requestBody && !json) {
    // Uploads (multipart, spreadsheets): garbage in each declared content type, and nothing at all.
    for (const type of Object.keys(op.requestBody.content)) {
      cases.push(
        build(`upload ${type}: garbage`, baseParams, undefined, { type, data: 'PK\u0003\u0004garbage\u0000\u00ff' }),
      );
      cases.push(build(`upload ${type}: empty`, baseParams, undefined, { type, data: '' }));
    }
  }
  cases.push({
    ...build('no token', baseParams, baseBody),
    headers: Object.fromEntries(
      Object.entries(build('', baseParams, baseBody).headers).filter(([k]) => k !== 'authorization'),
    ),
  });
  cases.push({
    ...build('forged token', baseParams, baseBody),
    headers: { ...build('', baseParams, baseBody).headers, authorization: 'Bearer forged-0123456789abcdef' },
  });
  return cases;
}

/** All operations' cases interleaved (one of each in turn), so a time limit still reaches every route. */
export function allCases(doc: OpenApiDoc, ids: KnownIds, token: string, seed: number): FuzzCase[] {
  const random = rng(seed);
  const lists = Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => {
      const list = casesFor(doc, path, method, op, ids, token);
      // Keep the plausible request first; shuffle the rest so a cut-off run samples every kind of input.
      const [first, ...rest] = list;
      for (let i = rest.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [rest[i], rest[j]] = [rest[j]!, rest[i]!];
      }
      return [first!, ...rest];
    }),
  );
  const out: FuzzCase[] = [];
  for (let round = 0; lists.some((l) => l.length > round); round++)
    for (const list of lists) if (list[round]) out.push(list[round]!);
  return out;
}
