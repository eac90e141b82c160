/**
 * 填报指标: figures the platform does not record (专利, 项目资金, 全市高新技术企业总数, 孵化载体,
 * 科普), entered by the bureau for a report period. Append-only: each change of a figure is a new
 * row with who, when, the value, its source and the source's date; the newest row of a period and
 * key is the figure (a row with no value clears it), the older rows are its history.
 * Frozen: never import application code here.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE report_entered_figures (
    id bigserial PRIMARY KEY,
    period_from date NOT NULL,
    period_to date NOT NULL,
    key text NOT NULL,
    value double precision CHECK (value IS NULL OR (value >= 0 AND value <= 1e9)),
    source text CHECK (source IS NULL OR length(source) BETWEEN 1 AND 200),
    source_date date,
    entered_by_user_id uuid REFERENCES users (id),
    entered_by_name text NOT NULL,
    entered_at timestamptz NOT NULL DEFAULT now(),
    CHECK (period_from <= period_to),
    CHECK ((value IS NULL) = (source IS NULL) AND (value IS NULL) = (source_date IS NULL))
  )`.execute(db);
  await sql`CREATE INDEX report_entered_figures_period ON report_entered_figures (period_from, period_to, key, id)`.execute(
    db,
  );
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`DROP TABLE report_entered_figures`.execute(db);
}
