/**
 * Hostile text and dates (issue 12, defects 1–3): a NUL or another control character, a lone
 * UTF-16 surrogate, or a date outside 1900–2100 in any body field, query filter or imported cell
 * is answered with a problem naming the field — never a 500, never a silently shifted year.
 * The sweep walks /openapi.json, so a field added later without the shared string and date
 * schemas fails here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { cast, makeCreditCode, MISSING_ID } from '../support/fixtures.js';
import { csvFile, jobRows, upload } from '../support/spreadsheets.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
let doc: any;
beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
  doc = (await t.call('GET', '/openapi.json')).body;
});
afterAll(() => t.close());

const NUL = '题目\u0000反';
const SURROGATES = '题目\udfff\ud800反';

/** Follows `$ref`s and picks the non-null branch of `anyOf`/`oneOf` (nullable fields). */
function resolve(schema: any): any {
  if (!schema) return schema;
  if (schema.$ref) return resolve(doc.components.schemas[schema.$ref.split('/').pop()]);
  const branches = schema.anyOf ?? schema.oneOf;
  if (branches) return resolve(branches.find((b: any) => resolve(b)?.type !== 'null'));
  if (Array.isArray(schema.type)) return { ...schema, type: schema.type.find((x: string) => x !== 'null') };
  return schema;
}

type Leaf = { path: string; kind: 'text' | 'date' | 'datetime' | 'other' };

/** A body with every string leaf set to `value(leaf)`, and the leaves it set. */
function poison(schema: any, value: (kind: Leaf['kind']) => string, path: string[] = [], leaves: Leaf[] = []): unknown {
  const s = resolve(schema);
  if (s?.type === 'object' && s.properties) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s.properties)) out[k] = poison(v, value, [...path, k], leaves);
    return out;
  }
  if (s?.type === 'array') return [poison(s.items, value, [...path, '0'], leaves)];
  if (s?.type === 'string' && !s.enum) {
    const kind: Leaf['kind'] =
      s.format === 'date' ? 'date' : s.format === 'date-time' ? 'datetime' : s.format || s.pattern ? 'other' : 'text';
    leaves.push({ path: path.join('.'), kind });
    return value(kind);
  }
  return s?.enum?.[0] ?? (s?.type === 'number' || s?.type === 'integer' ? 1 : s?.type === 'boolean' ? true : undefined);
}

const concrete = (path: string) => path.replace(/\{id\}/g, MISSING_ID).replace(/\{kind\}/g, 'enterprises');

/** Sends as the first role the route lets through validation (403 means the role gate answered first). */
async function send(method: string, path: string, body?: unknown) {
  let r;
  for (const token of [c.tokens.admin, c.tokens.entA, c.tokens.uniX]) {
    r = await t.call(method.toUpperCase(), `/api/v1${path}`, { body, token });
    if (r.status !== 403) return r;
  }
  return r!;
}

const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, any>>).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method, path: concrete(path.replace(/^\/api\/v1/, '')), op })),
  );

describe('every JSON body field', () => {
  it('rejects a NUL byte and lone surrogates in each free-text field with 422 naming the field', async () => {
    const bodies = operations().filter((o) => o.op.requestBody?.content?.['application/json']);
    expect(bodies.length).toBeGreaterThanOrEqual(20);
    let checked = 0;
    for (const bad of [NUL, SURROGATES]) {
      for (const { method, path, op } of bodies) {
        const leaves: Leaf[] = [];
        const body = poison(
          op.requestBody.content['application/json'].schema,
          (k) => (k === 'text' ? bad : 'x'),
          [],
          leaves,
        );
        const text = leaves.filter((l) => l.kind === 'text');
        if (!text.length) continue;
        const r = await send(method, path, body);
        expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(422);
        expect(r.headers.get('content-type')).toContain('application/problem+json');
        for (const leaf of text) {
          const hit = (r.body.errors ?? []).find((e: any) => e.path === leaf.path);
          expect(hit?.message, `${method} ${path} ${leaf.path}: ${JSON.stringify(r.body.errors)}`).toMatch(/控制字符/);
          checked++;
        }
      }
    }
    // 33 free-text fields over the create routes alone in the attack report; PATCH routes add more.
    expect(checked / 2).toBeGreaterThanOrEqual(33);
  });

  it('rejects dates before 1900 or after 2100 in each date field with 422 naming the field', async () => {
    let checked = 0;
    for (const [date, datetime] of [
      ['0000-01-01', '0000-01-01T00:00:00Z'],
      ['0050-06-01', '0050-06-01T08:00:00+08:00'],
      ['2101-01-01', '2101-01-01T00:00:00Z'],
    ]) {
      for (const { method, path, op } of operations().filter((o) => o.op.requestBody?.content?.['application/json'])) {
        const leaves: Leaf[] = [];
        const body = poison(
          op.requestBody.content['application/json'].schema,
          (k) => (k === 'date' ? date! : k === 'datetime' ? datetime! : 'x'),
          [],
          leaves,
        );
        const dates = leaves.filter((l) => l.kind === 'date' || l.kind === 'datetime');
        if (!dates.length) continue;
        const r = await send(method, path, body);
        expect(r.status, `${method} ${path}: ${JSON.stringify(r.body)}`).toBe(422);
        for (const leaf of dates) {
          const hit = (r.body.errors ?? []).find((e: any) => e.path === leaf.path);
          expect(hit?.message, `${method} ${path} ${leaf.path} = ${date}: ${JSON.stringify(r.body.errors)}`).toMatch(
            /1900-01-01 至 2100-12-31/,
          );
          checked++;
        }
      }
    }
    expect(checked / 3).toBeGreaterThanOrEqual(10);
  });
});

describe('every query parameter', () => {
  const params = () =>
    operations()
      .filter((o) => o.method === 'get')
      .flatMap(({ path, op }) =>
        (op.parameters ?? [])
          .filter((p: any) => p.in === 'query')
          .map((p: any) => ({ path, name: p.name as string, schema: resolve(p.schema) })),
      );

  it('a control character or lone surrogate in a text filter (q, city, …) is a 400 naming the parameter', async () => {
    const text = params().filter(
      (p) => p.schema?.type === 'string' && !p.schema.enum && !p.schema.format && p.name !== 'cursor',
    );
    expect(text.map((p) => p.name)).toContain('q');
    // A lone surrogate cannot be percent-encoded as UTF-8, so a URL cannot carry one; JSON can (above).
    for (const bad of [NUL, 'a\u001bb', 'a\u007fb']) {
      for (const p of text) {
        const r = await send('get', `${p.path}?${p.name}=${encodeURIComponent(bad)}`);
        expect(r.status, `${p.path}?${p.name}: ${JSON.stringify(r.body)}`).toBe(400);
        expect(r.body.errors, `${p.path}?${p.name}`).toContainEqual({
          path: `query.${p.name}`,
          message: expect.stringMatching(/控制字符/),
        });
      }
    }
  });

  it('a date filter outside 1900–2100 (postedFrom, deadlineTo, from, signedFrom, …) is a 400 naming it', async () => {
    const dates = params().filter((p) => p.schema?.format === 'date');
    expect(new Set(dates.map((p) => p.name))).toEqual(
      new Set(['postedFrom', 'postedTo', 'deadlineFrom', 'deadlineTo', 'from', 'to', 'signedFrom', 'signedTo']),
    );
    for (const bad of ['0000-01-01', '0001-01-01', '0050-06-01', '2101-01-01']) {
      for (const p of dates) {
        const r = await send('get', `${p.path}?${p.name}=${bad}`);
        expect(r.status, `${p.path}?${p.name}=${bad}: ${JSON.stringify(r.body)}`).toBe(400);
        expect(r.body.errors).toContainEqual({
          path: `query.${p.name}`,
          message: expect.stringMatching(/1900-01-01 至 2100-12-31/),
        });
      }
    }
  });

  it('the bounds themselves are accepted', async () => {
    for (const q of ['from=1900-01-01&to=2100-12-31'])
      expect((await t.call('GET', `/api/v1/reports/summary?${q}`)).status).toBe(200);
    expect((await t.call('GET', '/api/v1/problems?postedFrom=1900-01-01&postedTo=2100-12-31')).status).toBe(200);
  });
});

describe('the requests of the attack report', () => {
  it('a NUL in an enterprise name was a 500; now a 422 on both stores', async () => {
    const r = await t.call('POST', '/api/v1/enterprises', { body: { name: `甲\u0000乙科技有限公司` } });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([
      { path: 'name', message: expect.stringMatching(/^企业名称含有不允许的字符（U\+0000）/) },
    ]);
  });

  it('lone surrogates in a problem title and a NUL in PATCH /problems/{id} are 422', async () => {
    const problem = await c.f.problem(c.entA.id);
    const created = await t.call('POST', '/api/v1/problems', {
      body: { enterpriseId: c.entA.id, title: SURROGATES, description: 'x'.repeat(30), domains: ['biomed'] },
    });
    expect(created.status).toBe(422);
    expect(created.body.errors).toContainEqual({ path: 'title', message: expect.stringContaining('U+DFFF') });
    const patched = await t.call('PATCH', `/api/v1/problems/${problem.id}`, {
      body: { version: problem.version, description: `${'长'.repeat(30)}\u0000` },
    });
    expect(patched.status).toBe(422);
    expect(patched.body.errors).toContainEqual({ path: 'description', message: expect.stringContaining('U+0000') });
    // Tab and newline are text, not control characters to refuse.
    const ok = await t.call('PATCH', `/api/v1/problems/${problem.id}`, {
      body: { version: problem.version, description: `第一行\t说明${'长'.repeat(30)}\r\n第二行` },
    });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('?q=%00 on a list is a 400, not a 500', async () => {
    const r = await t.call('GET', '/api/v1/problems?q=%00');
    expect(r.status).toBe(400);
    expect(r.body.errors).toEqual([{ path: 'query.q', message: expect.stringContaining('U+0000') }]);
  });

  it('year 0050 is refused rather than stored as 1950 (PGlite)', async () => {
    const r = await t.call('POST', '/api/v1/enterprises', {
      body: { name: `五十年科技有限公司`, foundedOn: '0050-06-01' },
    });
    expect(r.status).toBe(422);
    expect(r.body.errors).toEqual([{ path: 'foundedOn', message: '日期须在 1900-01-01 至 2100-12-31 之间' }]);
    expect((await t.call('GET', '/api/v1/reports/summary?from=0001-01-01')).status).toBe(400);
    expect((await t.call('GET', '/api/v1/exports/problems?format=csv&postedFrom=0000-01-01')).status).toBe(400);
  });

  it('an imported CSV cell with a NUL rejects its row and names the column; other rows go on', async () => {
    const file = csvFile([
      ['企业名称', '统一社会信用代码', '所属行业', '成立日期', '备注'],
      ['正常科技有限公司', makeCreditCode(), '软件业', '2019-06-01', ''],
      ['坏\u0000科技有限公司', makeCreditCode(), '', '', ''],
      ['备注坏了科技有限公司', makeCreditCode(), '', '', '说明\u001b[31m'],
      ['年份科技有限公司', makeCreditCode(), '', '0050-06-01', ''],
    ]);
    const r = await upload(t, 'enterprises', file);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.planned).toMatchObject({ created: 1, rejected: 3 });
    // (A lone surrogate cannot travel in a UTF-8 file: encoders write U+FFFD, so only JSON can carry one.)
    const rows = await jobRows(t, r.body.id);
    const bad = rows.find((row) => row.rowNo === 3);
    expect(bad.planned).toBe('rejected');
    expect(bad.errors).toEqual([
      { column: '企业名称', field: 'name', message: expect.stringMatching(/^“企业名称”含有不允许的字符（U\+0000）/) },
    ]);
    expect(bad.cells['企业名称']).toBe('坏\uFFFD科技有限公司');
    // An ignored column (备注) is stored with the row report, so it is refused too rather than breaking the store.
    const note = rows.find((row) => row.rowNo === 4);
    expect(note.planned).toBe('rejected');
    expect(note.errors).toEqual([{ column: '备注', field: null, message: expect.stringContaining('U+001B') }]);
    const year = rows.find((row) => row.rowNo === 5);
    expect(year.errors).toEqual([
      { column: '成立日期', field: 'foundedOn', message: '日期须在 1900-01-01 至 2100-12-31 之间，实际为“0050-06-01”' },
    ]);
  });
});
