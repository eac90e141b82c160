/**
 * 共建研发中心 in the workbench: the form (prefilled from an agreement, the API's rules and Chinese
 * messages beside the fields), status changes limited to the module's moves, level upgrades with
 * 文号 and date shown as the centre's history, editing — each write leaving the API's audit rows.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { auditShape, expectCspClean, textOf, workbenchCast } from '../support/bureau.js';
import { brokering } from '../support/fixtures.js';

let t: TestApp;
let w: Awaited<ReturnType<typeof workbenchCast>>;
let b: ReturnType<typeof brokering>;
let agreement: { id: string; title: string };
let lab: { id: string; name: string };

const shanghaiDay = (offsetDays = 0) =>
  new Date(Date.now() + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
const idFrom = (location: string | null) => location!.split('/').pop()!.split('#')[0]!;

beforeAll(async () => {
  t = await testApp();
  w = await workbenchCast(t);
  b = brokering(t);
  lab = await w.f.lab(w.uniX.id, { name: '机器视觉检测实验室' });
  agreement = await b.agreement(w.entA.id, w.uniX.id, { title: '视觉检测技术服务合同', labId: lab.id });
});
afterAll(() => t.close());

const goodForm = () => ({
  name: '智能视觉检测联合研发中心',
  kind: 'engineering_centre',
  enterpriseId: w.entA.id,
  universityId: w.uniX.id,
  labId: lab.id,
  agreementId: agreement.id,
  level: 'district',
  plannedOn: shanghaiDay(-30),
  summary: '面向注塑件的在线视觉检测。',
});

describe('共建研发中心 form', () => {
  it('opens prefilled from an agreement (its parties, lab and the agreement)', async () => {
    const res = await w.web.bureau.browser.get(`/bureau/centres/new?agreementId=${agreement.id}`);
    expect(res.status).toBe(200);
    expectCspClean(res.html);
    for (const id of [w.entA.id, w.uniX.id, lab.id, agreement.id])
      expect(res.html).toContain(`<option value="${id}" selected="">`);
    const part = await w.web.bureau.browser.get(
      `/bureau/centres/parties?enterpriseId=${w.entA.id}&universityId=${w.uniY.id}`,
    );
    expect(part.html).toContain('双方之间还没有合作协议。');
  });

  it('refuses bad input with Chinese messages beside the fields', async () => {
    const empty = await w.web.bureau.browser.post('/bureau/centres', {});
    expect(empty.status).toBe(200);
    expect(empty.html).toContain('<title>错误：登记共建研发中心');
    for (const field of ['name', 'kind', 'enterpriseId', 'universityId', 'level'])
      expect(empty.html, field).toMatch(new RegExp(`id="f-${field}-error"[^>]*>.*?此项必填`, 's'));
    const foreign = await w.web.bureau.browser.post('/bureau/centres', { ...goodForm(), enterpriseId: w.entB.id });
    expect(foreign.html).toMatch(/id="f-agreementId-error"[^>]*>.*?合作协议不存在或双方与本中心不一致/s);
    expect(foreign.html).toContain('value="智能视觉检测联合研发中心"');
    expect((await t.call('GET', '/api/v1/centres', {})).body.total).toBe(0);
  });
});

describe('共建研发中心 page', () => {
  let id: string;
  let viaApi: { id: string; version: number };

  it('records a centre as the API does', async () => {
    const res = await w.web.bureau.browser.post('/bureau/centres', goodForm());
    expect(res.status).toBe(303);
    id = idFrom(res.location);
    const page = await w.web.bureau.browser.get(res.location!);
    expectCspClean(page.html);
    const text = textOf(page.html);
    expect(text).toContain('已登记共建研发中心');
    expect(text).toContain('工程技术研究中心');
    expect(text).toContain('区级（建设/申报）');
    expect(page.html).toContain(`href="/bureau/agreements/${agreement.id}"`);
    expect(page.html).toContain('认定（状态改为“已认定”）后，才能记录更高级别的认定');
    viaApi = await b.centre(w.entA.id, w.uniX.id, { ...goodForm(), name: '经 API 登记的中心' });
    expect(await auditShape(t, id)).toEqual(await auditShape(t, viaApi.id));
    const agreementPage = await w.web.bureau.browser.get(`/bureau/agreements/${agreement.id}`);
    expect(agreementPage.html).toContain(`href="/bureau/centres/${id}"`);
  });

  it('changes the status within the allowed moves, with the date', async () => {
    const before = (await t.call('GET', `/api/v1/centres/${id}`, {})).body;
    const premature = await w.web.bureau.browser.post(`/bureau/centres/${id}/level`, {
      version: String(before.version),
      level: 'city',
      effectiveOn: shanghaiDay(-1),
    });
    expect(premature.status).toBe(200);
    expect(premature.html).toMatch(/id="f-level-error"[^>]*>.*?尚未认定/s);
    const noReason = await w.web.bureau.browser.post(`/bureau/centres/${id}/status`, {
      version: String(before.version),
      status: 'revoked',
    });
    expect(noReason.html).toMatch(/id="f-statusNote-error"[^>]*>.*?撤销须说明原因/s);
    const future = await w.web.bureau.browser.post(`/bureau/centres/${id}/status`, {
      version: String(before.version),
      status: 'recognized',
      statusOn: shanghaiDay(3),
    });
    expect(future.html).toMatch(/id="f-statusOn-error"[^>]*>.*?状态变更日期不能晚于今天/s);

    const ok = await w.web.bureau.browser.post(`/bureau/centres/${id}/status`, {
      version: String(before.version),
      status: 'recognized',
      statusOn: shanghaiDay(-10),
    });
    expect(ok.status).toBe(303);
    const page = await w.web.bureau.browser.get(`/bureau/centres/${id}`);
    const statuses = page.html.match(/<section aria-labelledby="statuses">[\s\S]*?<\/section>/)![0];
    expect(textOf(statuses)).toContain(`${shanghaiDay(-10)} 筹建 → 已认定`);
    const select = page.html.match(/<select id="f-status"[\s\S]*?<\/select>/)![0];
    expect(select).toContain('value="revoked"');
    expect(select).not.toContain('value="building"');
    await b.ok('PATCH', `/api/v1/centres/${viaApi.id}`, {
      version: viaApi.version,
      status: 'recognized',
      statusOn: shanghaiDay(-10),
    });
    expect(await auditShape(t, id)).toEqual(await auditShape(t, viaApi.id));
  });

  it('upgrades the level with 文号 and date, shown as history; only to a higher level', async () => {
    const before = (await t.call('GET', `/api/v1/centres/${id}`, {})).body;
    const page = await w.web.bureau.browser.get(`/bureau/centres/${id}`);
    const select = page.html.match(/<select id="f-level"[\s\S]*?<\/select>/)![0];
    expect(select).not.toContain('value="district"');
    expect(select).toContain('value="national"');
    const same = await w.web.bureau.browser.post(`/bureau/centres/${id}/level`, {
      version: String(before.version),
      level: 'district',
      effectiveOn: shanghaiDay(-1),
    });
    expect(same.html).toMatch(/id="f-level-error"[^>]*>.*?须高于当前级别/s);
    const noDate = await w.web.bureau.browser.post(`/bureau/centres/${id}/level`, {
      version: String(before.version),
      level: 'city',
      documentNo: '市科技〔2026〕88号',
    });
    expect(noDate.html).toMatch(/id="f-effectiveOn-error"[^>]*>.*?此项必填/s);
    expect(noDate.html).toContain('value="市科技〔2026〕88号"');

    const ok = await w.web.bureau.browser.post(`/bureau/centres/${id}/level`, {
      version: String(before.version),
      level: 'city',
      effectiveOn: shanghaiDay(-1),
      documentNo: '市科技〔2026〕88号',
      note: '市级工程技术研究中心认定',
    });
    expect(ok.status).toBe(303);
    const after = await w.web.bureau.browser.get(`/bureau/centres/${id}`);
    const levels = textOf(after.html.match(/<section aria-labelledby="levels">[\s\S]*?<\/section>/)![0]);
    expect(levels).toContain('区级（建设/申报）');
    expect(levels).toContain(`${shanghaiDay(-1)} 区级 → 市级 市科技〔2026〕88号 市级工程技术研究中心认定`);
    expect(levels.indexOf('区级（建设/申报）')).toBeLessThan(levels.indexOf('区级 → 市级'));
    const api = (await t.call('GET', `/api/v1/centres/${id}`, {})).body;
    expect([api.level, api.recognizedOn]).toEqual(['city', shanghaiDay(-1)]);
    const apiAfter = (await t.call('GET', `/api/v1/centres/${viaApi.id}`, {})).body;
    await b.ok('POST', `/api/v1/centres/${viaApi.id}/level`, {
      version: apiAfter.version,
      level: 'city',
      effectiveOn: shanghaiDay(-1),
      documentNo: '市科技〔2026〕89号',
    });
    expect(await auditShape(t, id)).toEqual(await auditShape(t, viaApi.id));

    const list = await w.web.bureau.browser.get('/bureau/centres?level=city&status=recognized');
    expect(list.html).toContain(`href="/bureau/centres/${id}"`);
    expect(list.html).toContain('共 2 条');
    expect((await w.web.bureau.browser.get('/bureau/centres?level=district')).html).toContain(
      '没有符合条件的共建研发中心',
    );
  });

  it('edits the centre; parties and level stay', async () => {
    const x = (await t.call('GET', `/api/v1/centres/${id}`, {})).body;
    const form = await w.web.bureau.browser.get(`/bureau/centres/${id}/edit`);
    expect(form.status).toBe(200);
    expect(textOf(form.html)).toContain('市级（升级在中心页面记录）');
    const bad = await w.web.bureau.browser.post(`/bureau/centres/${id}`, {
      version: String(x.version),
      name: '',
      kind: 'key_lab',
    });
    expect(bad.html).toMatch(/id="f-name-error"[^>]*>.*?此项必填/s);
    const ok = await w.web.bureau.browser.post(`/bureau/centres/${id}`, {
      version: String(x.version),
      name: '智能视觉检测重点实验室',
      kind: 'key_lab',
      labId: lab.id,
      agreementId: agreement.id,
    });
    expect(ok.status).toBe(303);
    const after = (await t.call('GET', `/api/v1/centres/${id}`, {})).body;
    expect([after.name, after.kind, after.level, after.enterpriseId]).toEqual([
      '智能视觉检测重点实验室',
      'key_lab',
      'city',
      w.entA.id,
    ]);
  });
});
