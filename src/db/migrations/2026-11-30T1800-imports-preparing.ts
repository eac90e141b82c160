/**
 * Import jobs get a `preparing` status: the dry run writes a job's rows in small chunks (so the
 * embedded database is not held for seconds) and the job stays hidden until every row is written.
 * Frozen: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

const WITH = ['previewed', 'queued', 'running', 'completed', 'failed', 'cancelled', 'preparing'];
const WITHOUT = WITH.filter((s) => s !== 'preparing');

const check = (statuses: string[]) => sql.raw(`CHECK (status IN (${statuses.map((s) => `'${s}'`).join(', ')}))`);

export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_status_check,
    ADD CONSTRAINT import_jobs_status_check ${check(WITH)}`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  // A job still being prepared has no complete dry run: it goes with its rows.
  await sql`DELETE FROM import_jobs WHERE status = 'preparing'`.execute(db);
  await sql`ALTER TABLE import_jobs DROP CONSTRAINT import_jobs_status_check,
    ADD CONSTRAINT import_jobs_status_check ${check(WITHOUT)}`.execute(db);
}
