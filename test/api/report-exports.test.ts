/** 导出: XLSX read back equals the list route, CSV with BOM round-trips, filters, paging, Chinese filenames and access. */
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headersOf, LIST_COLUMNS, toRow } from '../../src/modules/exports/columns.js';
import { ADMIN_TOKEN, testApp, type TestApp } from '../support/app.js';
import { brokering, cast } from '../support/fixtures.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
const LAB_COUNT = 105; // more than one page of 100
beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
  const b = brokering(t);
  for (let i = 0; i < LAB_COUNT; i += 15)
    await Promise.all(Array.from({ length: Math.min(15, LAB_COUNT - i) }, () => c.f.lab(c.uniX.id)));
  await b.publishedProblem(c.entA.id, { budgetWan: 80 });
  await b.publishedProblem(c.entB.id, { domains: ['biomed', 'new_materials'], keywords: ['缓释', '微球'] });
  await b.agreement(c.entA.id, c.uniX.id, { signedOn: '2026-03-01' });
  await b.agreement(c.entB.id, c.uniY.id, { signedOn: '2026-04-01', amountWan: 12.5 });
  await b.contact(c.entA.id, { kind: 'meeting' });
});
afterAll(() => t.close());

async function download(path: string, token: string = ADMIN_TOKEN) {
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

type Cell = string | number | null;
const norm = (row: unknown[], width: number): Cell[] =>
  Array.from({ length: width }, (_, i) => (row[i] === undefined || row[i] === '' ? null : (row[i] as Cell)));

async function readXlsx(bytes: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb.worksheets.map((ws) => {
    const rows: unknown[][] = [];
    ws.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    return { name: ws.name, rows };
  });
}

async function listAll(path: string, token: string = ADMIN_TOKEN) {
  const items: unknown[] = [];
  let cursor: string | undefined;
  do {
    const r = await t.call(
      'GET',
      `${path}${path.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${cursor}` : ''}`,
      { token },
    );
    expect(r.status).toBe(200);
    items.push(...r.body.items);
    cursor = r.body.nextCursor;
  } while (cursor);
  return items;
}

describe('exports: XLSX equals the list route', () => {
  it.each([
    ['problems', '/api/v1/problems'],
    ['labs', '/api/v1/labs'],
    ['agreements', '/api/v1/agreements'],
    ['contacts', '/api/v1/contacts'],
    ['enterprises', '/api/v1/enterprises'],
    ['pipeline', '/api/v1/pipeline'],
  ] as const)('%s', async (list, path) => {
    const r = await download(`/api/v1/exports/${list}?format=xlsx`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('spreadsheetml');
    const [sheet] = await readXlsx(r.bytes);
    const columns = LIST_COLUMNS[list] as Parameters<typeof headersOf<any>>[0];
    const headers = headersOf(columns);
    expect(sheet!.rows[0]).toEqual(headers);
    const items = await listAll(path);
    expect(sheet!.rows.length - 1).toBe(items.length);
    expect(sheet!.rows.slice(1).map((row) => norm(row, headers.length))).toEqual(
      items.map((item) => norm(toRow(columns, item), headers.length)),
    );
  });

  it('pages through every lab (more than one page) and names the file in Chinese', async () => {
    const r = await download('/api/v1/exports/labs');
    const [sheet] = await readXlsx(r.bytes);
    expect(sheet!.rows.length - 1).toBe(LAB_COUNT);
    const disposition = r.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toMatch(/^实验室团队_\d{4}-\d{2}-\d{2}\.xlsx$/);
  });

  it('applies the list filters', async () => {
    const [sheet] = await readXlsx((await download(`/api/v1/exports/problems?enterpriseId=${c.entB.id}`)).bytes);
    expect(sheet!.rows.slice(1).map((row) => row[2])).toEqual([c.entB.name]);
    expect(sheet!.rows[1]![3]).toBe('生物与新医药、新材料');
  });
});

describe('exports: CSV', () => {
  it('starts with the UTF-8 BOM and round-trips with csv-parse', async () => {
    const r = await download('/api/v1/exports/agreements?format=csv');
    expect(r.headers.get('content-type')).toContain('text/csv');
    expect([...r.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(r.bytes, { bom: true });
    const columns = LIST_COLUMNS.agreements;
    expect(rows[0]).toEqual(headersOf(columns));
    const items = await listAll('/api/v1/agreements');
    expect(rows.slice(1)).toEqual(
      items.map((item) => toRow(columns, item as never).map((v) => (v === null ? '' : String(v)))),
    );
  });
});

describe('exports: access follows the list routes', () => {
  it.each(['entA', 'entB'] as const)('an enterprise (%s) exports only its own agreements and itself', async (who) => {
    const own = who === 'entA' ? c.entA : c.entB;
    const agreements: string[][] = parse(
      (await download('/api/v1/exports/agreements?format=csv', c.tokens[who])).bytes,
      { bom: true, from_line: 2 },
    );
    expect(agreements.length).toBe(1);
    expect(agreements.map((row) => row[3])).toEqual([own.name]);
    const enterprises: string[][] = parse(
      (await download('/api/v1/exports/enterprises?format=csv', c.tokens[who])).bytes,
      { bom: true, from_line: 2 },
    );
    expect(enterprises.map((row) => row[0])).toEqual([own.id]);
  });

  it.each([
    ['uniX', '/api/v1/exports/enterprises', 403],
    ['entA', '/api/v1/exports/pipeline', 403],
    ['uniX', '/api/v1/exports/pipeline', 403],
    ['entA', '/api/v1/reports/summary/export', 403],
    ['bureau', '/api/v1/exports/pipeline', 200],
    ['bureau', '/api/v1/exports/problems?format=pdf', 400],
  ] as const)('%s GET %s → %s', async (who, path, status) => {
    expect((await download(path, c.tokens[who])).status).toBe(status);
  });
});

describe('exports: the summary workbook', () => {
  it('has a sheet per section with this and the previous period', async () => {
    const q = 'from=2026-01-01&to=2026-06-30';
    const summary = (await t.call('GET', `/api/v1/reports/summary?${q}`)).body;
    const sheets = await readXlsx((await download(`/api/v1/reports/summary/export?${q}`)).bytes);
    expect(sheets.map((s) => s.name)).toEqual([
      '技术难题征集',
      '对接服务',
      '校企合作协议',
      '共建研发中心',
      '高新技术企业与科技型中小企业',
      '图表',
    ]);
    // The 图表 sheet carries the five charts as PNG images, each under its title.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await download(`/api/v1/reports/summary/export?${q}`)).bytes as unknown as ArrayBuffer);
    const images = wb.getWorksheet('图表')!.getImages();
    expect(images).toHaveLength(5);
    for (const image of images) {
      const media = wb.getImage(Number(image.imageId));
      expect(media.extension).toBe('png');
      expect(
        Buffer.from(media.buffer as unknown as Uint8Array)
          .subarray(1, 4)
          .toString(),
      ).toBe('PNG');
    }
    expect(sheets[5]!.rows.map((r) => r[0])).toEqual([
      '技术难题按领域（2026-01-01至2026-06-30）',
      '技术难题阶段漏斗（2026-01-01至2026-06-30）',
      '合作协议数量与金额（按类型）（2026-01-01至2026-06-30）',
      '对接活动（按月）（2026-01-01至2026-06-30）',
      '新建或升级研发中心（按级别）（2026-01-01至2026-06-30）',
    ]);
    const agreements = sheets[2]!.rows;
    expect(agreements[0]).toEqual(['指标', '单位', '本期', '上期', '增长率（%）', '指标键']);
    const signed = summary.figures.find((f: { key: string }) => f.key === 'agreements.amountWan');
    expect(agreements.find((row) => row[5] === 'agreements.amountWan')!.slice(0, 4)).toEqual([
      '协议金额',
      '万元',
      signed.value,
      signed.previous,
    ]);
    expect(signed.value).toBe(32.5);
    const csv: string[][] = parse((await download(`/api/v1/reports/summary/export?${q}&format=csv`)).bytes, {
      bom: true,
      from_line: 2,
    });
    expect(csv.length).toBe(summary.figures.length);
    expect(csv.find((row) => row[6] === 'agreements.signed')!.slice(0, 4)).toEqual([
      '校企合作协议',
      '签订校企合作协议',
      '项',
      '2',
    ]);
  });
});
