/**
 * Cancelling an import while it runs: the runner's next batch is refused, what the job wrote is
 * undone (created records deleted, with their audit rows), the job ends `cancelled` saying how many
 * records were undone. A finished job cannot be cancelled; a job cancelled after its last batch is
 * not marked completed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { transitionJob } from '../../src/modules/imports/repository.js';
import { createImportRunner } from '../../src/modules/imports/runner.js';
import { importService } from '../../src/modules/imports/service.js';
import { testApp, type TestApp } from '../support/app.js';
import { makeCreditCode } from '../support/fixtures.js';
import { csvFile, upload } from '../support/spreadsheets.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.close());

const enterprisesNamed = async (prefix: string) =>
  (
    await t.deps.db
      .selectFrom('enterprises')
      .select('id')
      .where('name', 'like', `${prefix}%`)
      .where('deletedAt', 'is', null)
      .execute()
  ).length;

describe('cancelling a running import', () => {
  it('stops at the next batch and undoes what the job wrote', async () => {
    const prefix = '取消测试企业';
    const file = csvFile([
      ['企业名称', '统一社会信用代码'],
      ...Array.from({ length: 200 }, (_, i) => [`${prefix}${i + 1}号有限公司`, makeCreditCode()]),
    ]);
    const preview = await upload(t, 'enterprises', file);
    expect(preview.status).toBe(201);
    const id = preview.body.id as string;
    const svc = importService(t.deps);
    let cancelling: Promise<void> | undefined;
    // A runner of small batches; after its first batch an officer cancels.
    const runner = createImportRunner({
      db: t.deps.db,
      logger: silentLogger,
      now: () => new Date(),
      batchSize: 10,
      onBatch: () => void (cancelling ??= svc.cancel(id)),
    });
    expect(await transitionJob(t.deps.db, id, ['previewed'], 'queued')).toBe(true);
    runner.enqueue(id);
    await runner.idle();
    await cancelling;
    await runner.stop();

    const job = (await t.call('GET', `/api/v1/imports/${id}`)).body;
    expect(job.status).toBe('cancelled');
    expect(job.error).toMatch(/^已撤销本次导入已写入的 \d+ 条记录$/);
    expect(Number(/(\d+) 条/.exec(job.error)![1])).toBeGreaterThan(0);
    expect(job.progress.done).toBe(0);
    expect(job.result).toEqual({ created: 0, updated: 0, unchanged: 0, rejected: 0 });
    expect(await enterprisesNamed(prefix)).toBe(0);
    const rows = await t.call('GET', `/api/v1/imports/${id}/rows?limit=100&fate=created`);
    expect(rows.body.total).toBe(0);
    // Cancelled is final.
    expect((await t.call('POST', `/api/v1/imports/${id}/run`)).status).toBe(409);
  });

  it('refuses to cancel a completed job', async () => {
    const file = csvFile([
      ['企业名称', '统一社会信用代码'],
      ['已完成不能取消有限公司', makeCreditCode()],
    ]);
    const preview = await upload(t, 'enterprises', file);
    await t.call('POST', `/api/v1/imports/${preview.body.id}/run`);
    await t.deps.imports.idle();
    const res = await t.call('DELETE', `/api/v1/imports/${preview.body.id}`);
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('已完成');
    expect(await enterprisesNamed('已完成不能取消')).toBe(1);
  });
});
