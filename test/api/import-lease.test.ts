/**
 * Import jobs with several processes on one database: a job runs exactly once when two runners
 * are told to run it at the same moment, and a job whose holder stopped renewing its lease (a
 * crashed process) is taken over once the lease expires — not before.
 */
import { silentLogger as silent } from '../../src/logger.js';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createImportRunner } from '../../src/modules/imports/runner.js';
import { testApp, type TestApp } from '../support/app.js';
import { fixtures } from '../support/fixtures.js';
import { csvFile, upload } from '../support/spreadsheets.js';

let t: TestApp;
let creditCode: string;
beforeAll(async () => {
  t = await testApp();
  creditCode = (await fixtures(t).enterprise()).creditCode;
});
afterAll(() => t.close());

const runner = (leaseMs = 60_000) =>
  createImportRunner({
    db: t.store.db,
    logger: silent,
    now: () => new Date(),
    batchSize: 10,
    retryDelaysMs: [5],
    leaseMs,
  });
const HEADER = ['难题名称', '统一社会信用代码', '技术领域', '难题描述'];
const DESCRIPTION = '现有人工目检漏检率约 3%，希望用机器视觉把漏检率降到 0.5% 以下。';
const rows = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => [`${prefix}第${i + 1}项`, creditCode, '先进制造与自动化', DESCRIPTION]);

async function queuedJob(prefix: string, n: number): Promise<string> {
  const preview = await upload(t, 'problems', csvFile([HEADER, ...rows(prefix, n)]));
  expect(preview.status).toBe(201);
  await t.store.db.updateTable('importJobs').set({ status: 'queued' }).where('id', '=', preview.body.id).execute();
  return preview.body.id;
}

const writes = async (jobId: string) =>
  Number(
    (
      await t.store.db
        .selectFrom('auditLog')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('requestId', '=', `import-${jobId}`)
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('import lease', () => {
  it('two runners told to run the same job at once: it runs once', async () => {
    const id = await queuedJob('租约并发', 45);
    const [a, b] = [runner(), runner()];
    a.enqueue(id);
    b.enqueue(id);
    await Promise.all([a.idle(), b.idle()]);
    const job = await t.store.db.selectFrom('importJobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'completed', attempts: 1, createdCount: 45, rowsDone: 45, lockedBy: null });
    expect(await writes(id)).toBe(45);
    await Promise.all([a.stop(), b.stop()]);
  });

  it("a crashed holder's job is taken over after its lease expires", async () => {
    const id = await queuedJob('租约接管', 25);
    // The holder claimed the job and died: nobody renews its lease.
    await sql`update import_jobs set status = 'running', locked_by = 'crashed-process', locked_until = now() + interval '800 milliseconds' where id = ${id}`.execute(
      t.store.db,
    );
    const b = runner(400);
    expect(await b.resumeUnfinished()).toBe(0);
    await new Promise((r) => setTimeout(r, 900));
    expect(await b.resumeUnfinished()).toBe(1);
    await b.idle();
    const job = await t.store.db.selectFrom('importJobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'completed', createdCount: 25, lockedBy: null });
    expect(await writes(id)).toBe(25);
    await b.stop();
  });

  it('a runner whose lease was taken over writes nothing more', async () => {
    const id = await queuedJob('租约失效', 30);
    let batches = 0;
    const slow = createImportRunner({
      db: t.store.db,
      logger: silent,
      now: () => new Date(),
      batchSize: 10,
      leaseMs: 60_000,
      // After the first batch another process takes the job (as if this one had stalled past its lease).
      onBatch: () => {
        if (++batches === 1)
          void sql`update import_jobs set locked_by = 'other-process' where id = ${id}`.execute(t.store.db);
      },
    });
    slow.enqueue(id);
    await slow.idle();
    expect(await writes(id)).toBe(10);
    const job = await t.store.db.selectFrom('importJobs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(job).toMatchObject({ status: 'running', lockedBy: 'other-process', rowsDone: 10 });
    await slow.stop();
  });
});
