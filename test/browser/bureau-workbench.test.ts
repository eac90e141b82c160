/**
 * Journey (issue 11): an officer reviews a problem, opens its workspace, reads why the first lab
 * matches, introduces it, records a visit with a follow-up date that then appears under 待跟进, and
 * sees the board; then signs an agreement for that problem in the form (parties refreshed by htmx)
 * and sees its registration due date, creates a centre on it, moves it to recognised and upgrades
 * its level; 半年报 then counts exactly one more agreement, centre, upgrade and contact than before,
 * and the edited narrative (.docx) and the workbook carry the page's numbers. Every page: no console
 * error, nothing off-origin, no serious axe violation, screenshots at 1280 and 390 px.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { issueActivationLink } from '../../src/modules/accounts/activation.js';
import { brokering, cast } from '../support/fixtures.js';
import { type Browser, checkPage, openBrowser, setPasswordAndSignIn, type Site, startSite, watch } from './support.js';

let site: Site;
let browser: Browser;

/** The 半年报 figures the journey follows, by their row labels. */
const FIGURES = ['签订校企合作协议', '新建共建研发中心', '升级共建研发中心', '对接活动'] as const;
type Figures = Record<(typeof FIGURES)[number], number>;
const firstNumber = (text: string) => Number(/-?\d+(\.\d+)?/.exec(text)![0]);

/** This period's value of each followed figure: the row labelled so, its first number after the label. */
async function reportFigures(page: Page): Promise<Figures> {
  const out = {} as Figures;
  for (const label of FIGURES) {
    const row = page.locator('tr').filter({ has: page.locator('td, th').getByText(label, { exact: true }) });
    out[label] = firstNumber(await row.first().locator('td').nth(1).innerText());
  }
  return out;
}

/** The same figures read from the downloaded workbook: the row labelled so, the 本期 column. */
async function workbookFigures(path: string): Promise<Figures> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.readFile(path);
  const out = {} as Partial<Figures>;
  book.eachSheet((sheet) => {
    let current = 0;
    sheet.eachRow((row) => {
      const cells = (row.values as unknown[])
        .slice(1)
        .map((v) => (v && typeof v === 'object' ? String((v as { result?: unknown }).result ?? '') : String(v ?? '')));
      const at = cells.indexOf('本期');
      if (at >= 0) current = at;
      const label = cells[0] as (typeof FIGURES)[number];
      if (current && FIGURES.includes(label)) out[label] = Number(cells[current]);
    });
  });
  return out as Figures;
}

beforeAll(async () => {
  site = await startSite();
  browser = await openBrowser();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

it('review → workspace → introduce → record a visit → 待跟进 → 看板 → agreement → centre → 半年报', async () => {
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
  await setPasswordAndSignIn(page, site, 'likeyuan', '春风又绿江南岸-2026');
  await page.waitForURL(`${site.url}/bureau`);
  await checkPage(page, w, 'bureau-home');

  await page.getByRole('link', { name: '半年报', exact: true }).click();
  await page.waitForURL(/\/bureau\/reports/);
  const before = await reportFigures(page);
  await page.goto(`${site.url}/bureau`);

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

  // 签约: from the workspace, the form opens with the problem ticked and the introduced lab's side chosen.
  const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
  const due = new Date(Date.parse(`${today}T00:00:00Z`) + 30 * 86_400_000).toISOString().slice(0, 10);
  await page.goto(`${site.url}/bureau/problems/${p.id}`);
  await page.getByRole('link', { name: '为本难题登记合作协议' }).click();
  await page.waitForURL(/\/bureau\/agreements\/new\?/);
  const university = page.getByLabel('高校/院所', { exact: true });
  const labs = page.locator('#f-labId option');
  expect(await university.inputValue()).toBe(c.uniX.id);
  expect(await page.getByLabel(/承担的实验室/).inputValue()).not.toBe('');
  await university.selectOption(c.uniY.id);
  await expect.poll(() => labs.count()).toBe(1);
  await university.selectOption(c.uniX.id);
  await expect.poll(() => labs.count()).toBe(2);
  await page.getByLabel(/承担的实验室/).selectOption({ label: '机器视觉检测实验室' });
  expect(await page.getByRole('checkbox', { name: new RegExp(p.title) }).isChecked()).toBe(true);
  await page.getByLabel('协议类型').selectOption('development');
  await page.getByLabel(/开发方式/).selectOption('commissioned');
  await page.getByLabel(/合同金额/).fill('45');
  await page.getByLabel('签订日期').fill(today);
  await checkPage(page, w, 'bureau-agreement-form');
  await page.getByRole('button', { name: '登记协议' }).click();
  await page.waitForURL(/\/bureau\/agreements\/[0-9a-f-]{36}$/);
  expect(await page.getByRole('status').innerText()).toContain('已登记合作协议');
  const registration = page.locator('section', { has: page.getByRole('heading', { name: '技术合同认定登记' }) });
  expect(await registration.innerText()).toContain(`${due}（签订后 30 天）`);
  expect(await registration.innerText()).toContain('待登记（剩 30 天）');
  await checkPage(page, w, 'bureau-agreement');

  // 共建研发中心 on that agreement: recorded, running, recognised, then upgraded with its 文号.
  await page.getByRole('link', { name: '由此协议共建研发中心' }).click();
  await page.waitForURL(/\/bureau\/centres\/new\?/);
  await page.getByLabel('中心名称').fill('注塑件视觉检测联合研发中心');
  await page.getByLabel('类型', { exact: true }).selectOption('engineering_centre');
  await page.getByRole('button', { name: '登记中心' }).click();
  await page.waitForURL(/\/bureau\/centres\/[0-9a-f-]{36}$/);
  for (const status of ['operating', 'recognized']) {
    await page.getByLabel('改为').selectOption(status);
    await page.getByRole('button', { name: '变更状态' }).click();
    await page.waitForURL(/\/bureau\/centres\/[0-9a-f-]{36}#status$/);
    expect(await page.getByRole('status').innerText()).toContain('已变更状态');
  }
  await page.getByLabel('升级为').selectOption('city');
  await page.getByLabel('认定日期').fill(today);
  await page.getByLabel(/认定文号/).fill('区科技〔2026〕12号');
  await page.getByRole('button', { name: '记录升级' }).click();
  await page.waitForURL(/#levels$/);
  const levels = await page.locator('section', { has: page.getByRole('heading', { name: '级别沿革' }) }).innerText();
  expect(levels).toContain('区级 → 市级');
  expect(levels).toContain('区科技〔2026〕12号');
  await checkPage(page, w, 'bureau-centre');

  // 半年报: exactly one more of each, and the downloads carry the page's numbers.
  await page.getByRole('link', { name: '半年报', exact: true }).click();
  await page.waitForURL(/\/bureau\/reports/);
  const after = await reportFigures(page);
  for (const label of FIGURES) expect(after[label], label).toBe(before[label] + 1);
  await checkPage(page, w, 'bureau-reports-after');

  const [workbook] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /下载统计表/ }).click(),
  ]);
  expect(await workbookFigures((await workbook.path())!)).toEqual(after);

  const narrative = page.getByRole('textbox', { name: /正文|草稿/ });
  const edited = `${await narrative.inputValue()}\n六、下一步。李科员补充：继续跟进注塑件视觉检测项目。`;
  await narrative.fill(edited);
  const [docx] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: /下载 Word/ }).click(),
  ]);
  const zip = await JSZip.loadAsync(readFileSync((await docx.path())!));
  const plain = (await zip.file('word/document.xml')!.async('string')).replace(/<[^>]+>/g, '');
  expect(plain).toContain('李科员补充：继续跟进注塑件视觉检测项目。');
  expect(plain).toContain(`签订校企合作协议${after['签订校企合作协议']}项`);
  expect(plain).toContain(`新建校企共建研发中心${after['新建共建研发中心']}个`);
  expect(plain).toContain(`升级${after['升级共建研发中心']}个`);
  expect(plain).toContain(`产学研对接活动${after['对接活动']}次`);
  w.expectClean();
}, 600_000);
