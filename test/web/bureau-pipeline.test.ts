/**
 * 看板: columns per stage with counts, cards amber/red by quiet days (configurable), filters by
 * liaison, 技术领域 and period in the URL, the sortable table, and moving a card with a reason
 * (Chinese error without one; the same audit rows as the API's PATCH).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { auditShape, textOf, workbenchCast } from '../support/bureau.js';
import { brokering } from '../support/fixtures.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof workbenchCast>>;
let b: ReturnType<typeof brokering>;
let liaison: { id: string };
let quiet: { id: string; title: string };
let fresh: { id: string; title: string };

beforeAll(async () => {
  t = await testApp();
  w = await workbenchCast(t);
  b = brokering(t);
  liaison = await b.liaison({ name: '赵联络' });
  quiet = await b.publishedProblem(w.entA.id, { title: '二十天没有动静的难题', domains: ['advanced_manufacturing'] });
  fresh = await b.publishedProblem(w.entB.id, { title: '刚发布的生物医药难题', domains: ['biomed'] });
  // Backdate the first problem's posting so it has been quiet for 20 days.
  await t.deps.db
    .updateTable('problems')
    .set({ postedAt: new Date(Date.now() - 20 * 86_400_000) })
    .where('id', '=', quiet.id)
    .execute();
  const current = (await t.call('GET', `/api/v1/problems/${quiet.id}`, {})).body;
  await b.ok('PATCH', `/api/v1/problems/${quiet.id}`, { liaisonId: liaison.id, version: current.version });
  await t.deps.db
    .updateTable('problems')
    .set({ postedAt: new Date(Date.now() - 20 * 86_400_000) })
    .where('id', '=', quiet.id)
    .execute();
});
afterAll(() => t.close());

describe('看板', () => {
  it('shows a column per stage with counts and cards amber after 14 quiet days (red when configured lower)', async () => {
    const res = await w.web.bureau.browser.get('/bureau/pipeline');
    expect(res.status).toBe(200);
    const text = textOf(res.html);
    expect(text).toMatch(/征集中 2/);
    expect(text).toContain('共 2 条已发布难题');
    expect(res.html).toMatch(/badge--warning[^>]*>20 天无动态/);
    const red = await w.web.bureau.browser.get('/bureau/pipeline?red=15');
    expect(red.html).toMatch(/badge--danger[^>]*>20 天无动态/);
    const wrong = await w.web.bureau.browser.get('/bureau/pipeline?red=abc&postedFrom=2026-99-01');
    expect(wrong.status).toBe(200);
    expect(textOf(wrong.html)).toContain('筛选条件有误，已忽略');
  });

  it('filters by liaison, domain and period in the URL', async () => {
    const browser = w.web.bureau.browser;
    const byLiaison = await browser.get(`/bureau/pipeline?liaisonId=${liaison.id}`);
    expect(byLiaison.html).toContain(quiet.title);
    expect(byLiaison.html).not.toContain(fresh.title);
    const byDomain = await browser.get('/bureau/pipeline?view=table&domains=biomed');
    expect(byDomain.html).toContain(fresh.title);
    expect(byDomain.html).not.toContain(quiet.title);
    expect(byDomain.html).toContain('难题进度，共 1 条');
    const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
    const byPeriod = await browser.get(`/bureau/pipeline?view=table&postedFrom=${today}`);
    expect(byPeriod.html).toContain(fresh.title);
    expect(byPeriod.html).not.toContain(quiet.title);
    const none = await browser.get('/bureau/pipeline?view=table&domains=resources_environment');
    expect(textOf(none.html)).toContain('没有符合条件的难题');
  });

  it('sorts the table by column links', async () => {
    const browser = w.web.bureau.browser;
    const asc = await browser.get('/bureau/pipeline?view=table&sort=title');
    expect(asc.html).toMatch(/aria-sort="ascending"/);
    const desc = await browser.get('/bureau/pipeline?view=table&sort=-lastActivityAt');
    expect(desc.html.indexOf(fresh.title)).toBeLessThan(desc.html.indexOf(quiet.title));
    const ascAct = await browser.get('/bureau/pipeline?view=table&sort=lastActivityAt');
    expect(ascAct.html.indexOf(quiet.title)).toBeLessThan(ascAct.html.indexOf(fresh.title));
    expect(ascAct.html).toContain('href="/bureau/pipeline?view=table&amp;sort=-lastActivityAt"');
  });

  it('moves a card with a reason, back to the same filtered board; the API’s audit rows', async () => {
    const browser = w.web.bureau.browser;
    const form = await browser.get(
      `/bureau/pipeline/${quiet.id}/move?next=${encodeURIComponent('/bureau/pipeline?view=table')}`,
    );
    expect(form.status).toBe(200);
    expect(form.html).toContain('value="matching"');
    expect(form.html).not.toContain('value="open"');
    const noReason = await browser.post(`/bureau/pipeline/${quiet.id}/move`, { stage: 'matching', stageReason: '' });
    expect(noReason.html).toContain('此项必填');
    const moved = await browser.post(`/bureau/pipeline/${quiet.id}/move`, {
      stage: 'matching',
      stageReason: '已开始物色实验室',
      next: '/bureau/pipeline?view=table',
    });
    expect(moved.status).toBe(303);
    expect(moved.location).toBe('/bureau/pipeline?view=table');
    const evil = await browser.post(`/bureau/pipeline/${fresh.id}/move`, {
      stage: 'closed',
      stageReason: '企业已自行解决',
      next: 'https://evil.example/',
    });
    expect(evil.location).toBe('/bureau/pipeline');

    const twin = await b.publishedProblem(w.entA.id);
    const v = (await t.call('GET', `/api/v1/problems/${twin.id}`, {})).body.version;
    await b.ok('PATCH', `/api/v1/problems/${twin.id}`, {
      stage: 'matching',
      stageReason: '已开始物色实验室',
      version: v,
    });
    const pageRows = (await auditShape(t, quiet.id)).slice(-1);
    const apiRows = (await auditShape(t, twin.id)).slice(-1);
    expect(pageRows).toEqual(apiRows);
    expect(textOf((await browser.get('/bureau/pipeline')).html)).toMatch(/匹配中 2/);
  });
});
