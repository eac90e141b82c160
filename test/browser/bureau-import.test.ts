/**
 * Journey (issue 11, 导入): an officer uploads a 500-row enterprise sheet with 20 bad rows, reads
 * the dry run (20 rejected, with the column and the reason), filters it to the rejected rows, runs
 * it and watches the progress bar move until the result shows, then follows the link to the records.
 * Every page: no console error, nothing off-origin, no serious axe violation, screenshots at 1280
 * and 390 px.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { issueActivationLink } from '../../src/modules/accounts/activation.js';
import { makeCreditCode } from '../support/fixtures.js';
import { xlsxFile } from '../support/spreadsheets.js';
import { type Browser, checkPage, openBrowser, setPasswordAndSignIn, type Site, startSite, watch } from './support.js';

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

const ROWS = 500;
const BAD = new Set(Array.from({ length: 20 }, (_, i) => i * 25 + 7)); // every 25th row from the 8th

/** 500 enterprises; 20 with a credit code whose check character is wrong. */
async function sheet(dir: string) {
  const rows = Array.from({ length: ROWS }, (_, i) => {
    const code = makeCreditCode();
    const wrong = code.slice(0, 17) + (code[17] === '0' ? '1' : '0');
    return [`浏览器导入测试企业${i + 1}号有限公司`, BAD.has(i) ? wrong : code, '通用设备制造业'];
  });
  const file = path.join(dir, '企业名录500行.xlsx');
  writeFileSync(file, await xlsxFile([['企业名称', '统一社会信用代码', '所属行业'], ...rows]));
  return file;
}

it('upload → dry run with 20 rejected → run with a moving progress bar → result', async () => {
  const t = site.t;
  const file = await sheet(mkdtempSync(path.join(tmpdir(), 'cxy-import-')));
  const user = await t.call('POST', '/api/v1/users', { body: { name: '王科员', role: 'bureau' } });
  const { token } = await issueActivationLink(t.deps.db, user.body.id, t.deps.now(), null);

  const page = await browser.context.newPage();
  const w = await watch(page, site);
  await page.goto(`${site.url}/activate/${token}`);
  await setPasswordAndSignIn(page, site, 'wangkeyuan', '春江潮水连海平-2026');
  await page.waitForURL(`${site.url}/bureau`);

  await page.getByRole('link', { name: '导入' }).click();
  await page.waitForURL(`${site.url}/bureau/imports`);
  expect(await page.locator('main').innerText()).toContain('还没有符合条件的导入记录');
  await checkPage(page, w, 'bureau-imports');

  // A file of the wrong type is refused beside the field.
  await page.getByLabel('导入什么').selectOption({ label: '企业' });
  await page
    .getByLabel('表格文件')
    .setInputFiles({ name: '说明.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
  await page.getByRole('button', { name: '上传并预检' }).click();
  await page.waitForURL(`${site.url}/bureau/imports`);
  expect(await page.locator('#f-file-error').innerText()).toContain('请上传 .xlsx 或 .csv 文件');

  await page.getByLabel('导入什么').selectOption({ label: '企业' });
  await page.getByLabel('表格文件').setInputFiles(file);
  await page.getByRole('button', { name: '上传并预检' }).click();
  await page.waitForURL(/\/bureau\/imports\/[0-9a-f-]{36}$/);
  const jobUrl = page.url();
  const main = page.locator('main');
  expect(await page.getByRole('status').first().innerText()).toContain(`共 ${ROWS} 行，其中 20 行被拒绝`);
  expect(await main.innerText()).toContain('新增（480）');
  expect(await main.innerText()).toContain('拒绝（20）');
  await checkPage(page, w, 'bureau-import-dry-run');

  await page.getByRole('link', { name: '拒绝（20）' }).click();
  await page.waitForURL(`${jobUrl}?fate=rejected`);
  const rejected = await main.innerText();
  expect(rejected).toContain('统一社会信用代码校验位不正确');
  expect(rejected).toContain('共 20 条');
  expect(rejected).toContain('浏览器导入测试企业8号有限公司');
  await checkPage(page, w, 'bureau-import-rejected');

  // The rejected rows download as XLSX.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: /下载被拒绝的 20 行/ }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('企业名录500行_被拒绝的行.xlsx');

  await page.getByRole('button', { name: '开始导入' }).click();
  await page.waitForURL(jobUrl);
  // Record every value the progress bar shows as htmx swaps the polled panel in (full once done).
  // (A string: the tests are compiled without the DOM's types.)
  await page.evaluate(`(() => {
    const seen = (window.seenProgress = []);
    const note = () => {
      const bar = document.querySelector('#import-progress');
      if (bar && seen.at(-1) !== bar.value) seen.push(bar.value);
    };
    note();
    new MutationObserver(note).observe(document.querySelector('main'), { subtree: true, childList: true });
  })()`);
  await page.getByText(/导入完成：共 500 行/).waitFor({ timeout: 60_000 });
  const seen = (await page.evaluate('window.seenProgress')) as number[];
  expect(new Set(seen).size, `progress values seen: ${seen.join(', ')}`).toBeGreaterThanOrEqual(2);
  expect(seen).toEqual([...seen].sort((a, b) => a - b)); // only forward
  expect(seen.at(-1)).toBe(ROWS); // full when done
  const result = await page.locator('#import-status').innerText();
  expect(result).toContain('新增 480 条');
  expect(result).toContain('20 行被拒绝');
  await checkPage(page, w, 'bureau-import-result');

  await page.getByRole('link', { name: '查看企业记录' }).click();
  await page.waitForURL(`${site.url}/bureau/directory/enterprises`);
  expect(await main.innerText()).toContain('浏览器导入测试企业');
  w.expectClean();
});
