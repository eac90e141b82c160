/**
 * Runs import jobs in the background, one at a time, in batches. Each batch is one transaction
 * that writes its records (through the same record helpers as the API, so audit and outbox rows
 * go with them) together with the rows' outcomes and the job's progress: a crash loses at most the
 * batch in flight, and `resumeUnfinished` at start carries the job on from there. A batch that
 * still fails after its retries rolls back what the job wrote, so no file is left half imported.
 */
import type { Kysely } from 'kysely';
import type { Actor } from '../../auth/actor.js';
import type { DatabaseMode } from '../../db/database.js';
import type { Database, ImportJob, ImportRow, RowFate } from '../../db/tables.js';
import type { Logger } from '../../logger.js';
import type { ChangeContext } from '../../db/changes.js';
import { lockLive, softDeleteRecord, updateRecord } from '../../db/records.js';
import { columnNamer, decide } from './plan.js';
import { randomUUID } from 'node:crypto';
import {
  claimJob,
  findJob,
  pendingRows,
  releaseJobs,
  renewJob,
  type RowOutcome,
  resetRows,
  transitionJob,
  saveOutcomes,
  unfinishedJobs,
  updateJob,
  writtenRows,
} from './repository.js';
import { TARGETS } from './targets/index.js';
import { yieldToEventLoop } from './yield.js';
import type { ImportTarget, NewRow } from './target.js';

export interface ImportRunner {
  /** Queues a job that was moved to `queued`. */
  enqueue(jobId: string): void;
  /** Queues the jobs a previous process left queued or running. */
  resumeUnfinished(): Promise<number>;
  /** Resolves when no job is queued or running here. */
  idle(): Promise<void>;
  /** Every half lease, takes over jobs whose holder stopped renewing (a crashed process). */
  watch(): void;
  /** Finishes the batch in flight and stops; the job stays `running`, its lease released, and resumes in another process or at the next start. */
  stop(): Promise<void>;
}

export interface RunnerOptions {
  db: Kysely<Database>;
  logger: Logger;
  now: () => Date;
  /** Called after each batch (the search indexer's poke). */
  onBatch?: () => void;
  /** Picks the default batch size: the embedded database runs in this thread (see BATCH_SIZE). */
  dbMode?: DatabaseMode;
  batchSize?: number;
  /** Waits before each retry of a failed batch; its length is the number of retries. */
  retryDelaysMs?: readonly number[];
  /** How long a job stays this process's without a finished batch; renewed in every batch's transaction. */
  leaseMs?: number;
}

/** Another process took the job over (this one stalled past its lease): stop without writing. */
class LeaseLost extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Rows per batch (one transaction). PGlite executes queries synchronously in this thread and a
 * transaction holds its only connection, so every other request waits for the batch in flight: 25
 * rows keep that wait near 100 ms (measured: test/bench/import-stall.ts). PostgreSQL runs beside us.
 */
export const BATCH_SIZE: Record<DatabaseMode, number> = { pglite: 25, postgres: 250 };

const jobActor = (job: ImportJob): Actor => ({
  userId: job.createdBy,
  name: job.createdByName,
  role: 'bureau',
  enterpriseId: null,
  universityId: null,
});
const specOf = (target: ImportTarget) => ({ table: target.table, entity: target.entity, label: target.label });

export function createImportRunner(opts: RunnerOptions): ImportRunner {
  const { db, logger } = opts;
  const batchSize = opts.batchSize ?? BATCH_SIZE[opts.dbMode ?? 'postgres'];
  const retryDelays = opts.retryDelaysMs ?? [500, 2_000, 8_000];
  const leaseMs = opts.leaseMs ?? 60_000;
  const holder = randomUUID();
  let sweep: ReturnType<typeof setInterval> | undefined;
  const renew = async (tx: Kysely<Database>, jobId: string, status: 'running' | 'cancelled' = 'running') => {
    if (!(await renewJob(tx, jobId, holder, leaseMs, status)))
      throw new LeaseLost(`import ${jobId} was taken over by another process`);
  };
  const queue: string[] = [];
  let current: Promise<void> | null = null;
  let stopping = false;

  async function applyBatch(
    job: ImportJob,
    target: ImportTarget,
    rows: ImportRow[],
    ctx: ChangeContext,
  ): Promise<void> {
    const columnOf = columnNamer(target, job.columns);
    await db.transaction().execute(async (tx) => {
      await renew(tx, job.id);
      const valid = rows.filter((r) => r.input);
      const lookups = valid.length
        ? await target.lookup(
            tx,
            valid.map((r) => r.input!),
          )
        : [];
      const lookupOf = new Map(valid.map((r, i) => [r.rowNo, lookups[i]!]));
      const outcomes: RowOutcome[] = [];
      const creates: { outcome: RowOutcome; row: NewRow }[] = [];
      const counts: Record<RowFate, number> = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
      for (const row of rows) {
        const lookup = lookupOf.get(row.rowNo);
        const base = { rowNo: row.rowNo, recordId: null, recordVersion: null, undo: null, errors: row.errors };
        if (!row.input || !lookup) {
          outcomes.push({ ...base, fate: 'rejected' });
          counts.rejected++;
          continue;
        }
        const decision = decide(target, row.input, lookup, columnOf);
        counts[decision.fate]++;
        if (decision.fate === 'rejected') {
          outcomes.push({ ...base, fate: 'rejected', errors: decision.errors ?? [] });
        } else if (decision.fate === 'created') {
          const outcome: RowOutcome = { ...base, fate: 'created', recordVersion: 1 };
          outcomes.push(outcome);
          creates.push({ outcome, row: { input: decision.input!, refs: lookup.refs ?? {} } });
        } else if (decision.fate === 'updated') {
          const existing = lookup.existing!;
          const after = await updateRecord(
            tx,
            ctx,
            specOf(target),
            existing.id,
            { version: existing.version, from: 'body' },
            decision.patch!,
          );
          outcomes.push({
            ...base,
            fate: 'updated',
            recordId: existing.id,
            recordVersion: after.version,
            undo: decision.undo!,
          });
        } else {
          outcomes.push({ ...base, fate: 'unchanged', recordId: lookup.existing!.id });
        }
      }
      const ids = await target.create(
        tx,
        ctx,
        creates.map((c) => c.row),
        opts.now(),
      );
      creates.forEach((c, i) => (c.outcome.recordId = ids[i]!));
      await saveOutcomes(tx, job.id, outcomes);
      await updateJob(tx, job.id, {}, { ...counts, done: rows.length });
    });
  }

  /** Undoes what the job wrote, last row first: new records are deleted, updated ones get their old values back — unless someone changed them since. */
  async function rollback(
    job: ImportJob,
    target: ImportTarget,
    ctx: ChangeContext,
    status: 'running' | 'cancelled' = 'running',
  ): Promise<number> {
    let skipped = 0;
    for (;;) {
      await yieldToEventLoop();
      const rows = await writtenRows(db, job.id, batchSize);
      if (!rows.length) break;
      await db.transaction().execute(async (tx) => {
        await renew(tx, job.id, status);
        for (const row of rows) {
          const current = await lockLive<{ id: string; version: number }>(tx, specOf(target), row.recordId!).catch(
            () => undefined,
          );
          if (!current || current.version !== row.recordVersion) {
            skipped++;
            continue;
          }
          if (row.fate === 'created') await softDeleteRecord(tx, ctx, specOf(target), row.recordId!, undefined);
          else
            await updateRecord(
              tx,
              ctx,
              specOf(target),
              row.recordId!,
              { version: current.version, from: 'body' },
              row.undo ?? {},
            );
        }
        await saveOutcomes(
          tx,
          job.id,
          rows.map((r) => ({
            rowNo: r.rowNo,
            fate: null,
            recordId: null,
            recordVersion: null,
            undo: null,
            errors: r.errors,
          })),
        );
      });
    }
    await resetRows(db, job.id);
    return skipped;
  }

  /**
   * An officer cancelled the job while it ran (the status moved to `cancelled`, the lease still ours):
   * the batch in flight was refused, so undo what the job wrote and record it.
   */
  async function undoCancelled(job: ImportJob, target: ImportTarget, ctx: ChangeContext): Promise<boolean> {
    const now = await findJob(db, job.id);
    if (now?.status !== 'cancelled' || now.lockedBy !== holder) return false;
    const written = now.createdCount + now.updatedCount;
    const skipped = await rollback(job, target, ctx, 'cancelled');
    await updateJob(
      db,
      job.id,
      {
        finishedAt: opts.now(),
        lockedBy: null,
        lockedUntil: null,
        error: written
          ? `已撤销本次导入已写入的 ${written - skipped} 条记录${skipped ? `（另有 ${skipped} 条在导入后已被他人修改，未撤销）` : ''}`
          : null,
      },
      { reset: true },
    );
    opts.onBatch?.();
    logger.info('import cancelled and rolled back', { job: job.id, undone: written - skipped, notRolledBack: skipped });
    return true;
  }

  async function runJob(jobId: string): Promise<void> {
    if (!(await claimJob(db, jobId, holder, leaseMs))) return;
    const claimedJob = (await findJob(db, jobId))!;
    const startedAt = claimedJob.startedAt ?? opts.now();
    await updateJob(db, jobId, { startedAt, error: null }, { attempt: true });
    const job: ImportJob = { ...claimedJob, startedAt, error: null, attempts: claimedJob.attempts + 1 };
    const target = TARGETS[job.kind];
    const ctx: ChangeContext = { actor: jobActor(job), requestId: `import-${job.id}` };
    logger.info('import started', { job: job.id, kind: job.kind, rows: job.totalRows, done: job.rowsDone });

    try {
      await runBatches(job, target, ctx);
    } catch (err) {
      if (err instanceof LeaseLost && (await undoCancelled(job, target, ctx))) return;
      throw err;
    }
  }

  async function runBatches(job: ImportJob, target: ImportTarget, ctx: ChangeContext): Promise<void> {
    for (let after = 0; ;) {
      await yieldToEventLoop();
      if (stopping) return;
      const rows = await pendingRows(db, job.id, after, batchSize);
      if (!rows.length) break;
      let failure: unknown;
      for (let attempt = 0; attempt <= retryDelays.length; attempt++) {
        if (attempt > 0) await sleep(retryDelays[attempt - 1]!);
        try {
          await applyBatch(job, target, rows, ctx);
          failure = undefined;
          break;
        } catch (err) {
          if (err instanceof LeaseLost) throw err;
          failure = err;
          logger.warn('import batch failed', {
            job: job.id,
            fromRow: rows[0]!.rowNo,
            attempt: attempt + 1,
            error: err instanceof Error ? err.message : String(err),
          });
        }
      }
      opts.onBatch?.();
      after = rows.at(-1)!.rowNo;
      if (failure !== undefined) {
        const reason = failure instanceof Error ? failure.message : String(failure);
        const skipped = await rollback(job, target, ctx);
        await updateJob(
          db,
          job.id,
          {
            status: 'failed',
            finishedAt: opts.now(),
            lockedBy: null,
            lockedUntil: null,
            error: `第 ${rows[0]!.rowNo}–${rows.at(-1)!.rowNo} 行写入失败（重试 ${retryDelays.length} 次）：${reason}。已撤销本次导入写入的记录${skipped ? `，其中 ${skipped} 条在导入后已被他人修改，未撤销` : ''}；排除问题后可重新执行。`,
          },
          { reset: true },
        );
        opts.onBatch?.();
        logger.error('import failed and was rolled back', { job: job.id, error: reason, notRolledBack: skipped });
        return;
      }
    }
    // Only a job still running completes: one cancelled after its last batch is undone instead.
    if (!(await transitionJob(db, job.id, ['running'], 'completed')))
      throw new LeaseLost(`import ${job.id} is no longer running`);
    await updateJob(db, job.id, { finishedAt: opts.now(), lockedBy: null, lockedUntil: null });
    logger.info('import completed', { job: job.id });
  }

  function pump() {
    if (current || stopping) return;
    const next = queue.shift();
    if (!next) return;
    current = runJob(next)
      .catch((err: unknown) =>
        err instanceof LeaseLost
          ? logger.warn('import taken over by another process', { job: next })
          : logger.error('import runner error', {
              job: next,
              error: err instanceof Error ? (err.stack ?? err.message) : String(err),
            }),
      )
      .finally(() => {
        current = null;
        pump();
      });
  }

  return {
    enqueue(jobId) {
      if (!queue.includes(jobId)) queue.push(jobId);
      pump();
    },
    async resumeUnfinished() {
      const jobs = await unfinishedJobs(db);
      for (const j of jobs) this.enqueue(j.id);
      return jobs.length;
    },
    async idle() {
      while (current) await current;
    },
    watch() {
      sweep ??= setInterval(() => {
        this.resumeUnfinished().catch((err: unknown) =>
          logger.warn('import sweep failed', { error: err instanceof Error ? err.message : String(err) }),
        );
      }, leaseMs / 2);
      sweep.unref();
    },
    async stop() {
      stopping = true;
      if (sweep) clearInterval(sweep);
      await current;
      await releaseJobs(db, holder).catch(() => undefined);
    },
  };
}
