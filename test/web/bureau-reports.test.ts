/**
 * 半年报 page: renders for the bureau only, its figures equal the API's summary, each figure links
 * to its records, the charts are SVG, the .docx carries the edited narrative, the workbook downloads.
 */
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { halfYearOf, shanghaiToday } from '../../src/domain/calendar.js';
import { testApp, type TestApp } from '../support/app.js';
import { brokering, cast } from '../support/fixtures.js';
import { ORIGIN, signedIn, type WebUser } from '../support/web.js';

let t: TestApp;
let users: Record<'bureau' | 'enterprise' | 'university', WebUser>;
let bureauToken: string;
let entAId: string;
let uniXId: string;

beforeAll(async () => {
  t = await testApp();
  const c = await cast(t);
  bureauToken = c.tokens.bureau;
  entAId = c.entA.id;
  uniXId = c.uniX.id;
  const b = brokering(t);
  await b.publishedProblem(c.entA.id);
  await b.contact(c.entA.id);
  await b.agreement(c.entA.id, c.uniX.id, { amountWan: 35 });
  await b.centre(c.entA.id, c.uniX.id);
  users = {
    bureau: await signedIn(t, 'bureau'),
    enterprise: await signedIn(t, 'enterprise', { enterpriseId: c.entA.id }),
    university: await signedIn(t, 'university', { universityId: c.uniX.id }),
  };
});
afterAll(() => t.close());

/** The raw bytes of a page response (the web client reads text). */
async function download(user: WebUser, method: 'GET' | 'POST', path: string, form?: Record<string, string>) {
  const headers: Record<string, string> = { cookie: [...user.browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') };
  let body: string | undefined;
  if (form) {
    body = new URLSearchParams({ ...form, _csrf: user.browser.csrf }).toString();
    Object.assign(headers, { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN });
  }
  const res = await t.app.request(path, { method, headers, body });
  return { status: res.status, type: res.headers.get('content-type'), bytes: new Uint8Array(await res.arrayBuffer()) };
}

describe('半年报', () => {
  it('renders for the bureau with this half-year by default, every figure equal to the API summary', async () => {
    const res = await users.bureau.browser.get('/bureau/reports');
    expect(res.status).toBe(200);
    expect(res.html).not.toMatch(/\sstyle="/);
    expect(res.html).not.toMatch(/<script(?![^>]*src="\/assets\/)/);
    const half = halfYearOf(shanghaiToday(new Date()));
    const api = await t.call('GET', '/api/v1/reports/summary', { token: bureauToken });
    expect(api.status).toBe(200);
    expect(api.body.period).toEqual(half);
    for (const f of api.body.figures as { key: string; value: number; unit: string }[]) {
      const shown = new RegExp(`data-figure="${f.key.replace(/\./g, '\\.')}">([^<]*)</a>`).exec(res.html);
      expect(shown?.[1], f.key).toBe(`${f.value}${f.unit}`);
    }
    expect(api.body.figures.find((f: { key: string }) => f.key === 'agreements.amountWan').value).toBe(35);
    expect(res.html).toContain(`value="${half.from.slice(0, 7)}"`);
    for (const name of ['domains', 'funnel', 'agreements', 'contacts', 'centres']) {
      expect(res.html).toMatch(new RegExp(`<img src="/bureau/reports/charts/${name}\\.svg\\?from=[^"]+" alt="[^"]+"`));
    }
    expect(res.html).toContain('<textarea id="f-text" name="text"');
    expect(res.html).toContain('一、技术难题征集');
    expect(res.html).toContain('data-copy="#f-text"');
    expect(res.html).toContain('href="/bureau/reports/workbook.xlsx?');
  });

  it('a figure links to its records, for this and the previous period', async () => {
    const page = await users.bureau.browser.get('/bureau/reports');
    const href = /href="([^"]*detail=agreements\.signed[^"]*)"/.exec(page.html)![1]!.replace(/&amp;/g, '&');
    const res = await users.bureau.browser.get(href);
    expect(res.status).toBe(200);
    expect(res.html).toContain('技术服务合同');
    expect(res.html).toContain('（1 条）');
    const prev = await users.bureau.browser.get(`${href}&of=previous`);
    expect(prev.status).toBe(200);
    expect(prev.html).toContain('本期没有相关记录');
    expect((await users.bureau.browser.get('/bureau/reports?detail=nothing.here')).status).toBe(404);
  });

  it('takes any whole months from the URL and explains a bad period in Chinese', async () => {
    const ok = await users.bureau.browser.get('/bureau/reports?from=2026-07&to=2026-09');
    expect(ok.status).toBe(200);
    expect(ok.html).toContain('2026-07-01 至 2026-09-30');
    const bad = await users.bureau.browser.get('/bureau/reports?from=2026-09&to=2026-07');
    expect(bad.status).toBe(200);
    expect(bad.html).toContain('<title>错误：半年报');
    expect(bad.html).toContain('起始月份不能晚于截止月份');
    const garbled = await users.bureau.browser.get('/bureau/reports?from=2026-13&to=');
    expect(garbled.html).toContain('起始月份须为“年-月”');
    expect(garbled.html).toContain('请填写截止月份');
  });

  it('drafts the narrative as a person would write it: custom period title, empty sections, 服务企业', async () => {
    const custom = await users.bureau.browser.get('/bureau/reports?from=2026-07&to=2026-09');
    expect(custom.html).toContain('2026年7月—9月区科技局产学研工作总结');
    const across = await users.bureau.browser.get('/bureau/reports?from=2025-11&to=2026-02');
    expect(across.html).toContain('2025年11月—2026年2月区科技局');
    const empty = await users.bureau.browser.get('/bureau/reports?from=2020-01&to=2020-06');
    expect(empty.html).toContain('2020年上半年区科技局');
    expect(empty.html).toContain('三、校企合作。本期暂未签订校企合作协议。');
    expect(empty.html).toContain('四、平台建设。本期暂未新建或升级校企共建研发中心。');
    expect(empty.html).not.toContain('其中暂无');
    const now = await users.bureau.browser.get('/bureau/reports');
    expect(now.html).toMatch(/，服务企业\d+家/);
    expect(now.html).not.toContain('累计服务企业');
  });

  it('serves each chart as image/svg+xml', async () => {
    for (const name of ['domains', 'funnel', 'agreements', 'contacts', 'centres']) {
      const res = await download(users.bureau, 'GET', `/bureau/reports/charts/${name}.svg`);
      expect(res.status, name).toBe(200);
      expect(res.type).toMatch(/^image\/svg\+xml/);
      const svg = new TextDecoder().decode(res.bytes);
      expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    }
    expect((await download(users.bureau, 'GET', '/bureau/reports/charts/nope.svg')).status).toBe(404);
  });

  it('the .docx download is a zip whose document holds the edited text', async () => {
    const text =
      '2026年上半年区科技局产学研工作总结\n一、技术难题征集。本期共征集技术难题99项（局里改过的数）。\n二、对接服务。略。';
    const res = await download(users.bureau, 'POST', '/bureau/reports/narrative.docx?from=2026-01&to=2026-06', {
      text,
    });
    expect(res.status).toBe(200);
    expect(res.type).toContain('wordprocessingml');
    const zip = await JSZip.loadAsync(res.bytes);
    const xml = await zip.file('word/document.xml')!.async('string');
    const plain = xml.replace(/<[^>]+>/g, '');
    expect(plain).toContain('2026年上半年区科技局产学研工作总结');
    expect(plain).toContain('本期共征集技术难题99项（局里改过的数）');
    expect(plain).toContain('二、对接服务。');
  });

  it('the workbook holds the page’s figures and the five charts as images', async () => {
    const page = await users.bureau.browser.get('/bureau/reports');
    const res = await download(users.bureau, 'GET', '/bureau/reports/workbook.xlsx');
    expect(res.status).toBe(200);
    expect(res.type).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.bytes as unknown as ArrayBuffer);
    const figures = new Map<string, unknown>();
    for (const ws of wb.worksheets)
      ws.eachRow((row) => {
        const v = row.values as unknown[];
        if (typeof v[6] === 'string' && v[6] !== '指标键') figures.set(v[6], v[3]);
      });
    const shown = [...page.html.matchAll(/data-figure="([\w.]+)">(-?[\d.]+)/g)];
    expect(shown.length).toBeGreaterThan(30);
    for (const [, key, value] of shown) expect(figures.get(key!), key).toBe(Number(value));
    const charts = wb.getWorksheet('图表')!;
    expect(charts.getImages()).toHaveLength(5);
    for (const image of charts.getImages()) expect(wb.getImage(Number(image.imageId)).extension).toBe('png');
  });

  it('the page, its charts and the workbook never show numbers from before a write', async () => {
    const signed = (html: string) => Number(/data-figure="agreements\.signed">(\d+)/.exec(html)![1]);
    const before = await users.bureau.browser.get('/bureau/reports');
    const chartBefore = await download(users.bureau, 'GET', '/bureau/reports/charts/agreements.svg');
    await brokering(t).agreement(entAId, uniXId, { amountWan: 7 });
    const after = await users.bureau.browser.get('/bureau/reports');
    expect(signed(after.html)).toBe(signed(before.html) + 1);
    const chartAfter = await download(users.bureau, 'GET', '/bureau/reports/charts/agreements.svg');
    expect(new TextDecoder().decode(chartAfter.bytes)).not.toBe(new TextDecoder().decode(chartBefore.bytes));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(
      (await download(users.bureau, 'GET', '/bureau/reports/workbook.xlsx')).bytes as unknown as ArrayBuffer,
    );
    let inWorkbook: unknown;
    wb.getWorksheet('校企合作协议')!.eachRow((row) => {
      if (row.getCell(6).value === 'agreements.signed') inWorkbook = row.getCell(3).value;
    });
    expect(inWorkbook).toBe(signed(after.html));
  });

  it.each(['enterprise', 'university'] as const)('refuses a %s session on every route', async (role) => {
    const u = users[role];
    for (const path of [
      '/bureau/reports',
      '/bureau/reports?detail=agreements.signed',
      '/bureau/reports/charts/domains.svg',
      '/bureau/reports/workbook.xlsx',
    ]) {
      expect((await u.browser.get(path)).status, path).toBe(403);
    }
    expect((await download(u, 'POST', '/bureau/reports/narrative.docx', { text: 'x' })).status).toBe(403);
  });

  // Last: it moves a problem into the first half of 2026.
  it('counts stages as of the period’s end from the stage history, so a past half-year does not change', async () => {
    const problem = await brokering(t).publishedProblem(entAId, { title: '上半年发布的难题' });
    const posted = new Date('2026-03-10T02:00:00Z');
    const db = t.deps.db;
    await db.updateTable('problems').set({ postedAt: posted, stage: 'agreed' }).where('id', '=', problem.id).execute();
    await db.updateTable('problemStageHistory').set({ at: posted }).where('problemId', '=', problem.id).execute();
    await db
      .insertInto('problemStageHistory')
      .values({
        problemId: problem.id,
        fromStage: 'open',
        toStage: 'agreed',
        actorName: '测试',
        at: new Date('2026-08-01T02:00:00Z'),
      })
      .execute();
    const api = await t.call('GET', '/api/v1/reports/summary?from=2026-01-01&to=2026-06-30', { token: bureauToken });
    const value = (key: string) => api.body.figures.find((f: { key: string }) => f.key === key).value;
    expect([value('problems.collected'), value('problems.stage.open'), value('problems.stage.agreed')]).toEqual([
      1, 1, 0,
    ]);
    const page = await users.bureau.browser.get('/bureau/reports?from=2026-01&to=2026-06');
    expect(page.html).toContain('data-figure="problems.stage.open">1项</a>');
    expect(page.html).toContain('已签约0项');
    const detail = await users.bureau.browser.get('/bureau/reports?from=2026-01&to=2026-06&detail=problems.stage.open');
    expect(detail.html).toContain('上半年发布的难题');
    // The second half, where the change happened, sees it agreed.
    const h2 = await t.call(
      'GET',
      '/api/v1/reports/summary?from=2026-07-01&to=2026-12-31&detail=problems.stage.agreed',
      { token: bureauToken },
    );
    expect(h2.body.items).toEqual([]); // posted in H1: not a problem collected in H2
  });
});

describe('半年报: figures entered by the bureau, and the marked numbers', () => {
  const PAGE = '/bureau/reports?from=2026-01&to=2026-06';
  const POST = '/bureau/reports/entered?from=2026-01&to=2026-06';
  const filled = {
    version: '0',
    'patents.granted.value': '8',
    'patents.granted.source': '区市场监管局统计',
    'patents.granted.sourceDate': '2026-07-03',
    'outreach.materials.value': '1,200',
    'outreach.materials.source': '区科协台账',
    'outreach.materials.sourceDate': '2026-06-30',
  };

  it('marks the numbers that came from records in a read-only view; the text area stays plain', async () => {
    const page = await users.bureau.browser.get(PAGE);
    const collected = /data-figure="problems\.collected">(\d+项)</.exec(page.html)![1];
    expect(page.html).toContain(
      `<mark class="report-figure report-figure--records" title="来自平台记录：征集技术难题" data-source="problems.collected">${collected}</mark>`,
    );
    const textarea = /<textarea id="f-text"[^>]*>([^<]*)<\/textarea>/.exec(page.html)![1]!;
    expect(textarea).toContain(`共征集企业技术难题${collected}`);
    expect(textarea).toContain('授权（暂无数据）');
    expect(page.html).toContain('<h2 id="entered">平台外数据（局方填报）</h2>');
    expect(page.html).toContain('本期还没有填报记录');
    for (const field of ['patents-granted-value', 'patents-granted-source', 'patents-granted-sourceDate'])
      expect(page.html).toMatch(new RegExp(`<label for="f-${field}" class="field__label">`));
  });

  it('explains each wrong field in Chinese beside it, keeps the input and records nothing', async () => {
    const res = await users.bureau.browser.post(POST, {
      ...filled,
      'patents.granted.value': '-3',
      'outreach.materials.source': '',
      'funds.wonWan.value': '1.234',
      'funds.wonWan.source': '市科技局',
      'funds.wonWan.sourceDate': '2026-06-30',
      'incubators.count.value': '两家',
      'incubators.count.source': '区科技局',
      'incubators.count.sourceDate': '2026-06-30',
    });
    expect(res.status).toBe(422);
    expect(res.html).toContain('<title>错误：半年报');
    expect(res.html).toMatch(/id="f-patents-granted-value-error" class="field__error">.*不能为负数/s);
    expect(res.html).toMatch(/id="f-outreach-materials-source-error" class="field__error">.*请填写来源/s);
    expect(res.html).toMatch(/id="f-funds-wonWan-value-error" class="field__error">.*最多 2 位小数/s);
    expect(res.html).toMatch(/id="f-incubators-count-value-error" class="field__error">.*请输入数字/s);
    expect(res.html).toContain('href="#f-patents-granted-value"');
    expect(res.html).toContain('value="两家"');
    const future = await users.bureau.browser.post(POST, { ...filled, 'patents.granted.sourceDate': '2099-01-01' });
    expect(future.status).toBe(422);
    expect(future.html).toMatch(/id="f-patents-granted-sourceDate-error" class="field__error">.*日期不能晚于今天/s);
    const api = await t.call('GET', '/api/v1/reports/entered-figures?from=2026-01-01&to=2026-06-30');
    expect(api.body.version).toBe(0);
  });

  it('saves, shows who entered what, and the narrative uses the figures, marked as entered', async () => {
    const res = await users.bureau.browser.post(POST, filled);
    expect(res.status, res.html.slice(0, 500)).toBe(303);
    expect(res.location).toBe('/bureau/reports?from=2026-01&to=2026-06#entered');
    const page = await users.bureau.browser.get(PAGE);
    expect(page.html).toContain('已保存填报数字');
    const textarea = /<textarea id="f-text"[^>]*>([^<]*)<\/textarea>/.exec(page.html)![1]!;
    expect(textarea).toContain('授权8件');
    expect(textarea).toContain('发放科普资料1200份');
    expect(page.html).toContain(
      '<mark class="report-figure report-figure--entered" title="局方填报：专利授权量（来源：区市场监管局统计，2026-07-03）" data-source="patents.granted">8件</mark>',
    );
    expect(page.html).toContain('填报记录（2 条，新的在前）');
    expect(page.html).toMatch(/id="f-patents-granted-value" name="patents.granted.value" type="text" value="8"/);
    const audit = await t.deps.db
      .selectFrom('auditLog')
      .select(['actorName', 'entityId'])
      .where('entity', '=', 'report_entered_figure')
      .execute();
    expect(audit.map((a) => a.entityId).sort()).toEqual([
      '2026-01-01..2026-06-30:outreach.materials',
      '2026-01-01..2026-06-30:patents.granted',
    ]);
    // The .docx of an untouched draft carries the figure as plain text.
    const docx = await download(users.bureau, 'POST', '/bureau/reports/narrative.docx?from=2026-01&to=2026-06', {
      text: '',
    });
    const xml = await (await JSZip.loadAsync(docx.bytes)).file('word/document.xml')!.async('string');
    expect(xml.replace(/<[^>]+>/g, '')).toContain('授权8件');
    expect(xml).not.toContain('report-figure');
  });

  it('a form read before someone else saved is refused, not applied over their change', async () => {
    const res = await users.bureau.browser.post(POST, { ...filled, 'patents.granted.value': '9' });
    expect(res.status).toBe(409);
    expect(res.html).toContain('本期的填报刚被他人修改，请刷新页面后再填。');
    const api = await t.call('GET', '/api/v1/reports/entered-figures?from=2026-01-01&to=2026-06-30');
    expect(api.body.figures.find((f: { key: string }) => f.key === 'patents.granted').value).toBe(8);
  });

  it.each(['enterprise', 'university'] as const)('refuses a %s session', async (role) => {
    expect((await users[role].browser.post(POST, filled)).status).toBe(403);
  });
});
