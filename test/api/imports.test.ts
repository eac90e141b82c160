/**
 * 数据导入: dry runs that report every row's fate and write nothing, runs that write through the same
 * validation, audit and outbox as the API, re-runs that change nothing, Chinese and English headers,
 * XLSX and CSV (UTF-8 and GBK), an exported list imported back, bad files, and who may import.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiToday } from '../../src/domain/calendar.js';
import { ADMIN_TOKEN, testApp, type TestApp } from '../support/app.js';
import { cast, makeCreditCode, MISSING_ID } from '../support/fixtures.js';
import { csvFile, importFile, jobRows, upload, xlsxFile } from '../support/spreadsheets.js';

let t: TestApp;
let c: Awaited<ReturnType<typeof cast>>;
beforeAll(async () => {
  t = await testApp();
  c = await cast(t);
});
afterAll(() => t.close());

const count = async (table: 'enterprises' | 'universities' | 'labs' | 'problems' | 'auditLog' | 'outbox') =>
  Number(
    (
      await t.store.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
const lastOutboxId = async () =>
  String(
    (
      await t.store.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.max('id').as('id'))
        .executeTakeFirstOrThrow()
    ).id ?? 0,
  );
const DESCRIPTION = '现有人工目检漏检率约 3%，希望用机器视觉把漏检率降到 0.5% 以下，节拍不低于每分钟 60 件。';

describe('imports: enterprises from a CSV with a title row and Chinese headers', () => {
  const codes = [makeCreditCode(), makeCreditCode(), makeCreditCode()];
  let existing: { id: string; creditCode: string };
  let file: Uint8Array;

  beforeAll(async () => {
    existing = await c.f.enterprise({ industry: '通用设备制造业' });
    file = csvFile([
      ['2025年度XX区企业名录（科技局汇总）'],
      ['序号', '企业名称', '统一社会信用代码', '所属行业', '企业规模', '成立日期', '职工人数', '备注'],
      [1, '杭州甲科技有限公司', codes[0]!, '软件和信息技术服务业', '小型', '2019/6/1', 35, '重点企业'],
      [2, '杭州乙材料有限公司', codes[1]!, '', '中型企业', '2015年3月2日', '', ''],
      [3, '杭州丙公司', 'ABC', '', '巨型', '2020-02-30', '很多', ''],
      [4, '', codes[2]!, '', '', '', '', ''],
      [5, '杭州甲科技有限公司（重复）', codes[0]!, '', '', '', '', ''],
      [6, '已有企业', existing.creditCode, '专用设备制造业', '', '', '', ''],
      [7, '已有企业', existing.creditCode.toLowerCase(), '', '', '', '', ''],
    ]);
  });

  it('the dry run reports each row with its column and reason, and writes nothing', async () => {
    const before = await Promise.all([count('enterprises'), count('auditLog'), count('outbox')]);
    const r = await upload(t, 'enterprises', file, { query: '&fileName=企业名录.csv' });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({
      kind: 'enterprises',
      kindLabel: '企业',
      fileName: '企业名录.csv',
      format: 'csv',
      status: 'previewed',
      total: 7,
      planned: { created: 2, updated: 1, unchanged: 0, rejected: 4 },
      errors: 4,
      progress: { done: 0, total: 7 },
    });
    expect(r.body.columns.map((col: { header: string }) => col.header)).toEqual([
      '企业名称',
      '统一社会信用代码',
      '所属行业',
      '企业规模',
      '成立日期',
      '职工人数',
    ]);
    expect(r.body.ignoredColumns).toEqual(['序号', '备注']);
    expect(await Promise.all([count('enterprises'), count('auditLog'), count('outbox')])).toEqual(before);

    const rows = await jobRows(t, r.body.id);
    expect(rows.map((row) => [row.rowNo, row.planned, row.fate])).toEqual([
      [3, 'created', null],
      [4, 'created', null],
      [5, 'rejected', null],
      [6, 'rejected', null],
      [7, 'rejected', null],
      [8, 'updated', null],
      [9, 'rejected', null],
    ]);
    const bad = rows.find((row) => row.rowNo === 5)!;
    expect(bad.errors).toEqual(
      expect.arrayContaining([
        { column: '统一社会信用代码', field: 'creditCode', message: '统一社会信用代码应为 18 位' },
        { column: '企业规模', field: 'scale', message: '“巨型”无效，可填：微型、小型、中型、大型' },
        { column: '成立日期', field: 'foundedOn', message: '日期不存在：“2020-02-30”' },
        { column: '职工人数', field: 'employees', message: '应为数字，实际为“很多”' },
      ]),
    );
    expect(bad.cells).toMatchObject({ 企业名称: '杭州丙公司', 统一社会信用代码: 'ABC' });
    expect(rows.find((row) => row.rowNo === 6)!.errors).toEqual([
      { column: '企业名称', field: 'name', message: '“企业名称”不能为空' },
    ]);
    expect(rows.find((row) => row.rowNo === 7)!.errors[0].message).toBe(
      '与第 3 行重复（统一社会信用代码相同），以第 3 行为准',
    );
    expect(rows.find((row) => row.rowNo === 9)!.errors[0].message).toBe(
      '与第 8 行重复（统一社会信用代码相同），以第 8 行为准',
    );

    const rejected = await t.call('GET', `/api/v1/imports/${r.body.id}/rows?planned=rejected&limit=2`);
    expect(rejected.body.total).toBe(4);
    expect(rejected.body.items.map((row: { rowNo: number }) => row.rowNo)).toEqual([5, 6]);
  });

  it('the run writes the planned rows through audit and outbox, and reports progress', async () => {
    const [entBefore, auditBefore, outboxBefore] = await Promise.all([
      count('enterprises'),
      count('auditLog'),
      lastOutboxId(),
    ]);
    const { job } = await importFile(t, 'enterprises', file);
    expect(job).toMatchObject({
      status: 'completed',
      statusLabel: '已完成',
      progress: { done: 7, total: 7, percent: 100 },
      result: { created: 2, updated: 1, unchanged: 0, rejected: 4 },
      attempts: 1,
      error: null,
    });
    expect(job.startedAt <= job.finishedAt).toBe(true);
    expect(await count('enterprises')).toBe(entBefore + 2);
    expect(await count('auditLog')).toBe(auditBefore + 3);

    const list = await t.call('GET', `/api/v1/enterprises?q=${encodeURIComponent('杭州甲科技')}`);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      creditCode: codes[0],
      industry: '软件和信息技术服务业',
      scale: 'small',
      foundedOn: '2019-06-01',
      employees: 35,
    });
    const updated = await t.call('GET', `/api/v1/enterprises/${existing.id}`);
    expect(updated.body).toMatchObject({ industry: '专用设备制造业', version: 2, name: '已有企业' });

    const rows = await jobRows(t, job.id, '&fate=created,updated');
    expect(rows.map((row) => row.rowNo)).toEqual([3, 4, 8]);
    const audit = await t.store.db
      .selectFrom('auditLog')
      .select(['entity', 'action', 'entityId', 'actorName'])
      .where('requestId', '=', `import-${job.id}`)
      .orderBy('id')
      .execute();
    expect(audit.map((a) => `${a.entity} ${a.action} ${a.entityId}`).sort()).toEqual(
      rows.map((row) => `enterprise ${row.fate === 'created' ? 'create' : 'update'} ${row.recordId}`).sort(),
    );
    const outbox = await t.store.db.selectFrom('outbox').select('entityId').where('id', '>', outboxBefore).execute();
    expect(outbox.map((o) => o.entityId).sort()).toEqual(rows.map((row) => row.recordId).sort());
  });

  it('running the same file again changes nothing', async () => {
    const auditBefore = await count('auditLog');
    const { preview, job } = await importFile(t, 'enterprises', file);
    expect(preview.planned).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 4 });
    expect(job.result).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 4 });
    expect(await count('auditLog')).toBe(auditBefore);
  });

  it('asking to run a finished job again answers its state and writes nothing', async () => {
    const { job } = await importFile(t, 'enterprises', file);
    const auditBefore = await count('auditLog');
    const again = await t.call('POST', `/api/v1/imports/${job.id}/run`);
    expect(again.status).toBe(202);
    expect(again.body).toMatchObject({ status: 'completed', attempts: 1 });
    await t.deps.imports.idle();
    expect(await count('auditLog')).toBe(auditBefore);
  });
});

describe('imports: universities and labs from XLSX with English headers', () => {
  const uniName = `江南理工大学${Date.now()}`;
  const instName = `之江${Date.now()}智能研究院`;

  it('creates universities, taking 研究院 as an institute when the kind is not given', async () => {
    const file = await xlsxFile([
      ['name', 'Kind', 'city'],
      [uniName, '', '杭州'],
      [instName, null, '杭州'],
      ['浙西农林大学', 'institute', ''],
    ]);
    const { job } = await importFile(t, 'universities', file);
    expect(job).toMatchObject({ format: 'xlsx', result: { created: 3, rejected: 0 } });
    const list = await t.call('GET', `/api/v1/universities?q=${encodeURIComponent(instName)}`);
    expect(list.body.items[0]).toMatchObject({ kind: 'institute', city: '杭州' });
    const uni = await t.call('GET', `/api/v1/universities?q=${encodeURIComponent(uniName)}`);
    expect(uni.body.items[0].kind).toBe('university');
  });

  it('keys labs by their name within the university the row names', async () => {
    const file = await xlsxFile([
      ['universityName', 'name', 'domains', 'keywords', 'summary', 'achievements'],
      [
        uniName,
        '智能制造实验室',
        '先进制造与自动化',
        '机器视觉、PLC',
        '面向离散制造的智能装备与机器视觉检测研究团队。',
        '发明专利 12 项；省科技进步二等奖',
      ],
      [instName, '智能制造实验室', 'advanced_manufacturing', 'AGV', '移动机器人与调度算法研究团队，服务制造企业。', ''],
      ['不存在的大学', '材料实验室', '新材料', '', '高分子材料改性研究与中试平台建设。', ''],
      [uniName, '未填领域的实验室', '', '', '面向离散制造的智能装备研究团队。', ''],
    ]);
    const { job } = await importFile(t, 'labs', file);
    expect(job.result).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 2 });
    const rows = await jobRows(t, job.id, '&fate=rejected');
    expect(rows[0].errors).toEqual([
      {
        column: 'universityName',
        field: 'universityName',
        message: '高校/院所“不存在的大学”不存在，请先导入或登记该高校/院所',
      },
    ]);
    expect(rows[1].errors).toEqual([{ column: 'domains', field: 'domains', message: '“domains”不能为空' }]);

    const labs = await t.call('GET', `/api/v1/labs?q=${encodeURIComponent('智能制造实验室')}&limit=100`);
    const mine = labs.body.items.filter((l: { university: { name: string } }) =>
      [uniName, instName].includes(l.university.name),
    );
    expect(mine).toHaveLength(2);
    expect(mine.find((l: { university: { name: string } }) => l.university.name === uniName)).toMatchObject({
      domains: ['advanced_manufacturing'],
      keywords: ['机器视觉', 'PLC'],
      achievements: ['发明专利 12 项', '省科技进步二等奖'],
    });
  });
});

describe('imports: problems (技术需求征集表)', () => {
  let ent: { id: string; name: string; creditCode: string };
  beforeAll(async () => {
    ent = await c.f.enterprise();
  });

  it('names the enterprise by credit code or name, keeps the collection date, and publishes', async () => {
    const collected = new Date(Date.UTC(2025, 9, 15)); // an Excel date cell: 2025-10-15
    const wrongCheck = ent.creditCode.slice(0, 17) + (ent.creditCode.endsWith('0') ? '1' : '0');
    const unknownCode = makeCreditCode();
    const file = await xlsxFile([
      ['2025年下半年企业技术需求征集表'],
      [
        '难题名称',
        '统一社会信用代码',
        '企业名称',
        '技术领域',
        '关键词',
        '预算（万元）',
        '征集日期',
        '期望解决日期',
        '难题描述',
        '是否公开',
      ],
      [
        '注塑件表面缺陷在线检测',
        ent.creditCode,
        '',
        '先进制造',
        '机器视觉、AOI',
        '50万元',
        collected,
        '2026-06-30',
        DESCRIPTION,
        '公开',
      ],
      [
        '锂电池极片毛刺检测',
        '',
        ent.name,
        '新能源与节能、先进制造与自动化',
        '',
        30,
        '2025-11-02',
        '',
        DESCRIPTION,
        '否',
      ],
      ['期限早于征集日期的需求', ent.creditCode, '', '新材料', '', '', '2025-11-02', '2025-10-01', DESCRIPTION, ''],
      ['未登记企业的需求', '', '查无此企业有限公司', '新材料', '', '', '', '', DESCRIPTION, ''],
      ['描述过短的需求', ent.creditCode, '', '新材料', '', '', '', '', '太短', ''],
      ['征集日期在未来', ent.creditCode, '', '新材料', '', '', '2099-01-01', '', DESCRIPTION, ''],
      ['信用代码校验位写错的需求', wrongCheck, '', '新材料', '', '', '', '', DESCRIPTION, ''],
      ['信用代码未登记的需求', unknownCode, '', '新材料', '', '', '', '', DESCRIPTION, ''],
    ]);
    const { job } = await importFile(t, 'problems', file);
    expect(job.result).toEqual({ created: 2, updated: 0, unchanged: 0, rejected: 6 });
    const rejected = await jobRows(t, job.id, '&fate=rejected');
    expect(
      rejected.map((r) => [
        r.rowNo,
        r.errors.map((e: { column: string; message: string }) => `${e.column}：${e.message}`),
      ]),
    ).toEqual([
      [5, ['期望解决日期：期望解决日期不能早于征集日期']],
      [6, ['企业名称：企业“查无此企业有限公司”不存在，请先导入企业']],
      [7, ['难题描述：描述至少 20 字']],
      [8, ['征集日期：征集日期不能晚于今天']],
      // A mistyped check character is named on the credit-code column, not as a missing enterprise.
      [9, ['统一社会信用代码：统一社会信用代码校验位不正确']],
      [10, [`统一社会信用代码：统一社会信用代码 ${unknownCode} 对应的企业不存在，请先导入企业`]],
    ]);

    const created = await jobRows(t, job.id, '&fate=created');
    const first = await t.call('GET', `/api/v1/problems/${created[0].recordId}`);
    expect(first.body).toMatchObject({
      title: '注塑件表面缺陷在线检测',
      enterpriseId: ent.id,
      domains: ['advanced_manufacturing'],
      keywords: ['机器视觉', 'AOI'],
      budgetWan: 50,
      deadline: '2026-06-30',
      visibility: 'public',
      stage: 'open',
      reviewStatus: 'published',
    });
    expect(shanghaiToday(new Date(first.body.postedAt))).toBe('2025-10-15');
    const second = await t.call('GET', `/api/v1/problems/${created[1].recordId}`);
    expect(second.body).toMatchObject({ visibility: 'bureau', domains: ['new_energy', 'advanced_manufacturing'] });
    const history = await t.call('GET', `/api/v1/problems/${created[0].recordId}/history`);
    expect(history.body.items.some((i: { kind: string }) => i.kind === 'stage')).toBe(true);

    // Last year's sheet counts in last year's figures, not today's.
    const s = await t.call('GET', '/api/v1/reports/summary?from=2025-07-01&to=2025-12-31&detail=problems.collected');
    expect(s.body.items.map((i: { id: string }) => i.id).sort()).toEqual(created.map((r) => r.recordId).sort());
  });

  it('updates a problem found by enterprise and title, and leaves empty cells alone', async () => {
    const p = await c.f.problem(ent.id, { title: '焊缝质量在线监测', budgetWan: 20 });
    const file = csvFile([
      ['企业名称', '难题名称', '预算（万元）', '难题描述'],
      [ent.name, '焊缝质量在线监测', 35, ''],
    ]);
    const { job } = await importFile(t, 'problems', file);
    expect(job.result).toMatchObject({ updated: 1 });
    const after = await t.call('GET', `/api/v1/problems/${p.id}`);
    expect(after.body).toMatchObject({ budgetWan: 35, description: p.description, version: p.version + 1 });
  });
});

describe('imports: file formats', () => {
  it('reads a CSV saved by Excel in GBK', async () => {
    const code = makeCreditCode();
    // "企业名称,统一社会信用代码\r\n杭州丁电子有限公司,<code>\r\n" as Excel on a Chinese Windows saves it.
    const hex =
      'c6f3d2b5c3fbb3c6' +
      '2c' +
      'cdb3d2bbc9e7bbe1d0c5d3c3b4fac2eb' +
      '0d0a' +
      'babcd6ddb6a1b5e7d7d3d3d0cfdeb9abcbbe' +
      '2c';
    const gbk = Buffer.concat([Buffer.from(hex, 'hex'), Buffer.from(`${code}\r\n`, 'ascii')]);
    const r = await upload(t, 'enterprises', gbk);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const rows = await jobRows(t, r.body.id);
    expect(rows[0].cells).toEqual({ 企业名称: '杭州丁电子有限公司', 统一社会信用代码: code });
  });

  it('accepts a multipart upload and keeps the file name', async () => {
    const r = await upload(
      t,
      'universities',
      csvFile([
        ['名称', '类型'],
        [`多部件大学${Date.now()}`, '高校'],
      ]),
      { multipart: '高校名单.csv' },
    );
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ fileName: '高校名单.csv', planned: { created: 1 } });
  });

  it('imports an exported enterprise list back unchanged', async () => {
    const res = await t.app.request('/api/v1/exports/enterprises?format=xlsx', {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    const r = await upload(t, 'enterprises', new Uint8Array(await res.arrayBuffer()));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.ignoredColumns).toEqual(['编号', '技术难题数']);
    expect(r.body.planned).toEqual({ created: 0, updated: 0, unchanged: await count('enterprises'), rejected: 0 });
  });

  it.each([
    ['an empty body', new Uint8Array(), 'text/csv', 400, 'file'],
    [
      'an old .xls file',
      new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      'application/vnd.ms-excel',
      415,
      undefined,
    ],
    ['a damaged .xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'application/octet-stream', 400, 'file'],
    ['JSON', new TextEncoder().encode('{"name":"x"}'), 'application/json', 415, undefined],
    [
      'no header row',
      csvFile([
        ['甲', '乙'],
        ['1', '2'],
      ]),
      'text/csv',
      422,
      'file',
    ],
    ['a file with only a header', csvFile([['企业名称', '统一社会信用代码']]), 'text/csv', 201, undefined],
  ])('answers %s with a clear problem', async (_name, bytes, contentType, status, path) => {
    const r = await upload(t, 'enterprises', bytes, { contentType });
    expect(r.status, JSON.stringify(r.body)).toBe(status);
    if (status >= 400) {
      expect(r.body.detail).toMatch(/[\u4e00-\u9fa5]/);
      if (path) expect(r.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    } else expect(r.body.total).toBe(0);
  });

  it('names the required columns a file lacks', async () => {
    const r = await upload(
      t,
      'enterprises',
      csvFile([
        ['企业名称', '所属行业'],
        ['甲', '制造'],
      ]),
    );
    expect(r.status).toBe(422);
    expect(r.body.detail).toBe('缺少必需的列：统一社会信用代码');
    expect(r.body.errors).toEqual([{ path: 'columns.creditCode', message: '缺少“统一社会信用代码”列' }]);
  });

  it('refuses an unknown kind', async () => {
    const r = await upload(t, 'contacts', csvFile([['a'], ['b']]));
    expect(r.status).toBe(400);
    expect(r.body.errors[0].path).toBe('query.kind');
  });
});

describe('imports: templates, row reports, jobs and cancelling', () => {
  it.each(['enterprises', 'universities', 'labs', 'problems'])(
    'the %s template has the Chinese headers the import reads',
    async (kind) => {
      const res = await t.app.request(`/api/v1/import-templates/${kind}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      expect(res.status).toBe(200);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
      const headers = (wb.worksheets[0]!.getRow(1).values as string[]).slice(1);
      expect(headers.length).toBeGreaterThan(3);
      // The template with one blank data row reads as a file with every column recognised.
      const r = await upload(t, kind, await xlsxFile([headers]));
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      expect(r.body.ignoredColumns).toEqual([]);
      expect(r.body.columns).toHaveLength(headers.length);
    },
  );

  it('the CSV template starts with a BOM', async () => {
    const res = await t.app.request('/api/v1/import-templates/problems?format=csv', {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('the row report is the file with each row’s fate and reasons in front', async () => {
    const code = makeCreditCode();
    const r = await upload(
      t,
      'enterprises',
      csvFile([
        ['企业名称', '统一社会信用代码', '备注'],
        ['甲', code, '备注一'],
        ['乙', 'BAD', ''],
      ]),
    );
    const res = await t.app.request(`/api/v1/imports/${r.body.id}/rows/export`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('逐行结果'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
    expect(rows).toEqual([
      ['行号', '预检结果', '导入结果', '原因', '企业名称', '统一社会信用代码', '备注'],
      [2, '新增', undefined, undefined, '甲', code, '备注一'],
      [3, '拒绝', undefined, '统一社会信用代码：统一社会信用代码应为 18 位', '乙', 'BAD'],
    ]);
  });

  it('lists jobs newest first, filtered by kind and status', async () => {
    const r = await t.call('GET', '/api/v1/imports?kind=labs&status=completed');
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(
      r.body.items.every((j: { kind: string; status: string }) => j.kind === 'labs' && j.status === 'completed'),
    ).toBe(true);
    const all = await t.call('GET', '/api/v1/imports?limit=100');
    const times = all.body.items.map((j: { createdAt: string }) => j.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('cancels a preview, after which it cannot run; a finished job cannot be cancelled', async () => {
    const r = await upload(t, 'universities', csvFile([['名称'], [`取消测试大学${Date.now()}`]]));
    expect((await t.call('DELETE', `/api/v1/imports/${r.body.id}`)).status).toBe(204);
    expect((await t.call('GET', `/api/v1/imports/${r.body.id}`)).body.status).toBe('cancelled');
    const run = await t.call('POST', `/api/v1/imports/${r.body.id}/run`);
    expect(run.status).toBe(409);
    const { job } = await importFile(t, 'universities', csvFile([['名称'], [`完成测试大学${Date.now()}`]]));
    expect((await t.call('DELETE', `/api/v1/imports/${job.id}`)).status).toBe(409);
  });

  it('answers 404 for a missing job and 400 for a malformed id', async () => {
    expect((await t.call('GET', `/api/v1/imports/${MISSING_ID}`)).status).toBe(404);
    expect((await t.call('POST', `/api/v1/imports/${MISSING_ID}/run`)).status).toBe(404);
    expect((await t.call('GET', '/api/v1/imports/abc/rows')).status).toBe(400);
  });
});

describe('imports: only the bureau', () => {
  let jobId: string;
  beforeAll(async () => {
    jobId = (await upload(t, 'universities', csvFile([['名称'], [`权限测试大学${Date.now()}`]]))).body.id;
  });

  it.each(['entA', 'uniX'] as const)('%s may not upload, read, run or cancel imports', async (who) => {
    const token = c.tokens[who];
    expect(
      (
        await upload(
          t,
          'enterprises',
          csvFile([
            ['企业名称', '统一社会信用代码'],
            ['甲', makeCreditCode()],
          ]),
          { token },
        )
      ).status,
    ).toBe(403);
    for (const [method, path] of [
      ['GET', '/api/v1/imports'],
      ['GET', `/api/v1/imports/${jobId}`],
      ['GET', `/api/v1/imports/${jobId}/rows`],
      ['GET', `/api/v1/imports/${jobId}/rows/export`],
      ['POST', `/api/v1/imports/${jobId}/run`],
      ['DELETE', `/api/v1/imports/${jobId}`],
      ['GET', '/api/v1/import-templates/problems'],
    ] as const) {
      expect((await t.call(method, path, { token })).status, `${method} ${path}`).toBe(403);
    }
    expect((await t.call('GET', `/api/v1/imports/${jobId}`)).body.status).toBe('previewed');
  });

  it('a bureau user may, and the job records who uploaded it', async () => {
    const r = await upload(t, 'universities', csvFile([['名称'], [`局用户大学${Date.now()}`]]), {
      token: c.tokens.bureau,
    });
    expect(r.status).toBe(201);
    expect(r.body.createdBy.id).not.toBeNull();
  });

  it('without a token the answer is 401', async () => {
    expect((await t.call('GET', '/api/v1/imports', { token: null })).status).toBe(401);
  });
});
