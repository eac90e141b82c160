/**
 * 待跟进 and 工作台: overdue and upcoming follow-ups, stuck problems, registrations due — for one
 * liaison or all; marking a follow-up done with a note (the API's audit row); the home page's
 * numbers link to these lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { auditShape, textOf, workbenchCast } from '../support/bureau.js';
import { brokering } from '../support/fixtures.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof workbenchCast>>;
let b: ReturnType<typeof brokering>;
const day = (offset: number) => new Date(Date.now() + 8 * 3_600_000 + offset * 86_400_000).toISOString().slice(0, 10);

beforeAll(async () => {
  t = await testApp();
  w = await workbenchCast(t);
  b = brokering(t);
});
afterAll(() => t.close());

describe('待跟进', () => {
  it('shows empty states with counts when nothing is due', async () => {
    const res = await w.web.bureau.browser.get('/bureau/follow-ups');
    expect(res.status).toBe(200);
    const text = textOf(res.html);
    expect(text).toContain('逾期未跟进（共 0 条）');
    expect(text).toContain('没有逾期的跟进');
  });

  it('lists overdue and upcoming per liaison, registrations due, and the home tiles count them', async () => {
    const mine = await b.liaison({ name: '钱联络', userId: w.web.bureau.userId });
    const other = await b.liaison({ name: '孙联络' });
    await b.contact(w.entA.id, {
      occurredAt: b.daysAgo(5),
      summary: '逾期的上门服务记录。',
      followUpOn: day(-2),
      liaisonIds: [mine.id],
    });
    await b.contact(w.entA.id, {
      occurredAt: b.daysAgo(4),
      summary: '别人负责的逾期记录。',
      followUpOn: day(-1),
      liaisonIds: [other.id],
    });
    await b.contact(w.entB.id, { summary: '三天后跟进的座谈记录。', followUpOn: day(3), liaisonIds: [mine.id] });
    await b.agreement(w.entA.id, w.uniX.id, { title: '即将到期的技术服务合同', signedOn: day(-25) });

    const all = textOf((await w.web.bureau.browser.get('/bureau/follow-ups')).html);
    expect(all).toContain('逾期未跟进（共 2 条）');
    expect(all).toContain('三天后跟进的座谈记录。');
    expect(all).toContain('即将到期的技术服务合同');
    const just = textOf((await w.web.bureau.browser.get(`/bureau/follow-ups?liaisonId=${mine.id}`)).html);
    expect(just).toContain('逾期未跟进（共 1 条）');
    expect(just).not.toContain('别人负责的逾期记录。');

    const home = await w.web.bureau.browser.get('/bureau');
    expect(home.html).toContain(`href="/bureau/follow-ups?liaisonId=${mine.id}#overdue"`);
    expect(textOf(home.html)).toMatch(/1 我的逾期跟进/);
    expect(textOf(home.html)).toMatch(/1 认定登记将到期或已逾期/);
  });

  it('marks a follow-up done with a note (Chinese error for a too-long note), with the API’s audit row', async () => {
    const viaPage = await b.contact(w.entA.id, {
      occurredAt: b.daysAgo(6),
      summary: '待标记完成的记录。',
      followUpOn: day(-3),
    });
    const viaApi = await b.contact(w.entA.id, {
      occurredAt: b.daysAgo(6),
      summary: '经接口标记完成的记录。',
      followUpOn: day(-3),
    });
    const browser = w.web.bureau.browser;
    const long = await browser.post(`/bureau/follow-ups/${viaPage.id}/done`, { note: '很'.repeat(600) });
    expect(long.status).toBe(200);
    expect(long.html).toMatch(/跟进情况[^<]*500/);
    const done = await browser.post(`/bureau/follow-ups/${viaPage.id}/done`, {
      note: '已电话确认样件收到',
      back: '/bureau/follow-ups?days=14',
    });
    expect(done.status).toBe(303);
    expect(done.location).toBe('/bureau/follow-ups?days=14');
    expect(textOf((await browser.get('/bureau/follow-ups')).html)).not.toContain('待标记完成的记录。');
    await b.ok('POST', `/api/v1/contacts/${viaApi.id}/follow-up`, { note: '已电话确认样件收到' });
    expect(await auditShape(t, viaPage.id)).toEqual(await auditShape(t, viaApi.id));
  });
});
