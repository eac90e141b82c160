/**
 * Spreadsheet imports: one job per uploaded file, with every row's planned fate (the dry run)
 * and, once run, its actual fate, the record it wrote and what undoes it. The rows are kept so a
 * run can resume after a restart without the file, and so a failed run can be rolled back.
 * Frozen: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  const statements = [
    `CREATE TABLE import_jobs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('enterprises', 'universities', 'labs', 'problems')),
      file_name text NOT NULL,
      format text NOT NULL CHECK (format IN ('xlsx', 'csv')),
      status text NOT NULL CHECK (status IN ('previewed', 'queued', 'running', 'completed', 'failed', 'cancelled')),
      columns jsonb NOT NULL,
      ignored_columns jsonb NOT NULL,
      total_rows integer NOT NULL,
      planned jsonb NOT NULL,
      rows_done integer NOT NULL DEFAULT 0,
      created_count integer NOT NULL DEFAULT 0,
      updated_count integer NOT NULL DEFAULT 0,
      unchanged_count integer NOT NULL DEFAULT 0,
      rejected_count integer NOT NULL DEFAULT 0,
      attempts integer NOT NULL DEFAULT 0,
      error text,
      created_by uuid REFERENCES users(id),
      created_by_name text NOT NULL,
      started_at timestamptz,
      finished_at timestamptz,
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now()
    )`,
    `CREATE INDEX import_jobs_created ON import_jobs (created_at DESC)`,
    `CREATE INDEX import_jobs_unfinished ON import_jobs (status) WHERE status IN ('queued', 'running')`,
    `CREATE TABLE import_rows (
      job_id uuid NOT NULL REFERENCES import_jobs(id) ON DELETE CASCADE,
      row_no integer NOT NULL,
      natural_key text,
      cells jsonb NOT NULL,
      input jsonb,
      planned text NOT NULL CHECK (planned IN ('created', 'updated', 'unchanged', 'rejected')),
      errors jsonb NOT NULL DEFAULT '[]',
      fate text CHECK (fate IN ('created', 'updated', 'unchanged', 'rejected')),
      record_id uuid,
      record_version integer,
      undo jsonb,
      PRIMARY KEY (job_id, row_no)
    )`,
    // A problem's natural key for imports: its title within its enterprise.
    `CREATE INDEX problems_enterprise_title ON problems (enterprise_id, title) WHERE deleted_at IS NULL`,
  ];
  for (const statement of statements) await sql.raw(statement).execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw('DROP INDEX IF EXISTS problems_enterprise_title').execute(db);
  await sql.raw('DROP TABLE import_rows, import_jobs').execute(db);
}
