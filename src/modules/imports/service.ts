/** 数据导入: the dry run (a job holding every row's planned fate), the run, progress and row reports. */
import type { ImportJob, ImportRow } from '../../db/tables.js';
import { shanghaiToday } from '../../domain/calendar.js';
import type { AppDeps } from '../../deps.js';
import { ApiError, notFound } from '../../http/errors.js';
import { toPage } from '../../db/pagination.js';
import type { ChangeContext } from '../../db/changes.js';
import { planRows, readRows } from './plan.js';
import { readSheet } from './read-sheet.js';
import {
  cancelRunning,
  deleteStalePreparing,
  findJob,
  insertJobWithRows,
  listJobs,
  listRows,
  transitionJob,
} from './repository.js';
import { FATE_LABELS, type ImportJobView, type ImportRowView, KIND_LABELS, STATUS_LABELS } from './schemas.js';
import { TARGETS } from './targets/index.js';
import type { z } from '@hono/zod-openapi';
import type { JobsQuery, RowsQuery } from './schemas.js';

const LABEL = '导入任务';
/** A dry run still `preparing` after this long was cut off by a stopped process. */
const STALE_PREPARING_MS = 3_600_000;
const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** A job's view; `findJob` never returns one still `preparing`. */
export function toJobView(found: ImportJob): ImportJobView {
  const job = found as ImportJob & { status: ImportJobView['status'] };
  const ran = job.rowsDone > 0 || job.status === 'completed';
  return {
    id: job.id,
    kind: job.kind,
    kindLabel: KIND_LABELS[job.kind],
    fileName: job.fileName,
    format: job.format,
    status: job.status,
    statusLabel: STATUS_LABELS[job.status],
    // jsonb keeps its own key order; answer in the documented one.
    columns: job.columns.map(({ header, field }) => ({ header, field })),
    ignoredColumns: job.ignoredColumns,
    total: job.totalRows,
    planned: {
      created: job.planned.created,
      updated: job.planned.updated,
      unchanged: job.planned.unchanged,
      rejected: job.planned.rejected,
    },
    progress: {
      done: job.rowsDone,
      total: job.totalRows,
      percent: job.totalRows ? Math.round((job.rowsDone / job.totalRows) * 1000) / 10 : 100,
    },
    result: {
      created: job.createdCount,
      updated: job.updatedCount,
      unchanged: job.unchangedCount,
      rejected: job.rejectedCount,
    },
    errors: ran ? job.rejectedCount : job.planned.rejected,
    attempts: job.attempts,
    error: job.error,
    createdBy: { id: job.createdBy, name: job.createdByName },
    createdAt: job.createdAt.toISOString(),
    startedAt: iso(job.startedAt),
    finishedAt: iso(job.finishedAt),
    version: job.version,
  };
}

export const toRowView = (row: ImportRow): ImportRowView => ({
  rowNo: row.rowNo,
  naturalKey: row.naturalKey,
  planned: row.planned,
  plannedLabel: FATE_LABELS[row.planned],
  fate: row.fate,
  fateLabel: row.fate ? FATE_LABELS[row.fate] : null,
  recordId: row.recordId,
  errors: row.errors,
  cells: row.cells,
});

export function importService(deps: AppDeps) {
  const { db } = deps;

  async function job(id: string): Promise<ImportJob> {
    const found = await findJob(db, id);
    if (!found) throw notFound(LABEL);
    return found;
  }

  return {
    /** Reads and checks the whole file against the current records; writes nothing but the job. */
    async preview(
      ctx: ChangeContext,
      upload: { kind: ImportJob['kind']; fileName: string; bytes: Uint8Array },
    ): Promise<ImportJobView> {
      const target = TARGETS[upload.kind];
      const sheet = await readSheet(upload.bytes);
      if (!sheet.rows.length)
        throw new ApiError('validation_failed', '文件中没有数据', [{ path: 'file', message: '文件为空' }]);
      const read = await readRows(target, sheet, shanghaiToday(deps.now()));
      const rows = await planRows(db, target, read);
      await deleteStalePreparing(db, new Date(deps.now().getTime() - STALE_PREPARING_MS));
      const created = await insertJobWithRows(
        db,
        {
          kind: upload.kind,
          fileName: upload.fileName,
          format: sheet.format,
          columns: read.columns,
          ignored: read.ignored,
          createdBy: ctx.actor.userId,
          createdByName: ctx.actor.name,
        },
        rows,
      );
      deps.logger.info('import previewed', {
        job: created.id,
        kind: upload.kind,
        rows: rows.length,
        planned: created.planned,
      });
      return toJobView(created);
    },

    /** Starts (or, after a failure or a restart, resumes) the run; asking again while it runs changes nothing. */
    async run(id: string): Promise<ImportJobView> {
      const current = await job(id);
      if (current.status === 'cancelled') throw new ApiError('conflict', '该导入任务已取消，请重新上传文件');
      if (current.status === 'previewed' || current.status === 'failed')
        await transitionJob(db, id, ['previewed', 'failed'], 'queued');
      if (current.status !== 'completed') deps.imports.enqueue(id);
      return toJobView(await job(id));
    },

    /** Before the run nothing is written; during it the runner stops at the next batch and undoes what the job wrote. */
    async cancel(id: string): Promise<void> {
      const current = await job(id);
      // A queued job has written nothing yet; the runner's claim skips it once it is cancelled.
      if (await transitionJob(db, id, ['previewed', 'queued', 'failed'], 'cancelled')) return;
      if (current.status === 'running' && (await cancelRunning(db, id))) return;
      throw new ApiError(
        'conflict',
        current.status === 'running'
          ? '该导入任务正在恢复执行，请稍后再取消'
          : `该导入任务${STATUS_LABELS[current.status as ImportJobView['status']]}，不能取消${current.status === 'completed' ? '；如需撤回请在相应记录中修改' : ''}`,
      );
    },

    async get(id: string): Promise<ImportJobView> {
      return toJobView(await job(id));
    },

    async list(input: z.infer<typeof JobsQuery>) {
      const { rows, offset } = await listJobs(db, input);
      return toPage(rows, input, offset, toJobView);
    },

    async rows(id: string, input: z.infer<typeof RowsQuery>) {
      await job(id);
      const { rows, offset } = await listRows(db, id, input);
      return toPage(rows, input, offset, toRowView);
    },

    job,
  };
}
