/**
 * The enterprise and university liaison pages through the real app: each renders for its role,
 * access is the API's (another enterprise's problem is a 404; a university page never shows the
 * enterprise's name or contact before an introduction), forms validate with the API's schemas and
 * show Chinese errors beside fields, posts without the CSRF token are refused, and the journey
 * post → revise → resubmit → interest → introduce → both accept reveals each side's contact.
 */
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asset } from '../../src/web/assets.js';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, fixtures } from '../support/fixtures.js';
import { signedIn, type WebUser } from '../support/web.js';

let t: TestApp;
let ent: { id: string; name: string };
let other: { id: string; name: string };
let uni: { id: string; name: string };
let entUser: WebUser;
let otherUser: WebUser;
let uniUser: WebUser;
let lab: { id: string; name: string };

const ENT_PHONE = '13877776666';
const LAB_PHONE = '13955554444';

/** The problem id in a redirect to its detail page. */
const idFrom = (location: string | null) => /\/enterprise\/problems\/([0-9a-f-]{36})/.exec(location ?? '')?.[1];

beforeAll(async () => {
  t = await testApp();
  const f = fixtures(t);
  [ent, other, uni] = await Promise.all([
    f.enterprise({ name: '杭州青禾精密机械有限公司', contactPhone: ENT_PHONE }),
    f.enterprise(),
    f.university(),
  ]);
  lab = await f.lab(uni.id, { name: '视觉检测实验室', contactPhone: LAB_PHONE });
  [entUser, otherUser, uniUser] = await Promise.all([
    signedIn(t, 'enterprise', { enterpriseId: ent.id }),
    signedIn(t, 'enterprise', { enterpriseId: other.id }),
    signedIn(t, 'university', { universityId: uni.id }),
  ]);
});
afterAll(() => t.close());

const GOOD = {
  title: '注塑件表面缺陷自动检测',
  description:
    '现有人工目检漏检率约 3%，产线有 12 台注塑机，每班两名质检员。希望用机器视觉把漏检率降到 0.5% 以下，节拍不低于每分钟 60 件，误报率低于 1%，预算 50 万元，一年内完成。',
  domains: ['advanced_manufacturing'],
  keywords: '机器视觉、缺陷检测',
  budgetWan: '50',
  visibility: 'public',
};

describe('enterprise pages', () => {
  it('every page renders with its empty states', async () => {
    for (const path of ['/enterprise/problems', '/enterprise/problems/new', '/enterprise/profile']) {
      const res = await entUser.browser.get(path);
      expect(res.status, path).toBe(200);
      expect(res.html).not.toMatch(/\sstyle="|<style|hx-on/);
    }
    expect((await entUser.browser.get('/enterprise/problems')).html).toContain('您还没有发布技术难题');
    expect((await entUser.browser.get('/enterprise/profile')).html).toContain(ent.name);
  });

  it('a university user gets 403 on enterprise pages, a visitor is sent to sign in', async () => {
    expect((await uniUser.browser.get('/enterprise/problems')).status).toBe(403);
  });

  it('the problem form shows Chinese errors beside fields with the input kept', async () => {
    const res = await entUser.browser.post('/enterprise/problems/new', {
      title: '短',
      description: '',
      keywords: '视觉',
      budgetWan: 'abc',
      visibility: 'public',
    });
    expect(res.status).toBe(200);
    expect(res.html).toContain('<title>错误：发布难题');
    expect(res.html).toContain('class="error-summary"');
    expect(res.html).toMatch(/id="f-description-error"[^>]*>.*此项必填/s);
    expect(res.html).toMatch(/id="f-title-error"/);
    expect(res.html).toMatch(/id="f-budgetWan-error"[^>]*>.*预算须为数字|请输入数字/s);
    expect(res.html).toContain('value="短"');
  });

  it('live hints answer the form as typed', async () => {
    const res = await entUser.browser.post('/enterprise/problems/hints', {
      title: '检测',
      description: '希望提高检测效率',
      visibility: 'public',
    });
    expect(res.status).toBe(200);
    expect(res.html).not.toContain('<html');
    expect(res.html).toContain('data-hint="too_short"');
    const good = await entUser.browser.post('/enterprise/problems/hints', { ...GOOD, deadline: '2030-01-01' });
    expect(good.html).not.toContain('data-hint="too_short"');
  });

  it('live hints name a domain code they do not know as it was sent, never an Object property', async () => {
    for (const code of ['__proto__', 'constructor', 'toString']) {
      const res = await entUser.browser.post('/enterprise/problems/hints', {
        ...GOOD,
        description: '注塑件表面缺陷检测，目前人工目检漏检率约 3%，希望用机器视觉降到 0.5% 以下。',
        domains: code,
      });
      expect(res.status).toBe(200);
      expect(res.html, code).toContain(`所选技术领域（${code}）`);
      expect(res.html).not.toMatch(/\[object Object\]|native code/);
    }
  });

  it('posts without the CSRF token are refused', async () => {
    const res = await entUser.browser.post('/enterprise/problems/new', GOOD, { csrf: false });
    expect(res.status).toBe(403);
    const hints = await entUser.browser.post('/enterprise/problems/hints', GOOD, { csrf: false });
    expect(hints.status).toBe(403);
  });

  it('the profile checks the credit code', async () => {
    const page = await entUser.browser.get('/enterprise/profile');
    const version = /name="version" value="(\d+)"/.exec(page.html)![1]!;
    const res = await entUser.browser.post('/enterprise/profile', {
      version,
      name: ent.name,
      creditCode: '91330110ABCDEFGHJ0',
      contactPhone: ENT_PHONE,
    });
    expect(res.status).toBe(200);
    expect(res.html).toMatch(/id="f-creditCode-error"/);
    const saved = await entUser.browser.post('/enterprise/profile', {
      version,
      name: ent.name,
      contactName: '李工',
      contactPhone: ENT_PHONE,
    });
    expect(saved.status).toBe(303);
    expect((await entUser.browser.get('/enterprise/profile')).html).toContain('李工');
  });
});

describe('the journey through both sides', () => {
  let problemId: string;

  it('an enterprise posts, is asked to revise, sees the comment and resubmits', async () => {
    const posted = await entUser.browser.post('/enterprise/problems/new', GOOD);
    expect(posted.status, posted.html.slice(0, 3000)).toBe(303);
    problemId = idFrom(posted.location)!;
    const list = await entUser.browser.get('/enterprise/problems');
    expect(list.html).toContain(GOOD.title);
    expect(list.html).toContain('待审核');
    expect(list.html).toContain('共 1 条');

    const revise = await t.call('POST', `/api/v1/problems/${problemId}/review`, {
      body: { decision: 'request_revision', comment: '请补充现有检测节拍' },
    });
    expect(revise.status).toBe(200);
    expect((await entUser.browser.get('/enterprise/problems')).html).toContain('待整改：请补充现有检测节拍');
    const edit = await entUser.browser.get(`/enterprise/problems/${problemId}/edit`);
    expect(edit.html).toContain('请补充现有检测节拍');
    expect(edit.html).toContain('保存并重新提交');
    const version = /name="version" value="(\d+)"/.exec(edit.html)![1]!;
    const saved = await entUser.browser.post(`/enterprise/problems/${problemId}/edit`, {
      ...GOOD,
      version,
      description: `${GOOD.description}现有节拍每分钟 40 件。`,
    });
    expect(saved.status, saved.html.slice(0, 3000)).toBe(303);
    const detail = await entUser.browser.get(`/enterprise/problems/${problemId}`);
    expect(detail.html).toContain('等待区科技局审核');
  });

  it('another enterprise gets 404 for the problem; the university does not see it before approval', async () => {
    expect((await otherUser.browser.get(`/enterprise/problems/${problemId}`)).status).toBe(404);
    expect((await otherUser.browser.get(`/enterprise/problems/${problemId}/edit`)).status).toBe(404);
    expect((await uniUser.browser.get(`/university/needs/${problemId}`)).status).toBe(404);
  });

  it('after approval a liaison finds it by a synonym, without the enterprise’s name or contact', async () => {
    await brokering(t).approve(problemId);
    await t.deps.search.indexer.drain();
    // “视觉检测” is a synonym of 机器视觉 in search/synonyms.json.
    const hall = await uniUser.browser.get('/university/needs?q=视觉检测');
    expect(hall.status).toBe(200);
    expect(hall.html).toContain(`/university/needs/${problemId}`);
    expect(hall.html).toContain('某企业');
    expect(hall.html).toMatch(/共找到 <strong>1<\/strong> 条需求/);
    const fragment = await uniUser.browser.get('/university/needs?q=视觉检测', { 'hx-request': 'true' });
    expect(fragment.html).not.toContain('<html');
    expect(fragment.html).toContain(`/university/needs/${problemId}`);
    // The facet counts travel with the swapped results, as out-of-band swaps of the spans beside the filters.
    const oob = (html: string) =>
      /<span id="facet-domains-advanced_manufacturing" class="muted" hx-swap-oob="true">([^<]*)<\/span>/.exec(
        html,
      )?.[1];
    expect(hall.html).toContain('<span id="facet-domains-advanced_manufacturing" class="muted">（1）</span>');
    expect(oob(hall.html)).toBeUndefined();
    expect(oob(fragment.html)).toBe('（1）');
    const none = await uniUser.browser.get('/university/needs?q=量子隧穿显微镜', { 'hx-request': 'true' });
    expect(none.html).toContain('没有找到符合条件的需求');
    expect(oob(none.html)).not.toBe('（1）');
    expect(oob(none.html)).toBeDefined();
    const filtered = await uniUser.browser.get('/university/needs?domains=biomed');
    expect(filtered.html).toContain('没有找到符合条件的需求');
    const detail = await uniUser.browser.get(`/university/needs/${problemId}`);
    for (const page of [hall, detail]) {
      expect(page.html).not.toContain(ent.name);
      expect(page.html).not.toContain(ENT_PHONE);
    }
    expect(detail.html).toContain('某企业');
    expect(detail.html).not.toContain('请补充现有检测节拍'); // review comments are the enterprise's and the bureau's
  });

  it('the liaison expresses interest for a lab; the note is required', async () => {
    const bad = await uniUser.browser.post(`/university/needs/${problemId}/interest`, { labId: lab.id, note: '' });
    expect(bad.status).toBe(200);
    expect(bad.html).toMatch(/id="f-note-error"[^>]*>.*此项必填/s);
    const ok = await uniUser.browser.post(`/university/needs/${problemId}/interest`, {
      labId: lab.id,
      note: '团队有注塑件视觉检测经验',
    });
    expect(ok.status, ok.html.slice(0, 3000)).toBe(303);
    const detail = await uniUser.browser.get(`/university/needs/${problemId}`);
    expect(detail.html).toContain('我校的合作意向（1）');
    const entDetail = await entUser.browser.get(`/enterprise/problems/${problemId}`);
    expect(entDetail.html).toContain('团队有注塑件视觉检测经验');
    expect(entDetail.html).not.toContain(LAB_PHONE);
  });

  it('after the bureau introduces, both accept and each sees the other’s contact', async () => {
    const intro = await brokering(t).introduced(problemId, lab.id);
    const entDetail = await entUser.browser.get(`/enterprise/problems/${problemId}`);
    expect(entDetail.html).toContain(LAB_PHONE);
    expect((await entUser.browser.get('/enterprise/problems')).html).toContain('已引荐 1 个实验室，等待您确认');
    const accepted = await entUser.browser.post(`/enterprise/problems/${problemId}/introductions/${intro.id}/accept`, {
      version: String(intro.version),
    });
    expect(accepted.status, accepted.html.slice(0, 3000)).toBe(303);

    const list = await uniUser.browser.get('/university/introductions');
    expect(list.html).toContain(ent.name);
    expect(list.html).toContain(ENT_PHONE);
    const noReason = await uniUser.browser.post(`/university/introductions/${intro.id}/decline`, {
      reason: '',
      version: '1',
    });
    expect(noReason.html).toContain(`id="f-reason-${intro.id}-error"`);
    const page = await uniUser.browser.get('/university/introductions');
    const version = new RegExp(`intro-${intro.id}[\\s\\S]*?name="version" value="(\\d+)"`).exec(page.html)![1]!;
    const ok = await uniUser.browser.post(`/university/introductions/${intro.id}/accept`, { version });
    expect(ok.status, ok.html.slice(0, 3000)).toBe(303);
    expect((await uniUser.browser.get('/university/introductions')).html).toContain('贵校已同意对接');
    expect((await uniUser.browser.get(`/university/needs/${problemId}`)).html).toContain(ent.name);
  });
});

describe('university pages', () => {
  it('every page renders; lab forms validate and a lab shows completeness and matches', async () => {
    for (const path of [
      '/university/needs',
      '/university/labs',
      '/university/labs/new',
      '/university/introductions',
      `/university/labs/${lab.id}`,
    ]) {
      const res = await uniUser.browser.get(path);
      expect(res.status, path).toBe(200);
      expect(res.html).not.toMatch(/\sstyle="|<style|hx-on/);
    }
    expect((await entUser.browser.get('/university/needs')).status).toBe(403);
    const bad = await uniUser.browser.post('/university/labs/new', { name: '', summary: '短', keywords: '' });
    expect(bad.html).toContain('<title>错误：添加实验室');
    expect(bad.html).toMatch(/id="f-name-error"/);
    const created = await uniUser.browser.post('/university/labs/new', {
      name: '新材料实验室',
      domains: 'new_materials',
      keywords: '涂层、复合材料',
      summary: '研究耐磨涂层与复合材料。',
    });
    expect(created.status, created.html.slice(0, 3000)).toBe(303);
    const detail = await uniUser.browser.get(created.location!);
    expect(detail.html).toContain('完整度');
    expect(detail.html).toContain('至少填写 3 个关键词');
    expect((await uniUser.browser.get(`/university/labs/${lab.id}`)).html).toContain('与本实验室匹配的难题');
  });

  it('another university’s lab is a 404', async () => {
    const f = fixtures(t);
    const otherUni = await f.university();
    const otherLab = await f.lab(otherUni.id);
    expect((await uniUser.browser.get(`/university/labs/${otherLab.id}`)).status).toBe(404);
  });
});

describe('compression', () => {
  it('pages and assets travel gzip-compressed with their length when the browser asks', async () => {
    const res = await t.app.request('/university/needs', {
      headers: {
        'accept-encoding': 'gzip, br',
        cookie: [...uniUser.browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const body = new Uint8Array(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(body.byteLength);
    expect(gunzipSync(body).toString('utf8')).toContain('需求大厅');
    for (let i = 0; i < 2; i++) {
      const js = await t.app.request(asset('htmx.js'), { headers: { 'accept-encoding': 'gzip' } });
      expect(js.headers.get('content-encoding')).toBe('gzip');
      expect(gunzipSync(new Uint8Array(await js.arrayBuffer())).toString('utf8')).toContain('htmx');
    }
    const plain = await t.app.request(asset('app.css'));
    expect(plain.headers.get('content-encoding')).toBeNull();
    const api = await t.app.request('/api/v1/taxonomy', { headers: { 'accept-encoding': 'gzip' } });
    expect(api.headers.get('content-encoding')).toBeNull();
  });
});
