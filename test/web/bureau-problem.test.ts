/**
 * 难题工作区: the ranked lab matches with highlighted reasons and confidence, the plain "暂未找到合适的实验室"
 * with a pre-filled lab search, shortlist / introduce in one click, interests beside the matches,
 * liaison and stage changes with Chinese errors, a contact with a follow-up date that then appears
 * under 待跟进 — each write leaving the same audit rows as the API's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { auditShape, textOf, workbenchCast } from '../support/bureau.js';
import { brokering } from '../support/fixtures.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof workbenchCast>>;
let b: ReturnType<typeof brokering>;
let problem: { id: string; version: number; title: string };
let visionLab: { id: string };
let otherLab: { id: string };

beforeAll(async () => {
  t = await testApp();
  w = await workbenchCast(t);
  b = brokering(t);
  visionLab = await w.f.lab(w.uniX.id, {
    name: '机器视觉检测实验室',
    keywords: ['机器视觉', 'AOI', '缺陷检测'],
    summary: '研究工业产品表面缺陷的机器视觉检测、自动光学检测（AOI）设备与深度学习算法。',
  });
  otherLab = await w.f.lab(w.uniY.id, { name: '智能装备实验室', keywords: ['PLC'] });
  problem = await w.f.problem(w.entA.id, { title: '注塑件表面缺陷自动检测', keywords: ['机器视觉', '缺陷检测'] });
  await t.deps.search.indexer.drain();
});
afterAll(() => t.close());

const page = (suffix = '') => w.web.bureau.browser.get(`/bureau/problems/${problem.id}${suffix}`);

describe('难题工作区', () => {
  it('ranks the fitting lab first with its reasons highlighted and its confidence as a label', async () => {
    const res = await page();
    expect(res.status).toBe(200);
    const text = textOf(res.html);
    expect(text).toContain(w.entA.name);
    expect(res.html.indexOf('机器视觉检测实验室')).toBeLessThan(
      res.html.indexOf('智能装备实验室') === -1 ? Infinity : res.html.indexOf('智能装备实验室'),
    );
    expect(res.html).toContain('<mark>机器视觉</mark>');
    expect(text).toContain('共同领域：先进制造与自动化');
    expect(text).toMatch(/把握较大|可以一试/);
    expect(text).toMatch(/术语覆盖 \d+%/);
  });

  it('says plainly when nothing fits and offers a pre-filled lab search', async () => {
    const odd = await w.f.problem(w.entA.id, {
      title: '古籍纸张批量脱酸处理工艺',
      domains: ['resources_environment'],
      keywords: ['脱酸'],
      description: '馆藏民国时期图书纸张酸化严重，pH 值低于 4.5，需要一种可批量处理的脱酸工艺，单批不少于 500 册。',
    });
    await t.deps.search.indexer.drain();
    const res = await w.web.bureau.browser.get(`/bureau/problems/${odd.id}`);
    expect(textOf(res.html)).toContain('暂未找到合适的实验室');
    expect(res.html).toMatch(/name="labq"[^>]*value="[^"]+"/);
    const search = await w.web.bureau.browser.get(`/bureau/problems/${odd.id}?labq=${encodeURIComponent('智能装备')}`);
    expect(search.html).toContain('实验室搜索结果，共 1 个');
    expect(search.html).toContain('智能装备实验室');
    const none = await w.web.bureau.browser.get(
      `/bureau/problems/${odd.id}?labq=${encodeURIComponent('不存在的实验室名')}`,
    );
    expect(textOf(none.html)).toContain('没有名称或简介包含');
  });

  it('says beside the lab search what is wrong with a keyword it cannot search for (a NUL was a 500)', async () => {
    for (const [labq, message] of [
      ['%00', '关键词含有不允许的字符（U+0000）'],
      ['a%1Bb', '关键词含有不允许的字符（U+001B）'],
      ['长'.repeat(101), '关键词'],
    ]) {
      const res = await page(`?labq=${labq}`);
      expect(res.status, labq).toBe(200);
      const beside = /id="f-labq-error"[^>]*>([\s\S]*?)<\/p>/.exec(res.html)?.[1];
      expect(textOf(beside ?? ''), labq).toContain(message);
      expect(res.html).not.toContain('实验室搜索结果');
    }
  });

  it('shortlists, then introduces in one click each, with the API’s audit rows', async () => {
    const browser = w.web.bureau.browser;
    const short = await browser.post(`/bureau/problems/${problem.id}/introductions`, {
      labId: otherLab.id,
      source: 'match',
      matchScore: '0.4',
      note: '',
      introduce: 'false',
    });
    expect(short.status).toBe(303);
    let res = await page();
    expect(textOf(res.html)).toContain('已列入候选');
    const intros = await t.call('GET', `/api/v1/introductions?problemId=${problem.id}`, {});
    const shortlisted = intros.body.items.find((i: { labId: string }) => i.labId === otherLab.id);
    expect(shortlisted.status).toBe('shortlisted');
    const introduce = await browser.post(`/bureau/problems/${problem.id}/introductions/${shortlisted.id}/introduce`, {
      version: String(shortlisted.version),
    });
    expect(introduce.status).toBe(303);

    const direct = await browser.post(`/bureau/problems/${problem.id}/introductions`, {
      labId: visionLab.id,
      source: 'match',
      matchScore: '0.8',
      note: '视觉检测方向对口',
      introduce: 'true',
    });
    expect(direct.status).toBe(303);
    res = await page();
    expect(textOf(res.html)).toContain('推荐与引荐（2 条）');
    expect(res.html).toContain('视觉检测方向对口');

    // The same write through the API on a twin problem leaves the same audit rows.
    const twin = await w.f.problem(w.entA.id, { title: '注塑件表面缺陷自动检测（二）', keywords: ['机器视觉'] });
    const viaApi = await b.introduced(twin.id, visionLab.id, {
      source: 'match',
      matchScore: 0.8,
      note: '视觉检测方向对口',
    });
    const viaPage = (await t.call('GET', `/api/v1/introductions?problemId=${problem.id}&labId=${visionLab.id}`, {}))
      .body.items[0];
    expect(await auditShape(t, viaPage.id)).toEqual(await auditShape(t, viaApi.id));
  });

  it('shows interests from universities beside the matches', async () => {
    const lab = await w.f.lab(w.uniX.id, { name: '精密注塑成型实验室' });
    await b.interest(problem.id, lab.id, w.tokens.uniX);
    const res = await page();
    expect(textOf(res.html)).toContain('高校意向（1 条）');
    expect(res.html).toContain('精密注塑成型实验室');
    expect(textOf((await w.web.bureau.browser.get('/bureau')).html)).toContain('精密注塑成型实验室');
  });

  it('assigns a liaison and changes the stage with a reason; errors in Chinese beside the field', async () => {
    const browser = w.web.bureau.browser;
    const liaison = await b.liaison({ name: '王联络' });
    let current = (await t.call('GET', `/api/v1/problems/${problem.id}`, {})).body;
    const assign = await browser.post(`/bureau/problems/${problem.id}/liaison`, {
      liaisonId: liaison.id,
      version: String(current.version),
    });
    expect(assign.status).toBe(303);
    expect(textOf((await page()).html)).toContain('当前：王联络');

    current = (await t.call('GET', `/api/v1/problems/${problem.id}`, {})).body;
    const noReason = await browser.post(`/bureau/problems/${problem.id}/stage`, {
      stage: 'negotiating',
      stageReason: '',
      version: String(current.version),
    });
    expect(noReason.status).toBe(200);
    expect(noReason.html).toContain('此项必填');
    expect(noReason.html).toContain('<title>错误：');
    const back = await browser.post(`/bureau/problems/${problem.id}/stage`, {
      stage: 'open',
      stageReason: '退回征集',
      version: String(current.version),
    });
    expect(back.status).toBe(200);
    expect(textOf(back.html)).toMatch(/不能从「.+」改为「征集中」/);
    const moved = await browser.post(`/bureau/problems/${problem.id}/stage`, {
      stage: 'negotiating',
      stageReason: '双方已约定下周洽谈',
      version: String(current.version),
    });
    expect(moved.status).toBe(303);
    const after = (await t.call('GET', `/api/v1/problems/${problem.id}`, {})).body;
    expect(after.stage).toBe('negotiating');
    expect(textOf((await page()).html)).toContain('双方已约定下周洽谈');
  });

  it('records a visit with a follow-up date that then appears under 待跟进, with the API’s audit rows', async () => {
    const browser = w.web.bureau.browser;
    const bad = await browser.post(`/bureau/problems/${problem.id}/contacts`, {
      kind: 'visit',
      occurredAt: '2026-13-40T10:00',
      summary: '',
    });
    expect(bad.status).toBe(200);
    expect(bad.html).toContain('此项必填');
    const occurredAtError = (html: string) =>
      textOf(/id="f-occurredAt-error"[^>]*>([\s\S]*?)<\/p>/.exec(html)?.[1] ?? '');
    // In the words of the field a person fills in (年-月-日 时:分), not the API's ISO 8601 with an offset.
    expect(occurredAtError(bad.html)).toContain('时间格式须为');
    expect(occurredAtError(bad.html)).not.toMatch(/ISO|\+08:00/);
    const empty = await browser.post(`/bureau/problems/${problem.id}/contacts`, {
      kind: 'visit',
      occurredAt: '',
      summary: '上门了解需求。',
    });
    expect(empty.status).toBe(200);
    expect(occurredAtError(empty.html)).toContain('此项必填');

    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const soon = new Date(Date.now() + 8 * 3_600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
    const ok = await browser.post(`/bureau/problems/${problem.id}/contacts`, {
      kind: 'visit',
      occurredAt: `${today}T00:01`,
      summary: '上门查看注塑产线，确认检测节拍要求。',
      nextStep: '安排实验室样件测试',
      followUpOn: soon,
      participantNames: '张经理，李工',
      labId: visionLab.id,
    });
    expect(ok.status, ok.html.slice(0, 500)).toBe(303);
    expect(textOf((await page()).html)).toContain('对接记录');
    const follow = await browser.get('/bureau/follow-ups');
    expect(follow.html).toContain('上门查看注塑产线，确认检测节拍要求。');
    expect(follow.html).toContain(soon);

    const viaPage = (await t.call('GET', `/api/v1/contacts?problemId=${problem.id}`, {})).body.items[0];
    const viaApi = await b.contact(w.entA.id, {
      problemId: problem.id,
      summary: '电话确认样件寄送地址。',
      nextStep: '寄样',
      followUpOn: soon,
      participantNames: ['张经理'],
      labId: visionLab.id,
    });
    expect(await auditShape(t, viaPage.id)).toEqual(await auditShape(t, viaApi.id));
  });
});
