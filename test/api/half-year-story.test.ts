/**
 * The "done when": a bureau officer imports last year's spreadsheets, works the pipeline,
 * and at the half-year downloads a workbook and a drafted summary whose every number traces to
 * records — all through the real app, on a store that starts empty.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ADMIN_TOKEN, testApp, type TestApp } from '../support/app.js';
import { brokering } from '../support/fixtures.js';
import { makeCreditCode } from '../support/fixtures.js';
import { csvFile, importFile, jobRows, xlsxFile } from '../support/spreadsheets.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const H2_2025 = 'from=2025-07-01&to=2025-12-31';
const DESCRIPTION = '现有人工目检漏检率约 3%，希望用机器视觉把漏检率降到 0.5% 以下，节拍不低于每分钟 60 件。';

it(
  'imports last year, works the pipeline, and reports the half-year with every number traced',
  { timeout: 60_000 },
  async () => {
    // 1. Last year's spreadsheets.
    const codes = [makeCreditCode(), makeCreditCode()];
    const enterprises = await importFile(
      t,
      'enterprises',
      csvFile([
        ['企业名称', '统一社会信用代码', '所属行业'],
        ['云帆精密机械有限公司', codes[0]!, '通用设备制造业'],
        ['青禾生物科技有限公司', codes[1]!, '医药制造业'],
      ]),
    );
    const universities = await importFile(
      t,
      'universities',
      csvFile([
        ['高校名称', '类型', '所在城市'],
        ['江南理工大学', '高校', '杭州'],
      ]),
    );
    const labs = await importFile(
      t,
      'labs',
      await xlsxFile([
        ['所属高校', '实验室名称', '技术领域', '关键词', '简介'],
        ['江南理工大学', '机器视觉实验室', '电子信息、先进制造', '机器视觉', '工业视觉检测与智能装备研究团队。'],
      ]),
    );
    const problems = await importFile(
      t,
      'problems',
      await xlsxFile([
        ['2025年下半年企业技术需求征集表'],
        ['序号', '需求单位', '技术需求名称', '所属领域', '拟投入资金（万元）', '填报日期', '具体内容'],
        [
          1,
          '云帆精密机械有限公司',
          '注塑件表面缺陷在线检测',
          '先进制造与自动化',
          50,
          new Date(Date.UTC(2025, 7, 12)),
          DESCRIPTION,
        ],
        [2, '云帆精密机械有限公司', '数控机床热误差补偿', '先进制造与自动化', 30, '2025/9/3', DESCRIPTION],
        [3, '青禾生物科技有限公司', '缓释微球制剂工艺放大', '生物与新医药', 80, '2025年10月20日', DESCRIPTION],
        [4, '青禾生物科技有限公司', '（空行之后的备注行，不是需求）', '', '', '', ''],
      ]),
    );
    expect([enterprises, universities, labs].map((r) => r.job.result.created)).toEqual([2, 1, 1]);
    expect(problems.job.result).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 1 });
    const problemIds = (await jobRows(t, problems.job.id, '&fate=created')).map((r) => r.recordId as string);
    const [yunfan, qinghe] = (await jobRows(t, enterprises.job.id)).map((r) => r.recordId as string);
    const universityId = (await jobRows(t, universities.job.id))[0].recordId as string;
    const labId = (await jobRows(t, labs.job.id))[0].recordId as string;

    // 2. The pipeline, as it happened last year.
    const b = brokering(t);
    await b.introduced(problemIds[0]!, labId);
    await b.contact(yunfan!, {
      kind: 'visit',
      occurredAt: '2025-09-10T10:00:00+08:00',
      problemId: problemIds[0],
      labId,
    });
    await b.contact(qinghe!, { kind: 'meeting', occurredAt: '2025-11-05T15:00:00+08:00', problemId: problemIds[2] });
    await b.agreement(yunfan!, universityId, {
      type: 'development',
      developmentMode: 'commissioned',
      amountWan: 45,
      signedOn: '2025-10-20',
      labId,
      problemIds: [problemIds[0]],
    });

    // 3. The half-year's figures, each traced to the records behind it.
    const summary = (await t.call('GET', `/api/v1/reports/summary?${H2_2025}`)).body;
    const value = (key: string) => summary.figures.find((f: { key: string }) => f.key === key).value;
    expect([
      value('problems.collected'),
      value('contacts.total'),
      value('contacts.visits'),
      value('enterprises.served'),
      value('agreements.signed'),
      value('agreements.amountWan'),
      value('agreements.universities'),
    ]).toEqual([3, 2, 1, 2, 1, 45, 1]);
    const traced = async (key: string) =>
      ((await t.call('GET', `/api/v1/reports/summary?${H2_2025}&detail=${key}`)).body.items as { id: string }[])
        .map((i) => i.id)
        .sort();
    expect(await traced('problems.collected')).toEqual([...problemIds].sort());
    expect(await traced('agreements.universities')).toEqual([universityId]);
    expect(await traced('enterprises.served')).toEqual([yunfan, qinghe].sort());

    // 4. The drafted summary and the workbook carry the same numbers.
    const narrative = (await t.call('GET', `/api/v1/reports/summary/narrative?${H2_2025}`)).body;
    expect(narrative.title).toBe('2025年下半年区科技局产学研工作总结（草稿）');
    const text = narrative.paragraphs.join('\n');
    expect(text).toContain('共征集企业技术难题3项');
    expect(text).toContain('其中上门服务1次，服务企业2家');
    expect(text).toContain('1所高校院所与我区1家企业签订校企合作协议1项');
    expect(text).toContain('协议金额45万元');

    const res = await t.app.request(`/api/v1/reports/summary/export?${H2_2025}&format=xlsx`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const cells = new Map<string, unknown>();
    for (const ws of wb.worksheets) ws.eachRow((row) => cells.set(String(row.getCell(6).value), row.getCell(3).value));
    expect([
      cells.get('problems.collected'),
      cells.get('contacts.visits'),
      cells.get('agreements.signed'),
      cells.get('agreements.amountWan'),
    ]).toEqual([3, 1, 1, 45]);
  },
);
