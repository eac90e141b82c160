/**
 * 导入 page: only the bureau; upload validated (kind, file type, size, an old .xls, an empty file)
 * with the message beside the field; the dry-run table with each row's fate, filtered by fate in the
 * URL, the rejected rows' column, field and reason (a mistyped credit-code check character named on
 * its own column); the rejected rows as XLSX; run to completion with the polled status panel; cancel;
 * past jobs listed with their status; CSRF on every action.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transitionJob } from '../../src/modules/imports/repository.js';
import { ADMIN_TOKEN, testApp, type TestApp } from '../support/app.js';
import { expectCspClean, textOf } from '../support/bureau.js';
import { fixtures, makeCreditCode } from '../support/fixtures.js';
import { csvFile, xlsxFile } from '../support/spreadsheets.js';
import { signedIn, type WebUser } from '../support/web.js';

const LIMIT = 200 * 1024;
let t: TestApp;
let bureau: WebUser;
let ent: { id: string; name: string; creditCode: string };
const BASE = '/bureau/imports';
const DESCRIPTION = '现有人工目检漏检率约 3%，希望用机器视觉把漏检率降到 0.5% 以下，节拍不低于每分钟 60 件。';

beforeAll(async () => {
  t = await testApp({ config: { adminToken: ADMIN_TOKEN, bodyLimit: 64 * 1024, importLimit: LIMIT } });
  ent = await fixtures(t).enterprise();
  bureau = await signedIn(t, 'bureau');
});
afterAll(() => t.close());

/** The same code with its check character changed. */
const wrongCheck = (code: string) => code.slice(0, 17) + (code[17] === '0' ? '1' : '0');

const problemsFile = () =>
  csvFile([
    ['难题名称', '统一社会信用代码', '企业', '技术领域', '难题描述'],
    ['注塑件表面缺陷在线检测', ent.creditCode, '', '先进制造与自动化', DESCRIPTION],
    ['焊缝质量在线监测', ent.creditCode, '', '先进制造与自动化', DESCRIPTION],
    ['信用代码校验位写错的需求', wrongCheck(ent.creditCode), ent.name, '新材料', DESCRIPTION],
    ['描述过短的需求', ent.creditCode, '', '新材料', '太短'],
  ]);

async function uploadGood(name = '需求征集表.csv') {
  const res = await bureau.browser.upload(BASE, { kind: 'problems' }, { name, bytes: problemsFile() });
  expect(res.status, res.html.slice(0, 3000)).toBe(303);
  expect(res.location).toMatch(/^\/bureau\/imports\/[0-9a-f-]{36}$/);
  return res.location!.split('/').at(-1)!;
}

async function workbook(bytes: ArrayBuffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes);
  const ws = wb.worksheets[0]!;
  const rows: unknown[][] = [];
  ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return rows;
}

describe('导入: who may use it', () => {
  it('is refused to enterprise and university users, and to visitors', async () => {
    const id = await uploadGood();
    const [entUser, uniUser] = await Promise.all([
      signedIn(t, 'enterprise', { enterpriseId: ent.id }),
      signedIn(t, 'university', { universityId: (await fixtures(t).university()).id }),
    ]);
    for (const user of [entUser, uniUser]) {
      for (const path of [BASE, `${BASE}/${id}`, `${BASE}/${id}/progress`, `${BASE}/${id}/rejected.xlsx`])
        expect((await user.browser.get(path)).status, path).toBe(403);
      for (const action of ['run', 'cancel'])
        expect((await user.browser.post(`${BASE}/${id}/${action}`, {})).status).toBe(403);
      const upload = await user.browser.upload(BASE, { kind: 'problems' }, { name: 'a.csv', bytes: problemsFile() });
      expect(upload.status).toBe(403);
    }
    expect((await bureau.browser.get(`${BASE}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
    expect((await bureau.browser.get(`${BASE}/templates/nothing.xlsx`)).status).toBe(404);
  });

  it('refuses every action without the CSRF token', async () => {
    const id = await uploadGood();
    const upload = await bureau.browser.upload(
      BASE,
      { kind: 'problems' },
      { name: 'a.csv', bytes: problemsFile() },
      { csrf: false },
    );
    expect(upload.status).toBe(403);
    for (const action of ['run', 'cancel']) {
      const res = await bureau.browser.post(`${BASE}/${id}/${action}`, {}, { csrf: false });
      expect(res.status).toBe(403);
    }
    expect((await t.call('GET', `/api/v1/imports/${id}`)).body.status).toBe('previewed');
  });
});

describe('导入: upload', () => {
  it('shows the upload form, the templates and an empty state that says what to do', async () => {
    const fresh = await testApp();
    try {
      const officer = await signedIn(fresh, 'bureau');
      const res = await officer.browser.get(BASE);
      expect(res.status).toBe(200);
      expectCspClean(res.html);
      expect(res.html).toContain('enctype="multipart/form-data"');
      expect(textOf(res.html)).toContain('还没有符合条件的导入记录');
      expect(textOf(res.html)).toContain('先下载对应的空白模板');
      for (const kind of ['enterprises', 'universities', 'labs', 'problems'])
        expect(res.html).toContain(`href="${BASE}/templates/${kind}.xlsx"`);
      const template = await fresh.app.request(`${BASE}/templates/problems.xlsx`, {
        headers: { cookie: [...officer.browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
      });
      expect(template.status).toBe(200);
      const rows = await workbook(await template.arrayBuffer());
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('难题名称');
      expect(rows[0]).toContain('统一社会信用代码');
    } finally {
      await fresh.close();
    }
  });

  it.each([
    ['no file', { kind: 'problems' }, null, 'file', '请选择要导入的 XLSX 或 CSV 文件'],
    ['no kind', {}, { name: 'a.csv', bytes: csvFile([['企业名称'], ['甲']]) }, 'kind', '此项必填'],
    [
      'an unknown kind',
      { kind: 'patents' },
      { name: 'a.csv', bytes: csvFile([['a'], ['b']]) },
      'kind',
      '请选择要导入的类型',
    ],
    [
      'a text file',
      { kind: 'enterprises' },
      { name: 'notes.txt', bytes: csvFile([['a'], ['b']]) },
      'file',
      '.xlsx 或 .csv',
    ],
    [
      'an old .xls',
      { kind: 'enterprises' },
      { name: 'old.xlsx', bytes: new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]) },
      'file',
      '不支持旧版 Excel',
    ],
    [
      'an empty sheet',
      { kind: 'enterprises' },
      { name: 'empty.csv', bytes: csvFile([['', '']]) },
      'file',
      '文件中没有数据',
    ],
    [
      'a sheet without the required columns',
      { kind: 'enterprises' },
      {
        name: 'x.csv',
        bytes: csvFile([
          ['甲列', '乙列'],
          ['1', '2'],
        ]),
      },
      'file',
      '企业名称',
    ],
    [
      'a CSV whose quote is never closed',
      { kind: 'enterprises' },
      {
        name: 'quote.csv',
        bytes: new TextEncoder().encode('企业名称,统一社会信用代码\n"甲乙科技有限公司,91330100799655058B\n'),
      },
      'file',
      '第 2 行的双引号没有闭合',
    ],
  ] as const)('says what is wrong with %s beside the field', async (_what, form, file, field, message) => {
    const before = (await t.call('GET', '/api/v1/imports?limit=100')).body.total;
    const res = await bureau.browser.upload(BASE, form, file ? { name: file.name, bytes: file.bytes } : null);
    expect(res.status).toBe(200);
    expect(res.html).toContain('<title>错误：');
    expect(res.html).toContain(`id="f-${field}-error"`);
    const beside = new RegExp(`id="f-${field}-error"[^>]*>([\\s\\S]*?)</p>`).exec(res.html)![1]!;
    expect(textOf(beside)).toContain(message);
    // In words a person reads: file types, not a library's English.
    expect(textOf(beside).replace(/\.?xlsx|\.?xls|\.?csv|Excel|CSV|XLSX/gi, '')).not.toMatch(/[A-Za-z]{2,}/);
    expect((await t.call('GET', '/api/v1/imports?limit=100')).body.total).toBe(before);
  });

  it('refuses a file over the import limit', async () => {
    const big = csvFile([['企业名称'], ...Array.from({ length: 30_000 }, (_, i) => [`企业${i}号有限公司`])]);
    expect(big.length).toBeGreaterThan(LIMIT);
    const res = await bureau.browser.upload(BASE, { kind: 'enterprises' }, { name: 'big.csv', bytes: big });
    expect(res.status).toBe(413);
    expect(textOf(res.html)).toContain('导入文件不得超过');
  });

  it('reads an XLSX as well as a CSV', async () => {
    const bytes = await xlsxFile([
      ['企业名称', '统一社会信用代码'],
      ['杭州表格导入测试有限公司', makeCreditCode()],
    ]);
    const res = await bureau.browser.upload(BASE, { kind: 'enterprises' }, { name: '企业.xlsx', bytes });
    expect(res.status, res.html.slice(0, 2000)).toBe(303);
    const page = await bureau.browser.get(res.location!);
    expect(textOf(page.html)).toContain('杭州表格导入测试有限公司');
    expect(textOf(page.html)).toContain('新增（1）');
  });
});

describe('导入: the dry run, the run and the result', () => {
  let id: string;
  beforeAll(async () => {
    id = await uploadGood('二〇二六年需求征集表.csv');
  });

  it('shows each row with its fate, and the rejected rows with column, field and reason', async () => {
    const res = await bureau.browser.get(`${BASE}/${id}`);
    expect(res.status).toBe(200);
    expectCspClean(res.html);
    const text = textOf(res.html);
    expect(text).toContain('预检完成：共 4 行，其中 2 行被拒绝');
    expect(text).toContain('新增（2）');
    expect(text).toContain('拒绝（2）');
    expect(text).toContain('注塑件表面缺陷在线检测');
    // A mistyped check character is named on the credit-code column, not as a missing enterprise on 企业.
    expect(text).toContain('统一社会信用代码 （字段 enterpriseCreditCode） ：统一社会信用代码校验位不正确');
    expect(text).not.toContain('对应的企业不存在');
    expect(text).toContain('难题描述 （字段 description） ：描述至少 20 字');
    expect(res.html).toContain(`href="${BASE}/${id}/rejected.xlsx"`);
    // Nothing written yet.
    expect((await t.call('GET', `/api/v1/problems?enterpriseId=${ent.id}`)).body.total).toBe(0);
  });

  it('filters the rows by fate in the URL, and ignores a bad filter with a notice', async () => {
    const rejected = textOf((await bureau.browser.get(`${BASE}/${id}?fate=rejected`)).html);
    expect(rejected).toContain('信用代码校验位写错的需求');
    expect(rejected).not.toContain('注塑件表面缺陷在线检测');
    expect(rejected).toContain('共 2 条');
    const created = textOf((await bureau.browser.get(`${BASE}/${id}?fate=created`)).html);
    expect(created).toContain('注塑件表面缺陷在线检测');
    expect(created).not.toContain('信用代码校验位写错的需求');
    const none = textOf((await bureau.browser.get(`${BASE}/${id}?fate=unchanged`)).html);
    expect(none).toContain('没有结果为“无变化”的行');
    const bad = await bureau.browser.get(`${BASE}/${id}?fate=lost`);
    expect(bad.status).toBe(200);
    expect(textOf(bad.html)).toContain('筛选条件有误，已忽略');
    expect(textOf(bad.html)).toContain('共 4 条');
  });

  it('downloads the rejected rows as XLSX, with the row number and the reason', async () => {
    const res = await t.app.request(`${BASE}/${id}/rejected.xlsx`, {
      headers: { cookie: [...bureau.browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(decodeURIComponent(res.headers.get('content-disposition')!)).toContain(
      '二〇二六年需求征集表_被拒绝的行.xlsx',
    );
    const rows = await workbook(await res.arrayBuffer());
    expect(rows[0]!.slice(0, 5)).toEqual(['行号', '预检结果', '导入结果', '原因', '难题名称']);
    expect(rows.slice(1).map((r) => [r[0], r[3], r[4]])).toEqual([
      [4, '统一社会信用代码：统一社会信用代码校验位不正确', '信用代码校验位写错的需求'],
      [5, '难题描述：描述至少 20 字', '描述过短的需求'],
    ]);
  });

  it('runs to completion: the status panel polls while the job runs, then shows the result', async () => {
    const before = await bureau.browser.get(`${BASE}/${id}/progress`);
    expect(before.html).not.toContain('hx-trigger');
    expect(before.html).toContain('开始导入');
    const run = await bureau.browser.post(`${BASE}/${id}/run`, {});
    expect(run.status).toBe(303);
    expect(run.location).toBe(`${BASE}/${id}`);
    await t.deps.imports.idle();
    const panel = await bureau.browser.get(`${BASE}/${id}/progress`);
    expect(panel.status).toBe(200);
    expect(panel.html.startsWith('<section id="import-status"')).toBe(true); // a fragment, no layout
    expect(panel.html).not.toContain('hx-trigger'); // done: polling stops
    expect(textOf(panel.html)).toContain('导入完成：共 4 行，新增 2 条、更新 0 条，0 条无变化，2 行被拒绝');
    expect(panel.html).toContain('href="/bureau/pipeline?view=table"');
    const page = textOf((await bureau.browser.get(`${BASE}/${id}`)).html);
    expect(page).toContain('逐行结果');
    const problems = (await t.call('GET', `/api/v1/problems?enterpriseId=${ent.id}`)).body;
    expect(problems.total).toBe(2);
    // Written as the officer, through the same audit as the API.
    const audit = await t.deps.db
      .selectFrom('auditLog')
      .select(['action', 'actorUserId'])
      .where('entityId', '=', problems.items[0].id)
      .execute();
    expect(audit).toContainEqual({ action: 'create', actorUserId: bureau.userId });
    // Running it again changes nothing and says so.
    const again = await bureau.browser.post(`${BASE}/${id}/run`, {});
    expect(again.status).toBe(303);
    expect((await t.call('GET', `/api/v1/problems?enterpriseId=${ent.id}`)).body.total).toBe(2);
  });

  it('polls every second while a job waits or runs, and a waiting job can be cancelled', async () => {
    const waiting = await uploadGood('排队的表.csv');
    // Queued, as a run request leaves it before the runner picks it up.
    expect(await transitionJob(t.deps.db, waiting, ['previewed'], 'queued')).toBe(true);
    const panel = await bureau.browser.get(`${BASE}/${waiting}/progress`);
    expect(panel.html).toContain(`hx-get="${BASE}/${waiting}/progress"`);
    expect(panel.html).toContain('hx-trigger="every 1s"');
    expect(panel.html).toMatch(/<progress id="import-progress" max="4" value="0">/);
    expect(textOf(panel.html)).toContain('已处理 0 / 4 行');
    const cancel = await bureau.browser.post(`${BASE}/${waiting}/cancel`, {});
    expect(cancel.status).toBe(303);
    const page = textOf((await bureau.browser.get(`${BASE}/${waiting}`)).html);
    expect(page).toContain('已取消本次导入');
    expect(page).toContain('本次导入已取消，没有写入任何记录');
    expect((await t.call('GET', `/api/v1/imports/${waiting}`)).body.status).toBe('cancelled');
  });

  it('cancels a dry run, after which it cannot be run', async () => {
    const other = await uploadGood('不要了.csv');
    expect((await bureau.browser.post(`${BASE}/${other}/cancel`, {})).status).toBe(303);
    const run = await bureau.browser.post(`${BASE}/${other}/run`, {});
    expect(run.status).toBe(303);
    const page = textOf((await bureau.browser.get(`${BASE}/${other}`)).html);
    expect(page).toContain('该导入任务已取消，请重新上传文件');
    expect((await t.call('GET', `/api/v1/imports/${other}`)).body.status).toBe('cancelled');
  });

  it('lists past jobs with their status, filtered in the URL', async () => {
    const list = textOf((await bureau.browser.get(BASE)).html);
    expect(list).toContain('二〇二六年需求征集表.csv');
    expect(list).toContain('已完成');
    expect(list).toContain('不要了.csv');
    expect(list).toContain('已取消');
    const done = textOf((await bureau.browser.get(`${BASE}?status=completed`)).html);
    expect(done).toContain('二〇二六年需求征集表.csv');
    expect(done).not.toContain('不要了.csv');
    const bad = await bureau.browser.get(`${BASE}?status=nope`);
    expect(bad.status).toBe(200);
    expect(textOf(bad.html)).toContain('筛选条件有误，已忽略');
  });
});
