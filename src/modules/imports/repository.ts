/** Import jobs and their rows: queries only. */
import { type Kysely, sql } from 'kysely';
import type { Database, ImportJob, ImportKind, ImportStatus, RowError, RowFate } from '../../db/tables.js';
import { pageOf } from '../../db/pagination.js';
import type { PlannedRow } from './plan.js';
import { yieldToEventLoop } from './yield.js';

/** Rows per INSERT: about 20 ms on PGlite on a busy 2-core machine. */
const INSERT_CHUNK = 250;

/**
 * Writes a dry run: the job, hidden as `preparing`, then its rows in chunks — each its own short
 * statement with a yield before it, so the embedded database is never held for long — and last the
 * job's move to `previewed`, which shows it. A failure removes the job and the rows written so far.
 */
export async function insertJobWithRows(
  db: Kysely<Database>,
  job: {
    kind: ImportKind;
    fileName: string;
    format: 'xlsx' | 'csv';
    columns: { header: string; field: string }[];
    ignored: string[];
    createdBy: string | null;
    createdByName: string;
  },
  rows: PlannedRow[],
): Promise<ImportJob> {
  const planned: Record<RowFate, number> = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const r of rows) planned[r.planned]++;
  const created = await db
    .insertInto('importJobs')
    .values({
      kind: job.kind,
      fileName: job.fileName,
      format: job.format,
      status: 'preparing',
      columns: JSON.stringify(job.columns),
      ignoredColumns: JSON.stringify(job.ignored),
      totalRows: rows.length,
      planned: JSON.stringify(planned),
      createdBy: job.createdBy,
      createdByName: job.createdByName,
      error: null,
      startedAt: null,
      finishedAt: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  try {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await yieldToEventLoop();
      await db
        .insertInto('importRows')
        .values(
          rows.slice(i, i + INSERT_CHUNK).map((r) => ({
            jobId: created.id,
            rowNo: r.rowNo,
            naturalKey: r.key,
            cells: JSON.stringify(r.cells),
            input: r.input ? JSON.stringify(r.input) : null,
            planned: r.planned,
            errors: JSON.stringify(r.errors),
            fate: null,
            recordId: null,
            recordVersion: null,
            undo: null,
          })),
        )
        .execute();
    }
    return await db
      .updateTable('importJobs')
      .set({ status: 'previewed' })
      .where('id', '=', created.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  } catch (err) {
    await db
      .deleteFrom('importJobs')
      .where('id', '=', created.id)
      .execute()
      .catch(() => undefined);
    throw err;
  }
}

/** Dry runs a process left half written when it stopped (their rows go with them). */
export const deleteStalePreparing = (db: Kysely<Database>, olderThan: Date) =>
  db.deleteFrom('importJobs').where('status', '=', 'preparing').where('createdAt', '<', olderThan).execute();

/** A job as the service sees it: one still being prepared is not there yet. */
export const findJob = (db: Kysely<Database>, id: string) =>
  db.selectFrom('importJobs').selectAll().where('id', '=', id).where('status', '!=', 'preparing').executeTakeFirst();

export async function listJobs(
  db: Kysely<Database>,
  input: { kind?: ImportKind; status?: ImportStatus[]; limit: number; cursor?: string },
) {
  let q = db.selectFrom('importJobs').where('status', '!=', 'preparing');
  if (input.kind) q = q.where('kind', '=', input.kind);
  if (input.status?.length) q = q.where('status', 'in', input.status);
  return pageOf(q, (q) => q.selectAll().orderBy('createdAt', 'desc').orderBy('id'), input);
}

export async function listRows(
  db: Kysely<Database>,
  jobId: string,
  input: { fate?: RowFate[]; planned?: RowFate[]; limit: number; cursor?: string },
) {
  let q = db.selectFrom('importRows').where('jobId', '=', jobId);
  if (input.fate?.length) q = q.where('fate', 'in', input.fate);
  if (input.planned?.length) q = q.where('planned', 'in', input.planned);
  return pageOf(q, (q) => q.selectAll().orderBy('rowNo'), input);
}

/** Rows after a row number, in file order (keyset paging for the row report); `fate`: planned or actual. */
export function rowsAfter(db: Kysely<Database>, jobId: string, afterRowNo: number, limit: number, fate?: RowFate) {
  let q = db.selectFrom('importRows').selectAll().where('jobId', '=', jobId).where('rowNo', '>', afterRowNo);
  if (fate) q = q.where((eb) => eb.or([eb('planned', '=', fate), eb('fate', '=', fate)]));
  return q.orderBy('rowNo').limit(limit).execute();
}

/** Rows the run has not written yet, in file order, after the last row this run wrote. */
export const pendingRows = (db: Kysely<Database>, jobId: string, afterRowNo: number, limit: number) =>
  db
    .selectFrom('importRows')
    .selectAll()
    .where('jobId', '=', jobId)
    .where('rowNo', '>', afterRowNo)
    .where('fate', 'is', null)
    .orderBy('rowNo')
    .limit(limit)
    .execute();

/** Rows the run wrote, last first, for a rollback. */
export const writtenRows = (db: Kysely<Database>, jobId: string, limit: number) =>
  db
    .selectFrom('importRows')
    .selectAll()
    .where('jobId', '=', jobId)
    .where('fate', 'in', ['created', 'updated'])
    .orderBy('rowNo', 'desc')
    .limit(limit)
    .execute();

export interface RowOutcome {
  rowNo: number;
  fate: RowFate | null;
  recordId: string | null;
  recordVersion: number | null;
  undo: Record<string, unknown> | null;
  errors: RowError[];
}

/** Writes many rows' outcomes in one statement. */
export async function saveOutcomes(db: Kysely<Database>, jobId: string, outcomes: RowOutcome[]): Promise<void> {
  if (!outcomes.length) return;
  const values = sql.join(
    outcomes.map(
      (o) =>
        sql`(${o.rowNo}::int, ${o.fate}::text, ${o.recordId}::uuid, ${o.recordVersion}::int, ${o.undo ? JSON.stringify(o.undo) : null}::jsonb, ${JSON.stringify(o.errors)}::jsonb)`,
    ),
  );
  await sql`update import_rows as r
    set fate = v.fate, record_id = v.record_id, record_version = v.record_version, undo = v.undo, errors = v.errors
    from (values ${values}) as v(row_no, fate, record_id, record_version, undo, errors)
    where r.job_id = ${jobId} and r.row_no = v.row_no`.execute(db);
}

export type JobPatch = Partial<
  Pick<ImportJob, 'status' | 'error' | 'startedAt' | 'finishedAt' | 'lockedBy' | 'lockedUntil'>
>;

export async function updateJob(
  db: Kysely<Database>,
  id: string,
  patch: JobPatch,
  counts?: Partial<Record<RowFate, number>> & { done?: number; reset?: boolean; attempt?: boolean },
): Promise<void> {
  let q = db.updateTable('importJobs').set({ ...patch, updatedAt: new Date(), version: sql`version + 1` });
  if (counts?.reset) q = q.set({ rowsDone: 0, createdCount: 0, updatedCount: 0, unchangedCount: 0, rejectedCount: 0 });
  if (counts?.done) q = q.set({ rowsDone: sql`rows_done + ${counts.done}` });
  if (counts?.created) q = q.set({ createdCount: sql`created_count + ${counts.created}` });
  if (counts?.updated) q = q.set({ updatedCount: sql`updated_count + ${counts.updated}` });
  if (counts?.unchanged) q = q.set({ unchangedCount: sql`unchanged_count + ${counts.unchanged}` });
  if (counts?.rejected) q = q.set({ rejectedCount: sql`rejected_count + ${counts.rejected}` });
  if (counts?.attempt) q = q.set({ attempts: sql`attempts + 1` });
  await q.where('id', '=', id).execute();
}

/** Moves a job from one of `from` to `to`; false when it was in another state (someone else moved it). */
export async function transitionJob(
  db: Kysely<Database>,
  id: string,
  from: ImportStatus[],
  to: ImportStatus,
): Promise<boolean> {
  const r = await db
    .updateTable('importJobs')
    .set({ status: to, updatedAt: new Date(), version: sql`version + 1` })
    .where('id', '=', id)
    .where('status', 'in', from)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * Cancels a job while a live process runs it: its next batch is refused and the runner undoes what the
 * job wrote. A job whose holder stopped (lease expired) is left for the process that resumes it.
 */
export async function cancelRunning(db: Kysely<Database>, id: string): Promise<boolean> {
  const r = await sql`UPDATE import_jobs SET status = 'cancelled', updated_at = now(), version = version + 1
    WHERE id = ${id} AND status = 'running' AND locked_by IS NOT NULL AND locked_until > now()`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** Queued or running jobs no live process holds: never started here, or their holder stopped renewing. */
export const unfinishedJobs = (db: Kysely<Database>) =>
  db
    .selectFrom('importJobs')
    .select('id')
    .where('status', 'in', ['queued', 'running'])
    .where((eb) => eb.or([eb('lockedUntil', 'is', null), eb('lockedUntil', '<', sql<Date>`now()`)]))
    .orderBy('createdAt')
    .execute();

/**
 * Claims a queued or running job for `holder` until `ttlMs` from now — unless another process holds
 * it (a live lease, or a claim in progress: SKIP LOCKED). Several processes may try; one wins.
 */
export async function claimJob(db: Kysely<Database>, id: string, holder: string, ttlMs: number): Promise<boolean> {
  const r = await sql`
    UPDATE import_jobs SET status = 'running', locked_by = ${holder}, locked_until = now() + ${ttlMs} * interval '1 millisecond',
      updated_at = now(), version = version + 1
    WHERE id = (
      SELECT id FROM import_jobs WHERE id = ${id} AND status IN ('queued', 'running')
        AND (locked_until IS NULL OR locked_until < now() OR locked_by = ${holder})
      FOR UPDATE SKIP LOCKED)`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** Extends the lease in the batch's own transaction: false when another process has taken the job over (or, for `running`, it was cancelled). */
export async function renewJob(
  db: Kysely<Database>,
  id: string,
  holder: string,
  ttlMs: number,
  status: 'running' | 'cancelled' = 'running',
): Promise<boolean> {
  const r = await sql`UPDATE import_jobs SET locked_until = now() + ${ttlMs} * interval '1 millisecond'
    WHERE id = ${id} AND locked_by = ${holder} AND status = ${status}`.execute(db);
  return Number(r.numAffectedRows ?? 0) > 0;
}

/** Lets go of the jobs `holder` runs, so another process may take them at once (at shutdown). */
export const releaseJobs = (db: Kysely<Database>, holder: string) =>
  db.updateTable('importJobs').set({ lockedBy: null, lockedUntil: null }).where('lockedBy', '=', holder).execute();

export const resetRows = (db: Kysely<Database>, jobId: string) =>
  db
    .updateTable('importRows')
    .set({ fate: null, recordId: null, recordVersion: null, undo: null })
    .where('jobId', '=', jobId)
    .where('fate', 'is not', null)
    .execute();
