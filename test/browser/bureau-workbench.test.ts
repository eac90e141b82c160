/**
 * Journey (workbench-a's part of issue 11): an officer reviews a problem, opens its workspace,
 * reads why the first lab matches, introduces it, records a visit with a follow-up date that then
 * appears under 待跟进, and sees the board. Every page: no console error, nothing off-origin, no
 * serious axe violation, screenshots at 1280 and 390 px.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { issueActivationLink } from '../../src/modules/accounts/activation.js';
import { brokering, cast } from '../support/fixtures.js';
import { type Browser, checkPage, openBrowser, type Site, startSite, watch } from './support.js';

let site: Site;
let browser: Browser;

beforeAll(async () => {
  site = await startSite();
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

it('review → workspace → introduce → record a visit → 待跟进 → 看板', async () => {
  const t = site.t;
  const c = await cast(t);
  const b = brokering(t);
  await c.f.lab(c.uniX.id, {
    name: '机器视觉检测实验室',
    keywords: ['机器视觉', 'AOI', '缺陷检测'],
    summary: '研究工业产品表面缺陷的机器视觉检测与深度学习算法。',
  });
  const p = await b.pendingProblem(c.tokens.entA, {
    title: '注塑件表面缺陷自动检测',
    keywords: ['机器视觉', '缺陷检测'],
  });
  await t.deps.search.indexer.drain();
  const user = await t.call('POST', '/api/v1/users', { body: { name: '李科员', role: 'bureau' } });
  const { token } = await issueActivationLink(t.deps.db, user.body.id, t.deps.now(), null);

  const page = await browser.context.newPage();
  const w = await watch(page, site);
  await page.goto(`${site.url}/activate/${token}`);
  const password = '春风又绿江南岸-2026';
  await page.getByLabel('登录名').fill('likeyuan');
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('再输入一次密码').fill(password);
  await page.getByRole('button', { name: '设置密码' }).click();
  await page.waitForURL(`${site.url}/login`);
  await page.getByLabel('登录名').fill('likeyuan');
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${site.url}/bureau`);
  await checkPage(page, w, 'bureau-home');

  await page.getByRole('link', { name: /待审核难题/ }).click();
  await page.waitForURL(`${site.url}/bureau/review`);
  await checkPage(page, w, 'bureau-review');
  await page.getByRole('link', { name: p.title }).click();
  await checkPage(page, w, 'bureau-review-problem');
  await page.getByRole('button', { name: '通过并发布' }).click();
  await page.waitForURL(`${site.url}/bureau/review`);

  await page.goto(`${site.url}/bureau/problems/${p.id}`);
  expect(await page.locator('mark').first().innerText()).toBe('机器视觉');
  await checkPage(page, w, 'bureau-workspace');
  await page.getByRole('button', { name: '引荐', exact: true }).first().click();
  await page.waitForURL(/\/bureau\/problems\//);
  expect(await page.getByRole('status').innerText()).toContain('已引荐');

  const soon = new Date(Date.now() + 8 * 3_600_000 + 3 * 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel('对接内容').fill('上门查看注塑产线，确认检测节拍要求。');
  await page.getByLabel(/跟进日期/).fill(soon);
  await page.getByRole('button', { name: '保存对接记录' }).click();
  await page.waitForURL(/\/bureau\/problems\//);
  expect(await page.getByRole('status').innerText()).toContain('已保存对接记录');

  await page.getByRole('link', { name: '待跟进' }).click();
  await page.waitForURL(`${site.url}/bureau/follow-ups`);
  expect(await page.locator('#upcoming').innerText()).toContain('共 1 条');
  await checkPage(page, w, 'bureau-follow-ups');

  await page.getByRole('link', { name: '看板' }).click();
  await page.waitForURL(`${site.url}/bureau/pipeline`);
  await checkPage(page, w, 'bureau-pipeline');
  w.expectClean();
});
