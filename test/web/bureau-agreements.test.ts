/**
 * 合作协议 in the workbench: the form (prefilled from a problem, parties refreshed with htmx, the
 * API's rules and Chinese messages beside the fields), the record page with the 技术合同认定登记
 * due date (signing + 30 days, overdue in red) and its registration, status changes limited to the
 * module's moves, editing — each write leaving the same audit rows as the API's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { auditShape, expectCspClean, textOf, workbenchCast } from '../support/bureau.js';
import { brokering } from '../support/fixtures.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof workbenchCast>>;
let b: ReturnType<typeof brokering>;
let problem: { id: string; title: string };
let lab: { id: string; name: string };

const shanghaiDay = (offsetDays = 0) =>
  new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const plusDays = (iso: string, n: number) =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const idFrom = (location: string | null) => location!.split('/').pop()!.split('#')[0]!;

const goodForm = () => ({
  title: '注塑件视觉检测系统委托开发合同',
  type: 'development',
  developmentMode: 'commissioned',
  enterpriseId: w.entA.id,
  universityId: w.uniX.id,
  labId: lab.id,
  problemIds: [problem.id],
  amountWan: '45.5',
  signedOn: shanghaiDay(-2),
  startOn: shanghaiDay(-2),
  endOn: shanghaiDay(300),
  summary: '开发注塑件表面缺陷在线视觉检测系统。',
});

beforeAll(async () => {
  t = await testApp();
  w = await workbenchCast(t);
  b = brokering(t);
  problem = await b.publishedProblem(w.entA.id, { title: '注塑件表面缺陷自动检测' });
  lab = await w.f.lab(w.uniX.id, { name: '机器视觉检测实验室' });
});
afterAll(() => t.close());

describe('合作协议 form', () => {
  it('opens prefilled from a problem and refreshes the parties with htmx', async () => {
    const workspace = await w.web.bureau.browser.get(`/bureau/problems/${problem.id}`);
    expect(workspace.html).toContain(`href="/bureau/agreements/new?problemId=${problem.id}"`);
    const res = await w.web.bureau.browser.get(`/bureau/agreements/new?problemId=${problem.id}`);
    expect(res.status).toBe(200);
    expectCspClean(res.html);
    expect(res.html).toContain(`<option value="${w.entA.id}" selected="">`);
    expect(res.html).toMatch(new RegExp(`value="${problem.id}" checked=""`));
    expect(res.html).toContain('hx-get="/bureau/agreements/parties"');
    expect(res.html).toContain('先选择高校/院所，这里列出它的实验室');

    const part = await w.web.bureau.browser.get(
      `/bureau/agreements/parties?enterpriseId=${w.entA.id}&universityId=${w.uniX.id}&problemIds=${problem.id}`,
    );
    expect(part.status).toBe(200);
    expect(part.html.startsWith('<fieldset id="parties"')).toBe(true);
    expect(part.html).toContain(`<option value="${lab.id}">机器视觉检测实验室</option>`);
    expect(part.html).toMatch(new RegExp(`value="${problem.id}" checked=""`));
    const garbage = await w.web.bureau.browser.get('/bureau/agreements/parties?enterpriseId=x&universityId=%27');
    expect(garbage.status).toBe(200);
    expect(garbage.html).toContain('先选择企业，这里列出它的技术难题。');
  });

  it('refuses bad input with Chinese messages beside the fields and keeps the input', async () => {
    const empty = await w.web.bureau.browser.post('/bureau/agreements', {});
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('<title>错误：登记合作协议');
    expect(empty.html).toContain('class="error-summary"');
    for (const field of ['title', 'type', 'enterpriseId', 'universityId', 'signedOn'])
      expect(empty.html, field).toMatch(new RegExp(`id="f-${field}-error"[^>]*>.*?此项必填`, 's'));

    const typed = await w.web.bureau.browser.post('/bureau/agreements', {
      ...goodForm(),
      amountWan: '四十五',
      signedOn: '2026-13-40',
    });
    expect(typed.html).toContain('金额须为数字（万元）');
    expect(typed.html).toContain('日期格式须为 YYYY-MM-DD');
    expect(typed.html).toContain('value="注塑件视觉检测系统委托开发合同"');

    const rules: [Record<string, string | string[]>, string, string][] = [
      [{ developmentMode: '' }, 'developmentMode', '技术开发协议须注明委托开发'],
      [{ type: 'service' }, 'developmentMode', '仅技术开发协议填写开发方式'],
      [{ signedOn: shanghaiDay(5) }, 'signedOn', '签订日期不能晚于今天'],
      [{ endOn: shanghaiDay(-10) }, 'endOn', '履行期限止不得早于起始日期'],
      [{ universityId: w.uniY.id }, 'labId', '实验室不存在或不属于该高校/院所'],
      [{ enterpriseId: w.entB.id }, 'problemIds', '技术难题不存在或不属于该企业'],
    ];
    for (const [over, field, message] of rules) {
      const res = await w.web.bureau.browser.post('/bureau/agreements', { ...goodForm(), ...over });
      expect(res.status, field).toBe(200);
      expect(res.html, field).toMatch(new RegExp(`id="f-${field}-error"[^>]*>.*?${message}`, 's'));
    }
    expect((await t.call('GET', '/api/v1/agreements', {})).body.total).toBe(0);
  });

  it('records an agreement as the API does: problem agreed, due date signing + 30 days, same audit rows', async () => {
    const res = await w.web.bureau.browser.post('/bureau/agreements', goodForm());
    expect(res.status).toBe(303);
    expect(res.location).toMatch(/^\/bureau\/agreements\/[0-9a-f-]{36}$/);
    const id = idFrom(res.location);
    const page = await w.web.bureau.browser.get(res.location!);
    expect(page.status).toBe(200);
    expectCspClean(page.html);
    const text = textOf(page.html);
    expect(text).toContain('已登记合作协议');
    expect(text).toContain('技术开发（委托开发）');
    expect(text).toContain('机器视觉检测实验室');
    expect(text).toContain('45.5 万元');
    expect(text).toContain(`${plusDays(shanghaiDay(-2), 30)}（签订后 30 天）`);
    expect(text).toContain('待登记（剩 28 天）');
    expect(page.html).toContain(`href="/bureau/problems/${problem.id}"`);
    expect((await t.call('GET', `/api/v1/problems/${problem.id}`, {})).body.stage).toBe('agreed');

    const other = await b.publishedProblem(w.entA.id);
    const viaApi = await b.agreement(w.entA.id, w.uniX.id, {
      ...goodForm(),
      amountWan: 45.5,
      problemIds: [other.id],
    });
    expect(await auditShape(t, id)).toEqual(await auditShape(t, viaApi.id));
  });
});

describe('合作协议 page', () => {
  it('shows an overdue registration in red and records the registration as the API does', async () => {
    const signedOn = shanghaiDay(-40);
    const a = await b.agreement(w.entA.id, w.uniX.id, { title: '逾期未登记的技术服务合同', signedOn });
    const viaApi = await b.agreement(w.entA.id, w.uniX.id, { signedOn });
    const page = await w.web.bureau.browser.get(`/bureau/agreements/${a.id}`);
    expect(page.html).toContain('class="overdue"');
    expect(page.html).toMatch(/badge--danger">逾期未登记（逾期 10 天）/);
    const list = await w.web.bureau.browser.get('/bureau/agreements?registration=overdue');
    expect(list.html).toContain('逾期未登记的技术服务合同');
    expect(list.html).toContain('<span class="overdue">');

    const missing = await w.web.bureau.browser.post(`/bureau/agreements/${a.id}/registration`, {
      version: String(a.version),
      registeredOn: shanghaiDay(-1),
    });
    expect(missing.status).toBe(200);
    expect(missing.html).toMatch(/id="f-registrationNo-error"[^>]*>.*?此项必填/s);
    expect(missing.html).toContain(`value="${shanghaiDay(-1)}"`);
    const early = await w.web.bureau.browser.post(`/bureau/agreements/${a.id}/registration`, {
      version: String(a.version),
      registeredOn: shanghaiDay(-41),
      registrationNo: '2026330100001234',
    });
    expect(early.html).toMatch(/id="f-registeredOn-error"[^>]*>.*?登记日期须在签订日期与今天之间/s);

    const ok = await w.web.bureau.browser.post(`/bureau/agreements/${a.id}/registration`, {
      version: String(a.version),
      registeredOn: shanghaiDay(-1),
      registrationNo: '2026330100001234',
    });
    expect(ok.status).toBe(303);
    const afterHtml = (await w.web.bureau.browser.get(`/bureau/agreements/${a.id}`)).html;
    expect(afterHtml).not.toContain('>记录认定登记</button>');
    const after = textOf(afterHtml);
    expect(after).toContain('已认定登记');
    expect(after).toContain('2026330100001234');
    expect(after).toContain('已记录认定登记');
    await b.ok('PATCH', `/api/v1/agreements/${viaApi.id}`, {
      version: viaApi.version,
      registeredOn: shanghaiDay(-1),
      registrationNo: '2026330100009999',
    });
    expect(await auditShape(t, a.id)).toEqual(await auditShape(t, viaApi.id));
  });

  it('offers only the allowed status moves and records them as the API does', async () => {
    const a = await b.agreement(w.entA.id, w.uniX.id, { title: '状态变更测试合同' });
    const viaApi = await b.agreement(w.entA.id, w.uniX.id);
    const page = await w.web.bureau.browser.get(`/bureau/agreements/${a.id}`);
    const select = page.html.match(/<select id="f-status"[\s\S]*?<\/select>/)![0];
    expect(select).toContain('value="in_progress"');
    expect(select).toContain('value="terminated"');
    expect(select).not.toContain('value="completed"');

    const skip = await w.web.bureau.browser.post(`/bureau/agreements/${a.id}/status`, {
      version: String(a.version),
      status: 'completed',
    });
    expect(skip.status).toBe(200);
    expect(skip.html).toMatch(/id="f-status-error"[^>]*>.*?不允许的状态变更/s);
    const noReason = await w.web.bureau.browser.post(`/bureau/agreements/${a.id}/status`, {
      version: String(a.version),
      status: 'terminated',
    });
    expect(noReason.html).toMatch(/id="f-statusNote-error"[^>]*>.*?终止协议须说明原因/s);
    const stale = await w.web.bureau.browser.post(`/bureau/agreements/${a.id}/status`, {
      version: String(a.version + 5),
      status: 'in_progress',
    });
    expect(stale.html).toContain('记录已被他人修改，请刷新页面后重试');

    const moved = await w.web.bureau.browser.post(`/bureau/agreements/${a.id}/status`, {
      version: String(a.version),
      status: 'in_progress',
    });
    expect(moved.status).toBe(303);
    expect(textOf((await w.web.bureau.browser.get(`/bureau/agreements/${a.id}`)).html)).toContain('当前：履行中');
    await b.ok('PATCH', `/api/v1/agreements/${viaApi.id}`, { version: viaApi.version, status: 'in_progress' });
    expect(await auditShape(t, a.id)).toEqual(await auditShape(t, viaApi.id));
  });

  it('edits an agreement through the same schema; a stale version is refused', async () => {
    const a = await b.agreement(w.entA.id, w.uniX.id, { title: '待修改的技术服务合同', amountWan: 20 });
    const form = await w.web.bureau.browser.get(`/bureau/agreements/${a.id}/edit`);
    expect(form.status).toBe(200);
    expect(form.html).toContain('value="待修改的技术服务合同"');
    expect(form.html).toContain(`name="version" value="${a.version}"`);
    const base = {
      title: '已修改的技术服务合同',
      type: 'service',
      enterpriseId: w.entA.id,
      universityId: w.uniX.id,
      signedOn: a.signedOn,
      amountWan: '88',
    };
    const bad = await w.web.bureau.browser.post(`/bureau/agreements/${a.id}`, {
      ...base,
      amountWan: '-1',
      version: '1',
    });
    expect(bad.html).toMatch(/id="f-amountWan-error"[^>]*>.*?金额不能为负/s);
    const saved = await w.web.bureau.browser.post(`/bureau/agreements/${a.id}`, {
      ...base,
      version: String(a.version),
    });
    expect(saved.status).toBe(303);
    const after = (await t.call('GET', `/api/v1/agreements/${a.id}`, {})).body;
    expect([after.title, after.amountWan]).toEqual(['已修改的技术服务合同', 88]);
    const stale = await w.web.bureau.browser.post(`/bureau/agreements/${a.id}`, {
      ...base,
      version: String(a.version),
    });
    expect(stale.status).toBe(200);
    expect(stale.html).toContain('记录已被他人修改，请刷新页面后重试');
  });

  it('lists by university and signing period, in the URL', async () => {
    const old = await b.agreement(w.entB.id, w.uniY.id, { title: '上半年的技术咨询合同', signedOn: shanghaiDay(-200) });
    const byUni = await w.web.bureau.browser.get(`/bureau/agreements?universityId=${w.uniY.id}`);
    expect(byUni.html).toContain(old.title);
    expect(byUni.html).not.toContain('状态变更测试合同');
    expect(byUni.html).toContain(`<option value="${w.uniY.id}" selected="">`);
    const period = await w.web.bureau.browser.get(
      `/bureau/agreements?signedFrom=${shanghaiDay(-210)}&signedTo=${shanghaiDay(-190)}`,
    );
    expect(period.html).toContain(old.title);
    expect(period.html).toContain('共 1 条');
    expect(period.html).toContain(`value="${shanghaiDay(-210)}"`);
    expect(period.html).toContain(`href="/bureau/agreements/${old.id}"`);
  });

  it('is a 404 page for a missing agreement', async () => {
    const res = await w.web.bureau.browser.get('/bureau/agreements/00000000-0000-4000-8000-000000000000');
    expect(res.status).toBe(404);
  });
});
