/**
 * 合作协议 and 共建研发中心 pages: only the bureau; the records with counts, filters and sort links
 * in the URL, the registration deadline shown, empty states.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';
import { signedIn, type WebUser } from '../support/web.js';

let t: TestApp;
let bureau: WebUser;
let ent: { id: string; name: string };
let uni: { id: string; name: string };
const today = () => new Date().toISOString().slice(0, 10);

beforeAll(async () => {
  t = await testApp();
  const f = fixtures(t);
  [ent, uni] = await Promise.all([f.enterprise(), f.university()]);
  const body = { title: '视觉检测委托开发合同', type: 'development', developmentMode: 'commissioned', amountWan: 45.5 };
  const a = await t.call('POST', '/api/v1/agreements', {
    body: { ...body, enterpriseId: ent.id, universityId: uni.id, signedOn: today() },
  });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  const centre = {
    name: '智能视觉联合研发中心',
    kind: 'engineering_centre',
    level: 'district',
    agreementId: a.body.id,
  };
  const r = await t.call('POST', '/api/v1/centres', {
    body: { ...centre, enterpriseId: ent.id, universityId: uni.id },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  bureau = await signedIn(t, 'bureau');
});
afterAll(() => t.close());

describe('合作协议 and 共建研发中心', () => {
  it('are refused to other roles', async () => {
    const uniUser = await signedIn(t, 'university', { universityId: uni.id });
    expect((await uniUser.browser.get('/bureau/agreements')).status).toBe(403);
    expect((await uniUser.browser.get('/bureau/centres')).status).toBe(403);
  });

  it('lists agreements with the registration deadline, filters and sort links', async () => {
    const res = await bureau.browser.get('/bureau/agreements');
    expect(res.status).toBe(200);
    expect(res.html).toContain('视觉检测委托开发合同');
    expect(res.html).toContain(ent.name);
    expect(res.html).toContain('待登记（剩 ');
    expect(res.html).toContain('共 1 条');
    expect(res.html).toContain('href="/bureau/agreements?sort=signedOn"');
    expect(res.html).toContain('aria-sort="descending"');
    const none = await bureau.browser.get('/bureau/agreements?status=terminated');
    expect(none.html).toContain('共 0 条');
    expect(none.html).toContain('没有符合条件的合作协议');
    expect(none.html).toContain('<option value="terminated" selected="">');
  });

  it('lists centres with kind, level and status filters', async () => {
    const res = await bureau.browser.get('/bureau/centres');
    expect(res.status).toBe(200);
    expect(res.html).toContain('智能视觉联合研发中心');
    expect(res.html).toContain('工程技术研究中心');
    expect(res.html).toContain('视觉检测委托开发合同');
    expect(res.html).toContain('共 1 条');
    const none = await bureau.browser.get('/bureau/centres?level=national');
    expect(none.html).toContain('没有符合条件的共建研发中心');
  });
});
