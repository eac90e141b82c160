/**
 * 导入任务: a run that fails part-way is rolled back (new records deleted, updated ones restored) and
 * can run again once the cause is gone; a run interrupted by a stop resumes from its last batch
 * without writing anything twice; and a 20,000-row file goes through on either store.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportRunner } from '../../src/modules/imports/runner.js';
import { silentLogger } from '../../src/logger.js';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures, makeCreditCode } from '../support/fixtures.js';
import { csvFile, importFile, upload } from '../support/spreadsheets.js';

let t: TestApp;
let ent: { id: string; name: string; creditCode: string };
beforeAll(async () => {
  t = await testApp();
  ent = await fixtures(t).enterprise();
});
afterAll(() => t.close());

const runner = (opts: { batchSize: number; onBatch?: () => void }) =>
  createImportRunner({ db: t.store.db, logger: silentLogger, now: () => new Date(), retryDelaysMs: [5, 5], ...opts });
const DESCRIPTION = '现有人工目检漏检率约 3%，希望用机器视觉把漏检率降到 0.5% 以下，节拍不低于每分钟 60 件。';
const HEADER = ['难题名称', '统一社会信用代码', '技术领域', '预算（万元）', '难题描述'];
const problemRows = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => [
    `${prefix}第${i + 1}项`,
    ent.creditCode,
    '先进制造与自动化',
    10 + i,
    DESCRIPTION,
  ]);
const liveProblems = async (titlePrefix: string) =>
  Number(
    (
      await t.store.db
        .selectFrom('problems')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('title', 'like', `${titlePrefix}%`)
        .where('deletedAt', 'is', null)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('import jobs: a failing run is rolled back and can run again', () => {
  afterAll(async () => {
    await sql`drop trigger if exists fail_import_row on problems`.execute(t.store.db);
  });

  it('undoes every batch written before the failure, then completes once the cause is fixed', async () => {
    const existing = await fixtures(t).problem(ent.id, { title: '回滚测试已有难题', budgetWan: 20 });
    // A real database failure part-way through: the 180th new problem cannot be inserted.
    await sql
      .raw(
        `create or replace function fail_import_row() returns trigger language plpgsql as $$
         begin if new.title = '回滚测试第180项' then raise exception '模拟的数据库故障'; end if; return new; end $$`,
      )
      .execute(t.store.db);
    await sql`create trigger fail_import_row before insert on problems for each row execute function fail_import_row()`.execute(
      t.store.db,
    );
    t.deps.imports = runner({ batchSize: 50 });

    const rows = [['回滚测试已有难题', ent.creditCode, '先进制造与自动化', 99, ''], ...problemRows('回滚测试', 199)];
    const preview = await upload(t, 'problems', csvFile([HEADER, ...rows]));
    expect(preview.body.planned).toEqual({ created: 199, updated: 1, unchanged: 0, rejected: 0 });
    await t.call('POST', `/api/v1/imports/${preview.body.id}/run`);
    await t.deps.imports.idle();

    const failed = (await t.call('GET', `/api/v1/imports/${preview.body.id}`)).body;
    expect(failed).toMatchObject({
      status: 'failed',
      statusLabel: '失败（已撤销）',
      progress: { done: 0 },
      result: { created: 0, updated: 0, unchanged: 0, rejected: 0 },
      attempts: 1,
    });
    expect(failed.error).toMatch(
      /^第 152–201 行写入失败（重试 2 次）：.*模拟的数据库故障.*已撤销本次导入写入的记录；排除问题后可重新执行。$/,
    );
    expect(await liveProblems('回滚测试第')).toBe(0);
    const restored = (await t.call('GET', `/api/v1/problems/${existing.id}`)).body;
    expect(restored).toMatchObject({ budgetWan: 20, version: existing.version + 2 });
    const deletes = await t.store.db
      .selectFrom('auditLog')
      .select('action')
      .where('requestId', '=', `import-${preview.body.id}`)
      .where('action', '=', 'delete')
      .execute();
    expect(deletes).toHaveLength(150 - 1);

    await sql`drop trigger fail_import_row on problems`.execute(t.store.db);
    const again = await t.call('POST', `/api/v1/imports/${preview.body.id}/run`);
    expect(again.status).toBe(202);
    await t.deps.imports.idle();
    const done = (await t.call('GET', `/api/v1/imports/${preview.body.id}`)).body;
    expect(done).toMatchObject({
      status: 'completed',
      error: null,
      attempts: 2,
      progress: { done: 200, total: 200 },
      result: { created: 199, updated: 1, unchanged: 0, rejected: 0 },
    });
    expect(await liveProblems('回滚测试第')).toBe(199);
    expect((await t.call('GET', `/api/v1/problems/${existing.id}`)).body.budgetWan).toBe(99);
  });
});

describe('import jobs: an interrupted run resumes where it stopped', () => {
  it('carries on from the last finished batch after a restart, writing each row once', async () => {
    let batches = 0;
    const first = runner({
      batchSize: 20,
      onBatch: () => {
        if (++batches === 2) void first.stop(); // the process is told to stop after its second batch
      },
    });
    t.deps.imports = first;
    const preview = await upload(t, 'problems', csvFile([HEADER, ...problemRows('续跑测试', 120)]));
    await t.call('POST', `/api/v1/imports/${preview.body.id}/run`);
    await first.idle();
    const interrupted = (await t.call('GET', `/api/v1/imports/${preview.body.id}`)).body;
    expect(interrupted).toMatchObject({
      status: 'running',
      progress: { done: 40, total: 120 },
      result: { created: 40 },
    });
    expect(await liveProblems('续跑测试')).toBe(40);

    // A new process starts and picks up what the old one left.
    const second = runner({ batchSize: 20 });
    t.deps.imports = second;
    expect(await second.resumeUnfinished()).toBe(1);
    await second.idle();
    const done = (await t.call('GET', `/api/v1/imports/${preview.body.id}`)).body;
    expect(done).toMatchObject({
      status: 'completed',
      attempts: 2,
      progress: { done: 120, total: 120, percent: 100 },
      result: { created: 120, updated: 0, unchanged: 0, rejected: 0 },
    });
    expect(await liveProblems('续跑测试')).toBe(120);
    const audit = await t.store.db
      .selectFrom('auditLog')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('requestId', '=', `import-${preview.body.id}`)
      .executeTakeFirstOrThrow();
    expect(Number(audit.n)).toBe(120);
  });
});

describe('import jobs: a 20,000-row file', () => {
  it('previews and imports every row, and a second import of it changes nothing', { timeout: 300_000 }, async () => {
    t.deps.imports = runner({ batchSize: 250 });
    const codes = Array.from({ length: 40 }, () => makeCreditCode());
    const enterprises = await importFile(
      t,
      'enterprises',
      csvFile([['企业名称', '统一社会信用代码'], ...codes.map((code, i) => [`大批量测试企业${i + 1}`, code])]),
    );
    expect(enterprises.job.result.created).toBe(40);

    const N = 20_000;
    const rows = Array.from({ length: N }, (_, i) => [
      `大批量需求${i + 1}`,
      codes[i % codes.length]!,
      i % 2 ? '新材料' : '电子信息',
      i % 500,
      DESCRIPTION,
    ]);
    rows[9_999]![4] = '太短'; // one bad row in the middle
    const file = csvFile([HEADER, ...rows]);
    const { preview, job } = await importFile(t, 'problems', file);
    expect(preview).toMatchObject({ total: N, planned: { created: N - 1, updated: 0, unchanged: 0, rejected: 1 } });
    expect(job).toMatchObject({
      status: 'completed',
      progress: { done: N, total: N },
      result: { created: N - 1, rejected: 1 },
    });
    expect(await liveProblems('大批量需求')).toBe(N - 1);
    const rejected = await t.call('GET', `/api/v1/imports/${job.id}/rows?fate=rejected`);
    expect(rejected.body.items.map((r: { rowNo: number }) => r.rowNo)).toEqual([10_001]);

    const again = await importFile(t, 'problems', file);
    expect(again.job.result).toEqual({ created: 0, updated: 0, unchanged: N - 1, rejected: 1 });
    expect(await liveProblems('大批量需求')).toBe(N - 1);
  });
});
