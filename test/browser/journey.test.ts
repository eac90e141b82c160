/**
 * Journey across both sides in real Chromium: an enterprise activates its account, posts a problem
 * (a writing hint appears while typing), is asked to revise (bureau via the API) and resubmits; it
 * saves a second problem as a draft, sees it in 我的难题 as 草稿, opens it and submits it; the
 * bureau approves (API); a university liaison finds it in 需求大厅 by a synonym and expresses
 * interest for a lab; the bureau introduces (API); both accept and each sees the other's contact.
 * Every page: no console error, nothing outside the origin, no serious/critical axe violation,
 * screenshots at 1280 and 390 px under test-results/.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { brokering, fixtures } from '../support/fixtures.js';
import {
  type Browser,
  checkPage,
  openBrowser,
  type Site,
  setPasswordAndSignIn,
  startSite,
  watch,
  type Watch,
} from './support.js';

let site: Site;
let entBrowser: Browser;
let uniBrowser: Browser;

beforeAll(async () => {
  site = await startSite();
  [entBrowser, uniBrowser] = await Promise.all([openBrowser(), openBrowser()]);
});
afterAll(async () => {
  await entBrowser?.close();
  await uniBrowser?.close();
  await site?.close();
});

const ENT_PHONE = '13866665555';
const LAB_PHONE = '13977778888';
const TITLE = '注塑件表面缺陷自动检测';
const DRAFT_TITLE = '锂电池极片涂布厚度在线测量';

/** Activates a new user of `role` through its one-time link and signs in; returns the page at the role's start page. */
async function activateAndSignIn(
  browser: Browser,
  body: Record<string, unknown>,
  loginName: string,
  shot: string,
): Promise<{ page: Page; w: Watch }> {
  const created = await site.t.call('POST', '/api/v1/users', { body });
  expect(created.status).toBe(201);
  const page = await browser.context.newPage();
  const w = await watch(page, site);
  await page.goto(site.url + new URL(created.body.activationUrl).pathname);
  if (shot) await checkPage(page, w, shot);
  await setPasswordAndSignIn(page, site, loginName, '春眠不觉晓处处闻啼鸟');
  return { page, w };
}

it('post, revise, find by a synonym, express interest, introduce, both accept', async () => {
  const t = site.t;
  const f = fixtures(t);
  const ent = await f.enterprise({ name: '杭州青禾精密机械有限公司', contactName: '张经理', contactPhone: ENT_PHONE });
  const uni = await f.university({ name: '浙江示范大学' });
  const lab = await f.lab(uni.id, { name: '智能视觉检测实验室', contactName: '王老师', contactPhone: LAB_PHONE });

  // The enterprise: activate, open 我的难题 (empty), post a problem watching the hints.
  const { page: e, w: ew } = await activateAndSignIn(
    entBrowser,
    { name: '张经理', role: 'enterprise', enterpriseId: ent.id },
    'qinghe',
    'journey-activate',
  );
  await e.waitForURL(`${site.url}/enterprise/problems`);
  await checkPage(e, ew, 'enterprise-problems-empty');
  await e.getByRole('link', { name: '发布第一个难题' }).click();
  await e.waitForURL(`${site.url}/enterprise/problems/new`);
  // Submitted empty: the summary at the top has the focus, and each line names its field.
  await e.getByRole('button', { name: '提交审核' }).click();
  await expect.poll(() => e.title()).toMatch(/^错误：/);
  const summary = e.locator('[data-error-summary]');
  expect(await summary.evaluate((el) => el === el.ownerDocument.activeElement)).toBe(true);
  expect(await summary.getByRole('link').allInnerTexts()).toEqual([
    '难题标题：此项必填',
    '难题描述：此项必填',
    '技术领域：此项必填',
  ]);
  await e.getByLabel('难题标题').fill(TITLE);
  await e.getByLabel('难题描述').pressSequentially('希望提高注塑件检测效率', { delay: 20 });
  await expect.poll(() => e.locator('#hints [data-hint="too_short"]').count(), { timeout: 10_000 }).toBe(1);
  await checkPage(e, ew, 'enterprise-post-hints');
  await e
    .getByLabel('难题描述')
    .fill(
      '现有人工目检漏检率约 3%，产线有 12 台注塑机。希望用机器视觉把漏检率降到 0.5% 以下，节拍不低于每分钟 60 件，预算 50 万元，一年内完成。',
    );
  await e.getByRole('checkbox', { name: '先进制造与自动化' }).check();
  await e.getByLabel('关键词').fill('机器视觉、缺陷检测');
  await e.getByLabel('预算（万元）').fill('50');
  await e.getByRole('button', { name: '提交审核' }).click();
  await e.waitForURL(/\/enterprise\/problems\/[0-9a-f-]{36}$/);
  const problemId = /problems\/([0-9a-f-]{36})/.exec(e.url())![1]!;
  expect(await e.getByRole('status').innerText()).toContain('已提交区科技局审核');

  // The bureau asks for revision; the enterprise sees the comment, edits and resubmits.
  const revise = await t.call('POST', `/api/v1/problems/${problemId}/review`, {
    body: { decision: 'request_revision', comment: '请补充现有检测节拍' },
  });
  expect(revise.status).toBe(200);
  await e.goto(`${site.url}/enterprise/problems`);
  await expect.poll(() => e.locator('main').innerText()).toContain('待整改：请补充现有检测节拍');
  await checkPage(e, ew, 'enterprise-problems-revise');
  await e.getByRole('link', { name: TITLE }).click();
  await e.getByRole('link', { name: '修改并重新提交' }).click();
  await expect.poll(() => e.locator('main').innerText()).toContain('请补充现有检测节拍');
  await e
    .getByLabel('难题描述')
    .fill(
      '现有人工目检漏检率约 3%，现有节拍每分钟 40 件。希望用机器视觉把漏检率降到 0.5% 以下，节拍不低于每分钟 60 件，预算 50 万元，一年内完成。',
    );
  await checkPage(e, ew, 'enterprise-edit-revision');
  await e.getByRole('button', { name: '保存并重新提交' }).click();
  await e.waitForURL(`${site.url}/enterprise/problems/${problemId}`);
  expect(await e.locator('main').innerText()).toContain('等待区科技局审核');

  // A second problem saved as a draft (保存草稿): 草稿 in 我的难题, opened, then submitted.
  await e.goto(`${site.url}/enterprise/problems/new`);
  await e.getByLabel('难题标题').fill(DRAFT_TITLE);
  await e
    .getByLabel('难题描述')
    .fill('现有极片涂布厚度靠离线抽检，偏差约 3 微米。希望在线测量并把偏差控制在 1 微米以内，预算待定。');
  await e.getByRole('checkbox', { name: '新能源与节能' }).check();
  await e.getByRole('button', { name: '保存草稿' }).click();
  await e.waitForURL(/\/enterprise\/problems\/[0-9a-f-]{36}$/);
  const draftId = /problems\/([0-9a-f-]{36})/.exec(e.url())![1]!;
  expect(await e.getByRole('status').innerText()).toContain('已保存为草稿');
  await e.goto(`${site.url}/enterprise/problems`);
  const draftRow = e.locator('tr', { hasText: DRAFT_TITLE });
  await expect.poll(() => draftRow.innerText()).toContain('草稿：完善后提交审核');
  expect(await draftRow.innerText()).toContain('草稿');
  await checkPage(e, ew, 'enterprise-problems-draft');
  expect((await t.call('GET', `/api/v1/problems/${draftId}`)).status).toBe(404); // not even the bureau
  await draftRow.getByRole('link', { name: DRAFT_TITLE }).click();
  await e.waitForURL(`${site.url}/enterprise/problems/${draftId}`);
  await checkPage(e, ew, 'enterprise-draft-detail');
  await e.getByRole('button', { name: '提交审核' }).click();
  await expect.poll(() => e.getByRole('status').innerText()).toContain('已提交区科技局审核');
  expect(await e.locator('main').innerText()).toContain('等待区科技局审核');
  expect((await t.call('GET', `/api/v1/problems/${draftId}`)).body.reviewStatus).toBe('pending_review');

  // The bureau approves.
  await brokering(t).approve(problemId);
  await t.deps.search.indexer.drain();

  // The liaison finds it by a synonym (视觉检测 ~ 机器视觉) and expresses interest for the lab.
  const { page: u, w: uw } = await activateAndSignIn(
    uniBrowser,
    { name: '李老师', role: 'university', universityId: uni.id },
    'lilaoshi',
    '',
  );
  await u.waitForURL(`${site.url}/university/needs`);
  await u.getByLabel('关键词').pressSequentially('视觉检测', { delay: 30 });
  await expect.poll(() => u.url(), { timeout: 10_000 }).toContain('q=');
  await expect.poll(() => u.locator('#results').innerText(), { timeout: 10_000 }).toContain(TITLE);
  const hall = await u.locator('main').innerText();
  expect(hall).toContain('某企业');
  expect(hall).not.toContain(ent.name);
  // The facet counts follow the results as the liaison types (out-of-band swaps beside the filters).
  const facet = u.locator('#facet-domains-advanced_manufacturing');
  expect(await facet.innerText()).toBe('（1）');
  await u.getByLabel('关键词').fill('量子隧穿显微镜');
  await expect.poll(() => u.locator('#results').innerText(), { timeout: 10_000 }).toContain('没有找到符合条件的需求');
  await expect.poll(() => facet.innerText(), { timeout: 10_000 }).not.toBe('（1）');
  await u.getByLabel('关键词').fill('视觉检测');
  await expect.poll(() => u.locator('#results').innerText(), { timeout: 10_000 }).toContain(TITLE);
  await expect.poll(() => facet.innerText(), { timeout: 10_000 }).toBe('（1）');
  // Back and forward: the filter fields say what the address (and so the results) say.
  await u.getByLabel('先进制造与自动化').check();
  await expect.poll(() => u.url(), { timeout: 10_000 }).toContain('domains=advanced_manufacturing');
  await u.goBack();
  await expect.poll(() => u.url()).not.toContain('domains=');
  expect(await u.getByLabel('先进制造与自动化').isChecked()).toBe(false);
  expect(await u.getByLabel('关键词').inputValue()).toBe('视觉检测');
  // Further back (a blur may have added an entry for the same address): the box always says the address's q.
  const addressQ = () => new URL(u.url()).searchParams.get('q') ?? '';
  for (let i = 0; i < 6 && addressQ() !== '量子隧穿显微镜'; i++) {
    await u.goBack();
    await u.waitForLoadState();
    expect(await u.getByLabel('关键词').inputValue()).toBe(addressQ());
  }
  expect(addressQ()).toBe('量子隧穿显微镜');
  expect(await u.locator('#results').innerText()).toContain('没有找到符合条件的需求');
  // A page htmx no longer holds comes back whole from the server (layout, filters and results).
  await u.evaluate("localStorage.removeItem('htmx-history-cache')");
  for (let i = 0; i < 6 && addressQ() !== '视觉检测'; i++) {
    await u.goForward();
    await u.waitForLoadState();
  }
  expect(addressQ()).toBe('视觉检测');
  await expect.poll(() => u.locator('#results').innerText(), { timeout: 10_000 }).toContain(TITLE);
  expect(await u.getByLabel('关键词').inputValue()).toBe('视觉检测');
  expect(await u.getByRole('navigation').first().innerText()).toContain('需求大厅');
  await checkPage(u, uw, 'university-needs');
  await u.locator('#results').getByRole('link', { name: TITLE }).click();
  await u.waitForURL(`${site.url}/university/needs/${problemId}`);
  expect(await u.locator('main').innerText()).not.toContain(ENT_PHONE);
  await u.getByLabel('以哪个实验室的名义').selectOption(lab.id);
  await u.getByLabel('意向说明').fill('团队有注塑件视觉检测产线落地经验，可先做样件测试。');
  await checkPage(u, uw, 'university-need-detail');
  await u.getByRole('button', { name: '提交意向' }).click();
  await expect.poll(() => u.locator('main').innerText()).toContain('我校的合作意向（1）');

  // The bureau introduces the lab; both accept; each sees the other's contact.
  await brokering(t).introduced(problemId, lab.id, { source: 'interest' });
  await e.goto(`${site.url}/enterprise/problems/${problemId}`);
  expect(await e.locator('main').innerText()).toContain(LAB_PHONE);
  await e.getByRole('button', { name: '同意对接' }).click();
  await expect.poll(() => e.getByRole('status').innerText()).toContain('已同意对接');
  await checkPage(e, ew, 'enterprise-problem-detail');

  await u.goto(`${site.url}/university/introductions`);
  await u.getByRole('button', { name: '同意对接' }).click();
  await expect.poll(() => u.getByRole('status').innerText()).toContain('已同意对接');
  const intro = await u.locator('main').innerText();
  expect(intro).toContain(ent.name);
  expect(intro).toContain(ENT_PHONE);
  await checkPage(u, uw, 'university-introductions');

  await u.goto(`${site.url}/university/labs/${lab.id}`);
  await checkPage(u, uw, 'university-lab');
});
