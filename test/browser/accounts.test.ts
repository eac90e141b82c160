/**
 * Journey: the bureau creates a user through the API; the user opens the activation link in
 * Chromium, sets a login name and password, signs in, changes the password and signs out.
 * Every page: no console error, nothing outside the app's origin, no serious axe violation,
 * screenshots at 1280 and 390 px.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fixtures } from '../support/fixtures.js';
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

it('activate, sign in, change the password, sign out', async () => {
  const ent = await fixtures(site.t).enterprise({ name: '杭州示例精密机械有限公司' });
  const created = await site.t.call('POST', '/api/v1/users', {
    body: { name: '王工', role: 'enterprise', enterpriseId: ent.id },
  });
  expect(created.status).toBe(201);
  const page = await browser.context.newPage();
  const w = await watch(page, site);

  await page.goto(site.url + new URL(created.body.activationUrl).pathname);
  await expect.poll(() => page.title()).toBe('激活账户 · 产学研对接平台');
  await checkPage(page, w, 'account-activate');

  // A too-short password is refused beside the field, with the summary focused.
  await page.getByLabel('登录名').fill('wanggong');
  await page.getByLabel('密码', { exact: true }).fill('short');
  await page.getByLabel('再输入一次密码').fill('short');
  await page.getByRole('button', { name: '设置密码' }).click();
  await expect.poll(() => page.title()).toBe('错误：激活账户 · 产学研对接平台');
  expect(await page.locator('#f-password-error').innerText()).toContain('至少 10 个字符');
  expect(await page.locator('[data-error-summary]').evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
  await checkPage(page, w, 'account-activate-error');

  const first = '春风又绿江南岸-2026';
  await page.getByLabel('密码', { exact: true }).fill(first);
  await page.getByLabel('再输入一次密码').fill(first);
  await page.getByRole('button', { name: '设置密码' }).click();
  await page.waitForURL(`${site.url}/login`);
  expect(await page.getByRole('status').innerText()).toContain('密码已设置');
  await checkPage(page, w, 'sign-in');

  await page.getByLabel('登录名').fill('wanggong');
  await page.getByLabel('密码').fill(first);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${site.url}/enterprise/problems`);
  expect(await page.getByRole('navigation', { name: '主导航' }).innerText()).toContain('我的难题');
  await checkPage(page, w, 'enterprise-start');

  await page.getByRole('link', { name: /王工/ }).click();
  await page.waitForURL(`${site.url}/account`);
  await checkPage(page, w, 'my-account');
  const second = '野火烧不尽春风吹又生';
  await page.getByLabel('当前密码').fill(first);
  await page.getByLabel('新密码', { exact: true }).fill(second);
  await page.getByLabel('再输入一次新密码').fill(second);
  await page.getByRole('button', { name: '修改密码' }).click();
  await page.waitForURL(`${site.url}/account`);
  expect(await page.getByRole('status').innerText()).toContain('密码已修改');

  await page.getByRole('button', { name: '退出', exact: true }).click();
  await page.waitForURL(`${site.url}/login`);
  expect(await page.getByRole('status').innerText()).toContain('已退出');
  await page.goto(`${site.url}/account`);
  await page.waitForURL(/\/login\?next=%2Faccount$/);

  // The new password works, the old one does not.
  await page.getByLabel('登录名').fill('wanggong');
  await page.getByLabel('密码').fill(first);
  await page.getByRole('button', { name: '登录' }).click();
  expect(await page.locator('#f-password-error').innerText()).toContain('登录名或密码不正确');
  await page.getByLabel('密码').fill(second);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(`${site.url}/account`);
  w.expectClean();
});

it('/docs shows the API reference from the app itself', async () => {
  const page = await browser.context.newPage();
  const w = await watch(page, site);
  await page.goto(`${site.url}/docs`);
  await page.locator('.swagger-ui .info .title').waitFor();
  expect(await page.locator('.swagger-ui .info .title').innerText()).toContain('产学研对接平台 API');
  await page.waitForLoadState('networkidle');
  w.expectClean();
});
