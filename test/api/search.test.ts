/** GET /api/v1/search over HTTP: access rules inside the engine query, projection, filters, facets, validation. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { cast } from '../support/fixtures.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
let secret: { id: string };
let publicA: { id: string };
let publicB: { id: string };
let closed: { id: string };

const ids = (body: { hits: { id: string }[] }) => body.hits.map((h) => h.id);

beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
  // Bureau-posted problems publish directly; the bureau-only one is confidential.
  secret = await c.f.problem(c.entA.id, {
    title: '保密的锂电池热失控预警难题',
    visibility: 'bureau',
    domains: ['new_energy'],
    keywords: ['锂电池', '热失控'],
    budgetWan: 200,
  });
  publicA = await c.f.problem(c.entA.id, {
    title: '公开的锂电池容量衰减分析',
    domains: ['new_energy'],
    keywords: ['锂电池'],
    budgetWan: 30,
  });
  publicB = await c.f.problem(c.entB.id, {
    title: '乙企业锂电池回收工艺',
    domains: ['resources_environment'],
    keywords: ['锂电池', '回收'],
    budgetWan: 120,
  });
  closed = await c.f.problem(c.entB.id, { title: '已关闭的锂电池项目', domains: ['new_energy'], keywords: ['锂电池'] });
  await t.call('PATCH', `/api/v1/problems/${closed.id}`, {
    body: { stage: 'closed', stageReason: '企业已自行解决', version: 1 },
  });
  await c.f.lab(c.uniX.id, {
    name: '锂离子电池材料实验室',
    domains: ['new_energy', 'new_materials'],
    keywords: ['锂离子电池', '正极材料'],
  });
  await t.deps.search.indexer.drain();
});
afterAll(() => t.close());

describe('search: access rules are part of the engine query', () => {
  const q = '/api/v1/search?index=problems&q=锂电池&limit=50';
  it('the bureau sees every problem', async () => {
    const r = await t.call('GET', q);
    expect(ids(r.body)).toEqual(expect.arrayContaining([secret.id, publicA.id, publicB.id, closed.id]));
  });
  it('an enterprise sees only its own problems, confidential ones included', async () => {
    const r = await t.call('GET', q, { token: c.tokens.entA });
    expect(new Set(ids(r.body))).toEqual(new Set([secret.id, publicA.id]));
    expect(r.body.total).toBe(2);
  });
  it('a university sees published public open problems without the enterprise identity', async () => {
    const r = await t.call('GET', q, { token: c.tokens.uniX });
    expect(new Set(ids(r.body))).toEqual(new Set([publicA.id, publicB.id]));
    for (const h of r.body.hits) expect(h.document.enterpriseId).toBeUndefined();
    expect(JSON.stringify(r.body)).not.toContain(c.entA.id);
  });
  it.each(['visibility', 'enterpriseId', 'stage'])(
    'no filter a university adds can widen its view (%s)',
    async (field) => {
      const extra =
        field === 'stage'
          ? '&stage=closed'
          : field === 'visibility'
            ? '&visibility=bureau'
            : `&enterpriseId=${c.entA.id}`;
      const r = await t.call('GET', `${q}${extra}`, { token: c.tokens.uniX });
      if (r.status === 200) {
        expect(ids(r.body)).not.toContain(secret.id);
        expect(ids(r.body)).not.toContain(closed.id);
      } else {
        expect(r.status).toBe(400);
      }
    },
  );
  it.each(['" OR visibility = "bureau', "锂电池') OR 1=1 --", '锂电池 \\" OR', '🔋锂电池'])(
    'a hostile query %j is just text',
    async (text) => {
      const r = await t.call('GET', `/api/v1/search?index=problems&q=${encodeURIComponent(text)}`, {
        token: c.tokens.uniX,
      });
      expect(r.status).toBe(200);
      expect(ids(r.body)).not.toContain(secret.id);
    },
  );
});

describe('search: filters, facets, sort, paging, highlight', () => {
  it('filters by domain and budget, and counts facets', async () => {
    const r = await t.call('GET', '/api/v1/search?index=problems&q=锂电池&domains=new_energy&budgetMin=100');
    expect(ids(r.body)).toEqual([secret.id]);
    const all = await t.call('GET', '/api/v1/search?index=problems&q=锂电池');
    expect(all.body.facets.domains).toMatchObject({ new_energy: 3, resources_environment: 1 });
  });
  it('sorts by budget and pages without overlap', async () => {
    const first = await t.call('GET', '/api/v1/search?index=problems&q=锂电池&sort=-budgetWan&limit=2');
    const second = await t.call('GET', '/api/v1/search?index=problems&q=锂电池&sort=-budgetWan&limit=2&offset=2');
    expect(ids(first.body)[0]).toBe(secret.id);
    expect(ids(first.body).filter((id) => ids(second.body).includes(id))).toEqual([]);
    expect(first.body.total).toBe(4);
  });
  it('finds labs through synonyms and highlights the match', async () => {
    const r = await t.call('GET', '/api/v1/search?index=labs&q=锂电', { token: c.tokens.entA });
    expect(r.status).toBe(200);
    expect(r.body.hits[0].document.name).toBe('锂离子电池材料实验室');
    expect(JSON.stringify(r.body.hits[0].highlights)).toContain('<em>');
  });
  it.each([
    ['index=people', 'index'],
    ['index=labs&stage=open', 'stage'],
    ['index=problems&sort=name', 'sort'],
    ['index=problems&limit=500', 'limit'],
    ['index=problems&domains=xx', 'domains.0'],
    ['index=problems&budgetMin=10&budgetMax=5', 'budgetMin'],
  ])('rejects %s at %s', async (qs, path) => {
    const r = await t.call('GET', `/api/v1/search?${qs}`);
    expect(r.status).toBe(400);
    expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(`query.${path}`);
  });
  it('requires a token', async () => {
    expect((await t.call('GET', '/api/v1/search?index=labs', { token: null })).status).toBe(401);
  });
});
