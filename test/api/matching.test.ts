/** 推荐匹配: access, reasons, the no-match answer, and semantic ranking with a loopback embeddings server. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIEmbeddings } from '../../src/embeddings/openai.js';
import { embeddingText, labDocuments, problemDocuments } from '../../src/search/documents.js';
import { testApp, type TestApp } from '../support/app.js';
import { startEmbeddingsServer, type EmbeddingsServer } from '../support/embeddings-server.js';
import { cast, MISSING_ID } from '../support/fixtures.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
let problem: { id: string };
let visionLab: { id: string };
let otherLab: { id: string };

beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
  visionLab = await c.f.lab(c.uniX.id, {
    name: '机器视觉检测实验室',
    keywords: ['机器视觉', 'AOI', '缺陷检测'],
    summary: '研究工业产品表面缺陷的机器视觉检测、自动光学检测（AOI）设备与深度学习算法。',
  });
  otherLab = await c.f.lab(c.uniY.id, {
    name: '土壤修复实验室',
    domains: ['resources_environment'],
    keywords: ['重金属', '土壤修复'],
    summary: '研究重金属污染土壤的原位修复与风险评估技术。',
  });
  problem = await c.f.problem(c.entA.id, { title: '注塑件表面缺陷自动检测', keywords: ['机器视觉', '缺陷检测'] });
  await t.deps.search.indexer.drain();
});
afterAll(() => t.close());

describe('GET /problems/{id}/matches', () => {
  it('ranks the fitting lab first, with reasons and confidence', async () => {
    const r = await t.call('GET', `/api/v1/problems/${problem.id}/matches`);
    expect(r.status).toBe(200);
    expect(r.body.items[0].lab.id).toBe(visionLab.id);
    const top = r.body.items[0];
    expect(top.reasons.matchedTerms).toEqual(expect.arrayContaining(['机器视觉']));
    expect(top.reasons.sharedDomains).toEqual([{ code: 'advanced_manufacturing', name: '先进制造与自动化' }]);
    expect(top.reasons.sharedKeywords).toEqual(expect.arrayContaining(['机器视觉', '缺陷检测']));
    expect(['high', 'medium']).toContain(top.confidence);
    expect(r.body.semantic).toBe('not_configured');
    expect(r.body.query.terms).toEqual(expect.arrayContaining(['机器视觉', '缺陷检测']));
    expect(r.body.items.map((i: { lab: { id: string } }) => i.lab.id)).not.toContain(otherLab.id);
  });

  it('says so when no lab fits', async () => {
    const odd = await c.f.problem(c.entA.id, {
      title: '古籍纸张批量脱酸处理工艺',
      description:
        '馆藏民国时期图书纸张酸化严重，pH 值低于 4.5，需要一种可批量处理的脱酸工艺，单批不少于 500 册，处理后 pH 值在 7.5–9 之间。',
      domains: ['high_tech_services'],
      keywords: ['脱酸', '古籍保护'],
    });
    await t.deps.search.indexer.drain();
    const r = await t.call('GET', `/api/v1/problems/${odd.id}/matches`);
    expect(r.status).toBe(200);
    expect(['low', 'none']).toContain(r.body.summary.confidence);
    expect(r.body.summary.message).toContain('暂未找到');
  });

  it('answers a problem whose text names a JavaScript prototype property (constructor) like any other', async () => {
    const odd = await c.f.problem(c.entA.id, {
      title: 'Java 后端 constructor 注入报错',
      description: 'Spring 项目里 constructor 注入和 __proto__ 相关的前端脚本都报错，想请专家看看。',
      keywords: ['constructor'],
    });
    await t.deps.search.indexer.drain();
    const r = await t.call('GET', `/api/v1/problems/${odd.id}/matches`);
    expect(r.status).toBe(200);
    expect(r.body.query.terms).toContain('constructor');
  });

  it.each([
    ['bureau', 'own', 200],
    ['entA', 'own', 200],
    ['entB', 'own', 404],
    ['uniX', 'own', 403],
    ['bureau', 'missing', 404],
  ] as const)('%s on %s problem → %i', async (who, which, status) => {
    const id = which === 'own' ? problem.id : MISSING_ID;
    expect((await t.call('GET', `/api/v1/problems/${id}/matches`, { token: c.tokens[who] })).status).toBe(status);
  });

  it('validates its query', async () => {
    expect((await t.call('GET', `/api/v1/problems/${problem.id}/matches?limit=0`)).status).toBe(400);
    expect((await t.call('GET', `/api/v1/problems/${problem.id}/matches?domains=nonsense`)).status).toBe(400);
    const filtered = await t.call('GET', `/api/v1/problems/${problem.id}/matches?domains=resources_environment`);
    expect(
      filtered.body.items.every((i: { lab: { domains: string[] } }) => i.lab.domains.includes('resources_environment')),
    ).toBe(true);
  });
});

describe('GET /labs/{id}/matches', () => {
  it('offers published problems to the lab, without the enterprise identity for a university', async () => {
    const r = await t.call('GET', `/api/v1/labs/${visionLab.id}/matches`, { token: c.tokens.uniX });
    expect(r.status).toBe(200);
    expect(r.body.items[0].problem.id).toBe(problem.id);
    expect(JSON.stringify(r.body)).not.toContain(c.entA.name);
    expect(JSON.stringify(r.body)).not.toContain(c.entA.id);
  });
  it.each([
    ['bureau', 200],
    ['uniX', 200],
    ['uniY', 404],
    ['entA', 403],
  ] as const)('%s → %i', async (who, status) => {
    expect((await t.call('GET', `/api/v1/labs/${visionLab.id}/matches`, { token: c.tokens[who] })).status).toBe(status);
  });
});

describe('with embeddings', () => {
  let server: EmbeddingsServer;
  let s: TestApp;
  beforeAll(async () => {
    server = await startEmbeddingsServer(8);
    s = await testApp({ embeddings: createOpenAIEmbeddings({ baseURL: server.url, model: 'pinned', maxRetries: 0 }) });
  });
  afterAll(async () => {
    await s.close();
    await server.close();
  });

  it('ranks by meaning when the words differ, and says it used semantics', async () => {
    const f = (await cast(s)).f;
    const uni = await f.university();
    const battery = await f.lab(uni.id, {
      name: '储能电化学实验室',
      domains: ['new_energy'],
      keywords: ['电化学', '储能'],
      summary: '研究电化学储能器件的衰减机理与寿命预测。',
    });
    const decoy = await f.lab(uni.id, {
      name: '电动工具结构实验室',
      domains: ['advanced_manufacturing'],
      keywords: ['电动工具', '结构设计'],
      summary: '研究电动工具的结构设计与跌落可靠性。',
    });
    const ent = await f.enterprise();
    const p = await f.problem(ent.id, {
      title: '电动工具用久了不耐用',
      description: '我们的电动工具用了半年就不耐用了，充一次电能用的时间越来越短，想找人看看原因并改进。',
      domains: ['advanced_manufacturing'],
      keywords: ['电动工具'],
    });
    const [pd] = await problemDocuments(s.store.db, [p.id]);
    const labs = await labDocuments(s.store.db, [battery.id, decoy.id]);
    server.pin(embeddingText('problems', pd!), [1, 0, 0, 0, 0, 0, 0, 0]);
    server.pin(
      embeddingText(
        'labs',
        labs.find((l) => l.id === battery.id)!,
      ),
      [0.95, 0.1, 0, 0, 0, 0, 0, 0],
    );
    server.pin(
      embeddingText(
        'labs',
        labs.find((l) => l.id === decoy.id)!,
      ),
      [0, 1, 0, 0, 0, 0, 0, 0],
    );
    await s.deps.search.indexer.drain();

    const r = await s.call('GET', `/api/v1/problems/${p.id}/matches`);
    expect(r.body.semantic).toBe('used');
    const ids = r.body.items.map((i: { lab: { id: string } }) => i.lab.id);
    expect(ids).toContain(battery.id);
    expect(ids.indexOf(battery.id)).toBeLessThan(ids.includes(decoy.id) ? ids.indexOf(decoy.id) : Infinity);
    const item = r.body.items.find((i: { lab: { id: string } }) => i.lab.id === battery.id);
    expect(item.reasons.semanticScore).toBeGreaterThan(0.9);
    // The engine's cosine (int8 in the index) is within rounding of the exact one: 0.95 / |(0.95, 0.1)|.
    expect(Math.abs(item.reasons.semanticScore - 0.95 / Math.hypot(0.95, 0.1))).toBeLessThan(0.005);
  });

  it('falls back to text and says so when the endpoint fails', async () => {
    const f = (await cast(s)).f;
    const ent = await f.enterprise();
    const p = await f.problem(ent.id, { title: '向量服务故障时的匹配' });
    server.failNext(500, 50);
    await s.deps.search.indexer.drain();
    const r = await s.call('GET', `/api/v1/problems/${p.id}/matches`);
    expect(r.status).toBe(200);
    expect(r.body.semantic).toBe('unavailable');
    expect(
      r.body.items.every((i: { reasons: { semanticScore?: number } }) => i.reasons.semanticScore === undefined),
    ).toBe(true);
    const health = await s.call('GET', '/health', { token: null });
    expect(health.body.embeddings.error).toBeTruthy();
    server.failNext(500, 0);
  });
});
