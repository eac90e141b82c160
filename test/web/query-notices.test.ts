/**
 * A hand-edited list URL with a bad parameter still shows the list, and the notice about what was
 * ignored is written for people: the parameter's Chinese name and the value, never the API's type
 * talk (“期望 number >=0”), sort keys (postedAt) or codes (electronic_info).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { testApp, type TestApp } from '../support/app.js';
import { textOf } from '../support/bureau.js';
import { fixtures } from '../support/fixtures.js';
import { signedIn, type WebUser } from '../support/web.js';

let t: TestApp;
let uni: WebUser;
let bureau: WebUser;

beforeAll(async () => {
  t = await testApp();
  const u = await fixtures(t).university();
  [uni, bureau] = await Promise.all([signedIn(t, 'university', { universityId: u.id }), signedIn(t, 'bureau')]);
});
afterAll(() => t.close());

/** The text of the notice at the top of the page (the error summary or the bureau's notice). */
const notice = (html: string) =>
  textOf(/<div class="(?:error-summary|notice[^"]*)"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1] ?? '');

it.each([
  ['/university/needs?budgetMin=-1', '预算下限“-1”无效'],
  ['/university/needs?postedFrom=garbage', '发布日期（从）“garbage”无效'],
  ['/university/needs?sort=xyz', '排序“xyz”无效'],
  ['/university/needs?page=999999', '页码“999999”无效'],
  ['/university/needs?domains=bogus', '技术领域“bogus”无效'],
])('需求大厅 %s says %s', async (path, expected) => {
  const res = await uni.browser.get(path);
  expect(res.status).toBe(200);
  const text = notice(res.html);
  expect(text).toContain(expected);
  // The lines name their parameters already: app.js adds no field labels to them.
  expect(res.html).toContain('data-error-summary="named"');
  expect(text.replace(/“[^”]*”/g, '')).not.toMatch(/[A-Za-z]/);
});

it('a Chinese message of the schema is kept as it is', async () => {
  const res = await uni.browser.get('/university/needs?budgetMin=100&budgetMax=10');
  expect(notice(res.html)).toContain('预算下限不能大于上限');
});

it.each([
  ['/bureau/pipeline?stage=bad&liaisonId=x', ['阶段“bad”无效', '联络员“x”无效']],
  ['/bureau/imports?kind=bad', ['类型“bad”无效']],
])('the bureau list %s says %j', async (path, expected) => {
  const res = await bureau.browser.get(path);
  expect(res.status).toBe(200);
  const text = notice(res.html);
  for (const e of expected) expect(text).toContain(e);
  expect(text.replace(/“[^”]*”/g, '')).not.toMatch(/[A-Za-z]/);
});

it.each(['😀', '？！…', '🔋🔋'])(
  '需求大厅 with the keyword %s (nothing to search for) says so and lists every need',
  async (q) => {
    const all = await uni.browser.get('/university/needs');
    const res = await uni.browser.get(`/university/needs?q=${encodeURIComponent(q)}`);
    expect(res.status).toBe(200);
    expect(textOf(res.html)).toContain(`关键词“${q}”里没有汉字、字母或数字，无法检索；下面列出的是全部需求。`);
    const count = (html: string) => /共找到 <strong>(\d+)<\/strong> 条需求/.exec(html)?.[1];
    expect(count(res.html)).toBe(count(all.html));
    expect(res.html).not.toContain('含同义词');
    // The box keeps what was typed, so it can be corrected.
    expect(res.html).toContain(`value="${q}"`);
    // A keyword with something to search for gets no such notice.
    const real = await uni.browser.get(`/university/needs?q=${encodeURIComponent('视觉😀')}`);
    expect(textOf(real.html)).not.toContain('无法检索');
    expect(real.html).toContain('含同义词');
  },
);

it.each([
  ['bureau', '/bureau/directory/enterprises'],
  ['bureau', '/bureau/review'],
  ['bureau', '/bureau/imports'],
  ['university', '/university/labs'],
  ['university', '/university/introductions'],
])(
  'a %s list %s with a page link that is no longer valid says so in Chinese, not with the API’s words',
  async (role, path) => {
    const who = role === 'bureau' ? bureau : uni;
    // A cursor edited by hand, or signed before the installation's cursor key changed.
    const res = await who.browser.get(`${path}?cursor=${encodeURIComponent('bzoyMA.AAAAAAAAAAAAAAAAAAAAAA')}`);
    expect(res.status).toBe(400);
    const text = textOf(/<div class="error-page">([\s\S]*?)<\/div>/.exec(res.html)?.[1] ?? '');
    expect(text).toContain('翻页链接已失效');
    expect(text).not.toMatch(/[A-Za-z]/);
  },
);
