/**
 * 草稿 on the enterprise's pages: 发布难题 saves a draft (保存草稿) or submits (提交审核); 我的难题
 * lists the draft as 草稿 with the next step "草稿：完善后提交审核"; the detail page submits or deletes
 * it; the edit form saves it again or submits it. Nobody else — the bureau's pages included — sees it,
 * and its posts need the CSRF token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';
import { signedIn, type WebUser } from '../support/web.js';

let t: TestApp;
let entUser: WebUser;
let otherUser: WebUser;
let uniUser: WebUser;
let bureauUser: WebUser;

const idFrom = (location: string | null) => /\/enterprise\/problems\/([0-9a-f-]{36})/.exec(location ?? '')?.[1];
const versionIn = (html: string) => /name="version" value="(\d+)"/.exec(html)![1]!;

beforeAll(async () => {
  t = await testApp();
  const f = fixtures(t);
  const [ent, other, uni] = await Promise.all([f.enterprise(), f.enterprise(), f.university()]);
  [entUser, otherUser, uniUser, bureauUser] = await Promise.all([
    signedIn(t, 'enterprise', { enterpriseId: ent.id }),
    signedIn(t, 'enterprise', { enterpriseId: other.id }),
    signedIn(t, 'university', { universityId: uni.id }),
    signedIn(t, 'bureau'),
  ]);
});
afterAll(() => t.close());

const GOOD = {
  title: '草稿：注塑件表面缺陷自动检测',
  description:
    '现有人工目检漏检率约 3%，产线有 12 台注塑机。希望用机器视觉把漏检率降到 0.5% 以下，节拍不低于每分钟 60 件，预算 50 万元。',
  domains: ['advanced_manufacturing'],
  keywords: '机器视觉、缺陷检测',
  budgetWan: '50',
  visibility: 'public',
};

describe('saving and submitting a draft on the pages', () => {
  let id: string;

  it('the form offers 提交审核 first and 保存草稿 beside it', async () => {
    const page = await entUser.browser.get('/enterprise/problems/new');
    const submit = page.html.indexOf('value="submit"');
    const draft = page.html.indexOf('value="draft"');
    expect(submit).toBeGreaterThan(0);
    expect(draft).toBeGreaterThan(submit);
    expect(page.html).toContain('保存草稿');
  });

  it('保存草稿 validates like 提交审核, keeping the input', async () => {
    const res = await entUser.browser.post('/enterprise/problems/new', { ...GOOD, title: '短', intent: 'draft' });
    expect(res.status).toBe(200);
    expect(res.html).toContain('错误：');
    expect(res.html).toContain(GOOD.description);
  });

  it('保存草稿 keeps it as 草稿, with the next step, visible to its enterprise only', async () => {
    const saved = await entUser.browser.post('/enterprise/problems/new', { ...GOOD, intent: 'draft' });
    expect(saved.status, saved.html.slice(0, 2000)).toBe(303);
    id = idFrom(saved.location)!;
    const detail = await entUser.browser.get(`/enterprise/problems/${id}`);
    expect(detail.html).toContain('已保存为草稿');
    expect(detail.html).toContain('草稿：完善后提交审核');
    expect(detail.html).toContain(`action="/enterprise/problems/${id}/submit"`);
    // Not yet published nor collecting: no 征集中 badge, no 发布时间.
    expect(/<p class="badges">[\s\S]*?<\/p>/.exec(detail.html)?.[0]).not.toContain('征集中');
    expect(detail.html).not.toContain('发布时间');
    expect(detail.html).toContain('创建时间');
    const list = await entUser.browser.get('/enterprise/problems');
    const row = /<tr[^>]*>(?:(?!<\/tr>)[\s\S])*草稿：注塑件表面缺陷自动检测[\s\S]*?<\/tr>/.exec(list.html)?.[0] ?? '';
    expect(row).toContain('>草稿<');
    expect(row).not.toContain('征集中');
    expect(list.html).toContain(GOOD.title);
    expect(list.html).toContain('>草稿<');
    expect(list.html).toContain('草稿：完善后提交审核');
    const drafts = await entUser.browser.get('/enterprise/problems?reviewStatus=draft');
    expect(drafts.html).toContain(GOOD.title);
    const pending = await entUser.browser.get('/enterprise/problems?reviewStatus=pending_review');
    expect(pending.html).not.toContain(GOOD.title);

    expect((await otherUser.browser.get(`/enterprise/problems/${id}`)).status).toBe(404);
    expect((await uniUser.browser.get(`/university/needs/${id}`)).status).toBe(404);
    expect((await bureauUser.browser.get(`/bureau/problems/${id}`)).status).toBe(404);
    const queue = await bureauUser.browser.get('/bureau/review');
    expect(queue.status).toBe(200);
    expect(queue.html).not.toContain(GOOD.title);
  });

  it('a past 期望完成日期 is refused beside that field, in its own words', async () => {
    const res = await entUser.browser.post('/enterprise/problems/new', { ...GOOD, deadline: '2020-01-01' });
    expect(res.status).toBe(200);
    expect(res.html).toMatch(/id="f-deadline-error"[^>]*>[\s\S]*?期望完成日期不能早于今天/);
  });

  it('a past 期望完成日期 is reported together with the other errors, not after they are fixed', async () => {
    const res = await entUser.browser.post('/enterprise/problems/new', {
      ...GOOD,
      budgetWan: '-5',
      deadline: '2020-01-01',
    });
    expect(res.html).toContain('id="f-budgetWan-error"');
    expect(res.html).toMatch(/id="f-deadline-error"[^>]*>[\s\S]*?期望完成日期不能早于今天/);
  });

  it('the edit form saves the draft again or submits it', async () => {
    const edit = await entUser.browser.get(`/enterprise/problems/${id}/edit`);
    expect(edit.html).toContain('保存并提交审核');
    expect(edit.html).toContain('保存草稿');
    const again = await entUser.browser.post(`/enterprise/problems/${id}/edit`, {
      ...GOOD,
      budgetWan: '60',
      version: versionIn(edit.html),
      intent: 'draft',
    });
    expect(again.status, again.html.slice(0, 2000)).toBe(303);
    const detail = await entUser.browser.get(`/enterprise/problems/${id}`);
    expect(detail.html).toContain('草稿已保存');
    expect(detail.html).toContain('60 万元');
    expect(detail.html).toContain('草稿：完善后提交审核');
  });

  it('提交审核 needs the CSRF token and a fresh version; then it waits for review and the bureau sees it', async () => {
    const detail = await entUser.browser.get(`/enterprise/problems/${id}`);
    const version = versionIn(detail.html);
    expect((await entUser.browser.post(`/enterprise/problems/${id}/submit`, { version }, { csrf: false })).status).toBe(
      403,
    );
    const stale = await entUser.browser.post(`/enterprise/problems/${id}/submit`, { version: '1' });
    expect(stale.status).toBe(409); // the Chinese conflict page, as for every stale form
    expect(stale.html).toContain('内容已被修改');
    expect((await entUser.browser.get(`/enterprise/problems/${id}`)).html).toContain('草稿：完善后提交审核');
    expect((await otherUser.browser.post(`/enterprise/problems/${id}/submit`, { version })).status).toBe(404);
    const submitted = await entUser.browser.post(`/enterprise/problems/${id}/submit`, { version });
    expect(submitted.status).toBe(303);
    const after = await entUser.browser.get(`/enterprise/problems/${id}`);
    expect(after.html).toContain('已提交区科技局审核');
    expect(after.html).toContain('等待区科技局审核');
    expect(after.html).not.toContain(`/enterprise/problems/${id}/submit`);
    expect((await bureauUser.browser.get('/bureau/review')).html).toContain(GOOD.title);
    expect((await bureauUser.browser.get(`/bureau/problems/${id}`)).status).toBe(200);
    const twice = await entUser.browser.post(`/enterprise/problems/${id}/submit`, {});
    expect(twice.status).toBe(303);
    expect((await entUser.browser.get(`/enterprise/problems/${id}`)).html).toContain('未能提交');
  });

  it('a draft submitted from the edit form goes to review; only drafts can be deleted', async () => {
    const saved = await entUser.browser.post('/enterprise/problems/new', {
      ...GOOD,
      title: '第二个草稿难题',
      intent: 'draft',
    });
    const second = idFrom(saved.location)!;
    const edit = await entUser.browser.get(`/enterprise/problems/${second}/edit`);
    const sent = await entUser.browser.post(`/enterprise/problems/${second}/edit`, {
      ...GOOD,
      title: '第二个草稿难题',
      version: versionIn(edit.html),
      intent: 'submit',
    });
    expect(sent.status).toBe(303);
    expect((await entUser.browser.get(`/enterprise/problems/${second}`)).html).toContain('等待区科技局审核');
    expect((await entUser.browser.post(`/enterprise/problems/${second}/delete`, {})).status).toBe(409);

    const third = idFrom(
      (await entUser.browser.post('/enterprise/problems/new', { ...GOOD, title: '要删除的草稿难题', intent: 'draft' }))
        .location,
    )!;
    const page = await entUser.browser.get(`/enterprise/problems/${third}`);
    expect((await otherUser.browser.post(`/enterprise/problems/${third}/delete`, {})).status).toBe(404);
    const deleted = await entUser.browser.post(`/enterprise/problems/${third}/delete`, {
      version: versionIn(page.html),
    });
    expect(deleted.status).toBe(303);
    expect(deleted.location).toBe('/enterprise/problems');
    const list = await entUser.browser.get('/enterprise/problems');
    expect(list.html).toContain('已删除');
    expect((await entUser.browser.get(`/enterprise/problems/${third}`)).status).toBe(404);
  });
});
