/**
 * 审核: the queue oldest first with counts; a problem's page shows the writing hints and the
 * revision history; approve / send back / reject in one step each, with Chinese errors beside the
 * comment and the same audit rows as the API's review.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { auditActors, auditShape, textOf, workbenchCast } from '../support/bureau.js';
import { brokering } from '../support/fixtures.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof workbenchCast>>;
let b: ReturnType<typeof brokering>;

beforeAll(async () => {
  t = await testApp();
  w = await workbenchCast(t);
  b = brokering(t);
});
afterAll(() => t.close());

describe('审核', () => {
  it('lists pending problems oldest first, with a count, and an empty state when none', async () => {
    const browser = w.web.bureau.browser;
    expect(textOf((await browser.get('/bureau/review')).html)).toContain('没有待审核的难题');
    const first = await b.pendingProblem(w.tokens.entA, { title: '较早提交的注塑缺陷检测难题' });
    const second = await b.pendingProblem(w.tokens.entA, { title: '较晚提交的焊缝识别难题' });
    const res = await browser.get('/bureau/review');
    expect(res.html).toContain('待审核难题，共 2 条');
    expect(res.html.indexOf(first.title)).toBeLessThan(res.html.indexOf(second.title));
    const home = textOf((await browser.get('/bureau')).html);
    expect(home).toMatch(/2 待审核难题/);
  });

  it('shows the writing hints and history; asks for a comment in Chinese before sending back', async () => {
    const p = await b.pendingProblem(w.tokens.entA, {
      title: '需要补充指标的难题',
      description: '我们的产品质量不稳定，希望得到高校帮助改进工艺。',
      budgetWan: null,
      deadline: null,
    });
    const browser = w.web.bureau.browser;
    const page = await browser.get(`/bureau/review/${p.id}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('写作提示');
    expect(textOf(page.html)).toMatch(/写作提示（[1-9]\d* 条）/);
    expect(textOf(page.html)).toContain('提交审核');

    const bad = await browser.post(`/bureau/review/${p.id}`, {
      decision: 'request_revision',
      comment: '',
      version: String(p.version),
    });
    expect(bad.status).toBe(200);
    expect(bad.html).toContain('<title>错误：');
    expect(bad.html).toContain('退回整改或驳回须填写审核意见');
    expect(bad.html).toContain('class="error-summary"');

    const sent = await browser.post(`/bureau/review/${p.id}`, {
      decision: 'request_revision',
      comment: '请补充现有良率与期望指标。',
      version: String(p.version),
    });
    expect(sent.status).toBe(303);
    const after = await t.call('GET', `/api/v1/problems/${p.id}`, {});
    expect(after.body.reviewStatus).toBe('revision_requested');
    const again = await browser.get(`/bureau/review/${p.id}`);
    expect(again.html).toContain('请补充现有良率与期望指标。');
    expect(again.html).toContain('无需审核');
  });

  it('approves in one step, opens the next oldest, and writes the same audit rows as the API', async () => {
    const viaApi = await b.pendingProblem(w.tokens.entA);
    const viaPage = await b.pendingProblem(w.tokens.entA);
    const next = await b.pendingProblem(w.tokens.entA);
    await b.approve(viaApi.id, '内容完整，同意发布');
    const res = await w.web.bureau.browser.post(`/bureau/review/${viaPage.id}`, {
      decision: 'approve',
      comment: '内容完整，同意发布',
      version: String(viaPage.version),
    });
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/bureau\/review\//);
    expect(res.location).not.toBe(`/bureau/review/${viaPage.id}`);
    const opened = res.location!.split('/').pop()!;
    expect((await t.call('GET', `/api/v1/problems/${opened}`, {})).body.reviewStatus).toBe('pending_review');
    expect(
      opened === next.id || (await t.call('GET', `/api/v1/problems/${opened}`, {})).body.postedAt <= next.postedAt,
    ).toBe(true);
    expect(await auditShape(t, viaPage.id)).toEqual(await auditShape(t, viaApi.id));
    expect(await auditActors(t, viaPage.id)).toContain(w.web.bureau.userId);
    expect((await t.call('GET', `/api/v1/problems/${viaPage.id}`, {})).body.reviewStatus).toBe('published');
  });

  it('rejects with a reason; a stale version is refused with a message, not an error page', async () => {
    const p = await b.pendingProblem(w.tokens.entA);
    const stale = await w.web.bureau.browser.post(`/bureau/review/${p.id}`, {
      decision: 'reject',
      comment: '不属于本区企业',
      version: String(p.version + 5),
    });
    expect(stale.status).toBe(200);
    expect(stale.html).toContain('记录已被他人修改，请刷新页面后重试');
    const ok = await w.web.bureau.browser.post(`/bureau/review/${p.id}`, {
      decision: 'reject',
      comment: '不属于本区企业',
      version: String(p.version),
    });
    expect(ok.status).toBe(303);
    expect((await t.call('GET', `/api/v1/problems/${p.id}`, {})).body.reviewStatus).toBe('rejected');
  });
});
